# Shared helpers for bin/seam. Sourced, never executed.
SEAM_HOME=${SEAM_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
SEAM_STATE=${SEAM_STATE_DIR:-$SEAM_HOME/.seam}
export SEAM_HOME SEAM_STATE
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}

stage() { printf '[seam] %s\n' "$*" >&2; }
die() { printf '[seam] error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $* (install it yourself or run as root)"; fi
}

apt_install() {
  stage "installing $* with apt-get"
  if [ ! -f "$SEAM_STATE/.apt-updated" ]; then
    as_root apt-get update -qq >/dev/null || die "apt-get update failed"
    mkdir -p "$SEAM_STATE" && touch "$SEAM_STATE/.apt-updated"
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
    || die "apt-get install $* failed"
}

# Waits until "$@" succeeds, up to $WAIT_SECONDS (default 60).
wait_for() {
  local what=$1; shift
  local deadline=$(( $(date +%s) + ${WAIT_SECONDS:-60} ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
