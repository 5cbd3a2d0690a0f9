# Debezium Server from its Maven Central distribution, run per migration. Sourced by bin/seam.
SEAM_DEBEZIUM_VERSION=${SEAM_DEBEZIUM_VERSION:-3.6.3.Final}
DBZ_HOME=$SEAM_STATE/debezium/debezium-server

debezium_ensure_installed() {
  [ -f "$DBZ_HOME/.complete" ] && return 0
  ensure_build_tools
  stage "fetching Debezium Server $SEAM_DEBEZIUM_VERSION from Maven Central (large, once)"
  local dl=$SEAM_STATE/debezium/download
  mkdir -p "$dl"
  mvn -B -q -f "$SEAM_HOME/stack/pom.xml" dependency:copy -Dartifact="io.debezium:debezium-server-dist:$SEAM_DEBEZIUM_VERSION:tar.gz" \
    -DoutputDirectory="$dl" >"$SEAM_STATE/debezium/fetch.log" 2>&1 \
    || { tail -20 "$SEAM_STATE/debezium/fetch.log" >&2; die "could not fetch Debezium Server (log: $SEAM_STATE/debezium/fetch.log)"; }
  # The PostgreSQL connector and the Kafka sink are in lib/; connectors/ holds other databases only.
  tar xzf "$dl"/debezium-server-dist-*.tar.gz -C "$SEAM_STATE/debezium" --exclude='debezium-server/connectors'
  rm -rf "$dl"
  touch "$DBZ_HOME/.complete"
}

# A JDK >= 21 (Debezium Server 3.x needs it): SEAM_DEBEZIUM_JAVA_HOME, JAVA_HOME, then /usr/lib/jvm.
debezium_java() {
  local c v
  for c in "${SEAM_DEBEZIUM_JAVA_HOME:-}" "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -V -r); do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ "${v%%.*}" -ge 21 ] 2>/dev/null; then echo "$c/bin/java"; return 0; fi
  done
  die "Debezium Server $SEAM_DEBEZIUM_VERSION needs Java 21 or newer and none was found (looked at \$SEAM_DEBEZIUM_JAVA_HOME, \$JAVA_HOME, /usr/lib/jvm/*). Install a JDK >= 21 and set SEAM_DEBEZIUM_JAVA_HOME to it"
}

# debezium_start WORKDIR PASSWORD_FILE_OR_ENV: WORKDIR holds config/application.properties.
debezium_start() {
  local work=$1 password=$2 java
  debezium_ensure_installed
  java=$(debezium_java)
  if pid_alive "$work/debezium.pid"; then return 0; fi
  stage "starting Debezium Server ($(basename "$work"))"
  # Quarkus reads config/application.properties from the working directory.
  (cd "$work" || exit 1
   SEAM_DEBEZIUM_PASSWORD=$password nohup "$java" -Xms256m -Xmx1g \
     -cp "$DBZ_HOME/debezium-server-dist-$SEAM_DEBEZIUM_VERSION-runner.jar:$DBZ_HOME/config/lib:$DBZ_HOME/lib/*" \
     io.debezium.server.Main >"$work/debezium.log" 2>&1 &
   echo $! > "$work/debezium.pid")
}

debezium_stop() {
  local work=$1
  if pid_alive "$work/debezium.pid"; then
    stage "stopping Debezium Server ($(basename "$work"))"
    kill "$(cat "$work/debezium.pid")" 2>/dev/null || true
    WAIT_SECONDS=30 wait_for debezium-stop bash -c "! kill -0 $(cat "$work/debezium.pid") 2>/dev/null" \
      || kill -9 "$(cat "$work/debezium.pid")" 2>/dev/null || true
  fi
  rm -f "$work/debezium.pid"
}

debezium_wait_streaming() {
  local work=$1 deadline=$(( $(date +%s) + 120 ))
  until grep -q "Starting streaming" "$work/debezium.log" 2>/dev/null; do
    pid_alive "$work/debezium.pid" || { grep -iE "error|exception|in use" "$work/debezium.log" | tail -5 >&2; die "Debezium Server stopped (log: $work/debezium.log)"; }
    [ "$(date +%s)" -lt "$deadline" ] || die "Debezium Server did not start streaming in 120 s (log: $work/debezium.log)"
    sleep 1
  done
}
