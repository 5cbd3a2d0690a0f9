# bin/seam stream start|stop|status --config FILE: Debezium Server and the apply-cdc job of a migration.

stream_workdir() {
  local abs; abs=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  echo "$SEAM_STATE/stream/$(printf '%s' "$abs" | md5sum | cut -c1-12)"
}

stream_main() {
  local sub=${1:-}; [ $# -gt 0 ] && shift
  local config="" debezium_only=0 json=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --config) config=$2; shift 2 ;;
      --debezium-only) debezium_only=1; shift ;;
      --json) json=(--json); shift ;;
      *) die "unknown stream option $1 (--config FILE, --debezium-only, --json)" ;;
    esac
  done
  [ -n "$config" ] || die "usage: bin/seam stream start|stop|status --config FILE [--json]"
  [ -f "$config" ] || die "no migration config at $config"
  local work; work=$(stream_workdir "$config")
  mkdir -p "$work"
  case "$sub" in
    start) stream_start "$config" "$work" "$debezium_only" ;;
    stop) stream_stop "$work" ;;
    status) stream_status "$work" "$config" "${json[@]}" ;;
    *) die "unknown stream command '$sub' (start, stop, status)" ;;
  esac
}

stream_start() {
  local config=$1 work=$2 debezium_only=$3
  mkdir -p "$work"
  kafka_listening || die "Kafka is not reachable on 127.0.0.1:$SEAM_KAFKA_PORT: start it with bin/seam stack up"
  local out password http_port
  if pid_alive "$work/debezium.pid"; then http_port=$(cat "$work/debezium.http-port" 2>/dev/null || echo 58080)
  else http_port=$(debezium_http_port); fi
  out=$(run_job apply-cdc io.seam.cdc.debezium.DebeziumConfigCommand --config "$config" --out "$work" \
    --http-port "$http_port" 2>"$work/config.log") \
    || { grep "\[seam\] " "$work/config.log" >&2 || tail -5 "$work/config.log" >&2
         die "could not generate the Debezium config: see the error above"; }
  grep "\[seam\] change topic " "$work/config.log" >&2 || true
  local source topic
  source=$(json_field passwordSource <<<"${out##*$'\n'}") && topic=$(json_field changeTopic <<<"${out##*$'\n'}") \
    || die "unexpected answer from the Debezium config job: ${out##*$'\n'}"
  case "$source" in
    file:*) password=$(cat "${source#file:}") || die "cannot read the password file ${source#file:}" ;;
    env:*) local var=${source#env:}; password=${!var:-}; [ -n "$password" ] || die "environment variable $var (source.password_env) is not set" ;;
    *) die "unexpected password source '$source'" ;;
  esac
  kafka_topic_create "$topic"
  echo "$http_port" > "$work/debezium.http-port"
  debezium_start "$work" "$password"
  debezium_wait_streaming "$work"
  stage "Debezium Server streaming slot changes into topic $topic"
  if [ "$debezium_only" = 0 ] && ! pid_alive "$work/apply.pid"; then
    ensure_built
    nohup "$SEAM_HOME/bin/seam" apply-cdc --config "$config" >"$work/apply.log" 2>&1 &
    echo $! > "$work/apply.pid"
    stage "apply-cdc started (log: $work/apply.log)"
  fi
}

# debezium_http_port: the HTTP (health) port for this migration's Debezium Server: SEAM_DEBEZIUM_HTTP_PORT if set
# (refused when another process holds it), else the first free one from 58080, so two migrations on one host
# each get their own.
debezium_http_port() {
  local port
  if [ -n "${SEAM_DEBEZIUM_HTTP_PORT:-}" ]; then
    ! port_in_use "$SEAM_DEBEZIUM_HTTP_PORT" || die "Debezium Server's HTTP port $SEAM_DEBEZIUM_HTTP_PORT" \
      "(SEAM_DEBEZIUM_HTTP_PORT) is in use by another process: another migration's Debezium Server? Give each" \
      "migration on this host its own port, or unset it to take the first free one from 58080"
    echo "$SEAM_DEBEZIUM_HTTP_PORT"; return
  fi
  for port in $(seq 58080 58179); do
    port_in_use "$port" || { echo "$port"; return; }
  done
  die "no free port for Debezium Server's HTTP server in 58080-58179: set SEAM_DEBEZIUM_HTTP_PORT to a free one"
}

stream_stop() {
  local work=$1
  if pid_alive "$work/apply.pid"; then
    stage "stopping apply-cdc"
    pkill -TERM -P "$(cat "$work/apply.pid")" 2>/dev/null || true
    kill -TERM "$(cat "$work/apply.pid")" 2>/dev/null || true
    WAIT_SECONDS=60 wait_for apply-stop bash -c "! kill -0 $(cat "$work/apply.pid") 2>/dev/null" || true
  fi
  rm -f "$work/apply.pid"
  debezium_stop "$work"
}

stream_status() {
  local work=$1 config=$2; shift 2
  if [ "${1:-}" = --json ]; then stream_status_json "$config"; return; fi
  # Whether the apply job runs, and whether Debezium reads the slot, come from what they record (the lake, the
  # source), true wherever they run; this host's process ids only point at local logs.
  # Seam's own lines from standard error (a config error), not the Kafka client's warnings while it retries.
  run_job apply-cdc io.seam.cdc.StreamStatusJob --config "$config" 2>"$work/status.log" \
    || { grep "\[seam\] " "$work/status.log" >&2 || true; }
  if pid_alive "$work/debezium.pid"; then echo "this host   Debezium Server pid $(cat "$work/debezium.pid"), log $work/debezium.log"; fi
  if pid_alive "$work/apply.pid"; then echo "this host   apply-cdc pid $(cat "$work/apply.pid"), log $work/apply.log"; fi
}

# stream_status_json CONFIG: the jobs' own status of the stream, one JSON object (exit 2 when part of it could
# not be read; what could is still printed).
stream_status_json() { run_job apply-cdc io.seam.cdc.StreamStatusJob --config "$1" --json 2>/dev/null; }

# stream_status_field CONFIG FIELD: one field of it.
stream_status_field() { { stream_status_json "$1" || true; } | json_field "$2"; }

# bin/seam finish --config FILE [--force]: the final parity while the stream runs, then the stream stopped,
# then the slot and publication dropped (each step a job that says what it did: docs/parity.md).
finish_main() {
  local config="" force=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --config) config=$2; shift 2 ;;
      --force) force=(--force); shift ;;
      *) die "unknown finish option $1 (--config FILE, --force)" ;;
    esac
  done
  [ -n "$config" ] || die "usage: bin/seam finish --config FILE [--force]"
  [ -f "$config" ] || die "no migration config at $config"
  local rc=0
  run_job parity io.seam.parity.FinishJob --config "$config" --verify "${force[@]}" || rc=$?
  [ "$rc" = 0 ] || exit "$rc"
  stream_stop "$(stream_workdir "$config")"
  run_job parity io.seam.parity.FinishJob --config "$config" --retire "${force[@]}"
}
