# bin/seam chaos: the fault matrix against the real local stack under a write load. The scenarios are a test of
# the project's own suite (io.seam.chaos.FaultMatrixIT, RELIABILITY.md): each injects its fault, recovers the way
# an operator would (bin/seam stream start is idempotent), waits for the stream to catch up and ends with a parity
# run at a frozen position. This runs it with the chosen scenarios; a run of all of them rewrites RELIABILITY.md's
# results. bin/seam test runs the quick subset inside the suite. Sourced by bin/seam.

chaos_main() {
  local scenarios=all orders=20000 rate=20
  while [ $# -gt 0 ]; do
    case "$1" in
      --fast) scenarios=fast; shift ;;
      --only) scenarios=$2; shift 2 ;;
      --orders) orders=$2; shift 2 ;;
      --rate) rate=$2; shift 2 ;;
      *) die "unknown chaos option $1 (--fast, --only NAME[,NAME], --orders N, --rate TPS)" ;;
    esac
  done
  ensure_build_tools
  pg_up; kafka_up; debezium_ensure_installed; debezium_java >/dev/null
  stage "chaos: scenarios $scenarios ($orders orders, load ~$rate tx/s); the build runs only the fault matrix"
  # -am builds the jobs the scenarios run (bin/seam's own commands use their packaged classes); no other test runs.
  (cd "$SEAM_HOME" && mvn -B verify -pl jobs/parity -am -Dtest=ReliabilityTableTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=FaultMatrixIT -Dfailsafe.failIfNoSpecifiedTests=false \
    -Dseam.chaos.scenarios="$scenarios" -Dseam.chaos.orders="$orders" -Dseam.chaos.rate="$rate") \
    || die "the fault matrix failed: a scenario did not end in clean parity or its designed stop (table above)"
}
