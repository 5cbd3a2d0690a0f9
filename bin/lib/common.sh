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

# port_in_use PORT: something listens on 127.0.0.1:PORT.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# json_field NAME[.NAME...]: one field of the JSON object on standard input (a job's machine-readable answer), a
# number naming a list's element (tables.0.rows); fails when it is not there.
json_field() {
  python3 -c 'import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(str(v).lower() if isinstance(v, bool) else v)' "$1"
}

# tls_local_ca DIR NAME: a CA of the local stack's own (DIR/ca.pem) and a server certificate for 127.0.0.1
# signed by it (DIR/server.key, DIR/server.crt), for the services' TLS listeners; log in DIR.log.
tls_local_ca() {
  local dir=$1 name=$2
  command -v openssl >/dev/null || apt_install openssl
  mkdir -p "$dir"
  (cd "$dir" && umask 077 \
    && openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$name" -keyout ca.key -out ca.pem \
    && openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout server.key -out server.csr \
    && printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > san.ext \
    && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -extfile san.ext \
         -out server.crt) >"$dir.log" 2>&1 \
    || { cat "$dir.log" >&2; die "could not make the TLS certificates for $name"; }
  chmod 644 "$dir/ca.pem" "$dir/server.crt"
}
