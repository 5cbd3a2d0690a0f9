# A Spark standalone cluster on loopback (a master and one worker, executors in JVMs of their own), from the
# Spark distribution that the pinned pyspark carries, and pyspark's spark-submit with SPARK_HOME found for it.
# Sourced by bin/seam (after python.sh). docs/deploy.md says how the jobs run on it and on real clusters.
SPARK_CLUSTER_DIR=$SEAM_STATE/spark
SEAM_SPARK_MASTER_PORT=${SEAM_SPARK_MASTER_PORT:-57077}
SEAM_SPARK_MASTER_UI_PORT=${SEAM_SPARK_MASTER_UI_PORT:-58180}
SEAM_SPARK_WORKER_PORT=${SEAM_SPARK_WORKER_PORT:-57078}
SEAM_SPARK_WORKER_UI_PORT=${SEAM_SPARK_WORKER_UI_PORT:-58181}
# What the worker offers its applications: two cores lets the apply job and parity (spark.cores.max 1 each) run
# side by side, as they do in a migration.
SEAM_SPARK_WORKER_CORES=${SEAM_SPARK_WORKER_CORES:-2}
SEAM_SPARK_WORKER_MEMORY=${SEAM_SPARK_WORKER_MEMORY:-6g}
SPARK_MASTER_URL=spark://127.0.0.1:$SEAM_SPARK_MASTER_PORT

# spark_home: the Spark distribution inside the venv's pyspark (its bin/, jars/).
spark_home() {
  py_ensure_venv
  "$SEAM_VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'
}

# spark_submit ARGS...: pyspark's spark-submit with its SPARK_HOME set (pyspark's own script finds it only with
# the venv's python first on PATH, else it fails with "Could not find valid SPARK_HOME").
spark_submit() {
  local home; home=$(spark_home)
  SPARK_HOME=$home "$home/bin/spark-submit" "$@"
}

spark_master_alive_workers() {
  curl -fsS "http://127.0.0.1:$SEAM_SPARK_MASTER_UI_PORT/json/" 2>/dev/null \
    | python3 -c 'import json, sys; print(json.load(sys.stdin).get("aliveworkers", 0))'
}

spark_has_worker() { [ "$(spark_master_alive_workers)" -ge 1 ]; }

spark_cluster_up() {
  command -v curl >/dev/null || apt_install curl
  local home; home=$(spark_home)
  mkdir -p "$SPARK_CLUSTER_DIR/work"
  if ! pid_alive "$SPARK_CLUSTER_DIR/master.pid"; then
    stage "starting a Spark standalone master on $SPARK_MASTER_URL (web UI 127.0.0.1:$SEAM_SPARK_MASTER_UI_PORT)"
    SPARK_HOME=$home nohup "$home/bin/spark-class" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
      --port "$SEAM_SPARK_MASTER_PORT" --webui-port "$SEAM_SPARK_MASTER_UI_PORT" \
      >"$SPARK_CLUSTER_DIR/master.log" 2>&1 &
    echo $! > "$SPARK_CLUSTER_DIR/master.pid"
    WAIT_SECONDS=90 wait_for spark-master spark_master_alive_workers \
      || { tail -20 "$SPARK_CLUSTER_DIR/master.log" >&2; die "the Spark master did not start (log: $SPARK_CLUSTER_DIR/master.log)"; }
  fi
  if ! pid_alive "$SPARK_CLUSTER_DIR/worker.pid"; then
    stage "starting a Spark worker ($SEAM_SPARK_WORKER_CORES cores, $SEAM_SPARK_WORKER_MEMORY) for $SPARK_MASTER_URL"
    SPARK_HOME=$home SPARK_WORKER_DIR=$SPARK_CLUSTER_DIR/work nohup "$home/bin/spark-class" \
      org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --port "$SEAM_SPARK_WORKER_PORT" \
      --webui-port "$SEAM_SPARK_WORKER_UI_PORT" --cores "$SEAM_SPARK_WORKER_CORES" \
      --memory "$SEAM_SPARK_WORKER_MEMORY" --work-dir "$SPARK_CLUSTER_DIR/work" "$SPARK_MASTER_URL" \
      >"$SPARK_CLUSTER_DIR/worker.log" 2>&1 &
    echo $! > "$SPARK_CLUSTER_DIR/worker.pid"
  fi
  WAIT_SECONDS=90 wait_for spark-worker spark_has_worker \
    || { tail -20 "$SPARK_CLUSTER_DIR/worker.log" >&2; die "no Spark worker registered with $SPARK_MASTER_URL (log: $SPARK_CLUSTER_DIR/worker.log)"; }
}

spark_cluster_down() {
  local p
  for p in worker master; do
    if pid_alive "$SPARK_CLUSTER_DIR/$p.pid"; then
      stage "stopping the Spark $p"
      kill "$(cat "$SPARK_CLUSTER_DIR/$p.pid")"
      WAIT_SECONDS=30 wait_for "spark-$p-stop" bash -c "! kill -0 $(cat "$SPARK_CLUSTER_DIR/$p.pid") 2>/dev/null" \
        || kill -9 "$(cat "$SPARK_CLUSTER_DIR/$p.pid")" 2>/dev/null || true
    fi
    rm -f "$SPARK_CLUSTER_DIR/$p.pid"
  done
}

spark_cluster_status() {
  if pid_alive "$SPARK_CLUSTER_DIR/master.pid"; then
    echo "spark       up    $SPARK_MASTER_URL, $(spark_master_alive_workers || echo 0) worker(s) (web UI http://127.0.0.1:$SEAM_SPARK_MASTER_UI_PORT)"
  else
    echo "spark       down"
  fi
}
