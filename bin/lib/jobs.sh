# Building and running the job mains locally, with an embedded Spark. Sourced by bin/seam.

ensure_build_tools() {
  command -v java >/dev/null || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null || apt_install maven
}

# Rebuilds when a jar is missing or any source/pom is newer than it.
ensure_built() {
  [ -z "${SEAM_SKIP_BUILD:-}" ] || return 0  # tests run inside a build that already packaged the jobs
  ensure_build_tools
  # A stamp of our own: Maven leaves unchanged outputs untouched, so no build output can serve as one.
  local stamp=$SEAM_STATE/build.stamp
  if [ ! -f "$stamp" ] || [ ! -f "$SEAM_HOME/jobs/parity/target/classpath.txt" ] \
    || [ -n "$(find "$SEAM_HOME/jobs" "$SEAM_HOME/pom.xml" -path '*/target' -prune -o \( -name '*.java' -o -name '*.xml' \) -newer "$stamp" -print -quit)" ]; then
    stage "building the jobs (mvn package)"
    (cd "$SEAM_HOME" && mvn -B -q -DskipTests package) >"$SEAM_STATE/build.log" 2>&1 \
      || { tail -40 "$SEAM_STATE/build.log" >&2; die "build failed (log: $SEAM_STATE/build.log)"; }
    touch "$stamp"
  fi
}

# run_job MODULE MAIN_CLASS ARGS...: the same main spark-submit runs, on local[*].
run_job() {
  local module=$1 main=$2; shift 2
  mkdir -p "$SEAM_STATE"
  ensure_built
  local cp opts
  cp="$SEAM_HOME/jobs/$module/target/classes:$(cat "$SEAM_HOME/jobs/$module/target/classpath.txt")"
  mapfile -t opts < <(grep -v '^#' "$SEAM_HOME/conf/jvm.options" | grep -v '^$')
  java "${opts[@]}" ${SEAM_JAVA_OPTS:-} \
    -Dspark.master="${SEAM_SPARK_MASTER:-local[*]}" \
    -Dspark.driver.host=127.0.0.1 \
    -Dspark.ui.enabled=false \
    -Dspark.sql.warehouse.dir="$SEAM_STATE/spark-warehouse" \
    -Dlog4j2.configurationFile="$SEAM_HOME/conf/log4j2.properties" \
    -cp "$cp" "$main" "$@"
}

# migration_status --config FILE [--json]: where the migration stands, as its jobs recorded it (MigrationStatusJob):
# what scripts read instead of log lines or generated files. Spark's and the job's log lines go to standard error.
migration_status() { run_job parity io.seam.parity.MigrationStatusJob "$@"; }
