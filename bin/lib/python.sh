# The Python side (Airflow, pyspark's spark-submit, the notebook's kernel) in a virtualenv of its own,
# installed from the pinned requirements.txt. Sourced by bin/seam.
SEAM_VENV=$SEAM_STATE/venv

# Creates or refreshes the venv when requirements.txt changed; prints nothing when it is current.
py_ensure_venv() {
  local want have=""
  want=$(sha256sum "$SEAM_HOME/requirements.txt" | cut -c1-16)
  [ -f "$SEAM_VENV/.requirements" ] && have=$(cat "$SEAM_VENV/.requirements")
  [ "$want" = "$have" ] && return 0
  command -v python3 >/dev/null || apt_install python3
  if [ ! -x "$SEAM_VENV/bin/python" ]; then
    # Debian's python3 creates a venv only with python3-venv installed.
    python3 -m venv "$SEAM_VENV" 2>/dev/null || { rm -rf "$SEAM_VENV"; apt_install python3-venv; python3 -m venv "$SEAM_VENV"; }
  fi
  stage "installing the Python side (Airflow, pyspark, papermill) from requirements.txt into $SEAM_VENV"
  "$SEAM_VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$SEAM_HOME/requirements.txt" \
    >"$SEAM_STATE/pip.log" 2>&1 || { tail -30 "$SEAM_STATE/pip.log" >&2; die "pip install failed (log: $SEAM_STATE/pip.log)"; }
  echo "$want" > "$SEAM_VENV/.requirements"
}

# The DAG's and the notebook's tests: real Airflow and papermill against the local stack and real job output.
py_test() {
  py_ensure_venv
  stage "Airflow DAG, parity notebook and demo secret tests (pytest)"
  (cd "$SEAM_HOME" && SEAM_HOME="$SEAM_HOME" "$SEAM_VENV/bin/python" -m pytest -q -p no:cacheprovider --durations=12 \
    airflow/tests notebooks/tests tests "$@")
}
