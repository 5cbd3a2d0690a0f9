"""seam_migration end to end under real Airflow (`airflow dags test`) against the local stack: a small
orders database under a live write load, the jobs submitted with pyspark's spark-submit, the stream
started from the DAG. Run twice: the second run finds the backfill COMPLETE and skips it, and with two
clean parity runs in a row (and no soak period) the migration is cutover-ready."""

import glob
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DAGS, REPO, airflow

sys.path.insert(0, str(REPO / "tests"))
from leakscan import files_holding, processes_holding  # noqa: E402  (the project's shared scan)

DB = "seam_airflow_e2e"
SLOT = "seam_airflow_e2e_slot"


def seam(*args, env=None, timeout=300):
    out = subprocess.run([str(REPO / "bin" / "seam"), *args], env=env or os.environ, capture_output=True,
                         text=True, timeout=timeout)
    assert out.returncode == 0, f"bin/seam {' '.join(args)} exited {out.returncode}:\n{out.stdout}\n{out.stderr}"
    return out.stdout


def admin_sql(sql):
    return seam("stack", "psql", "-At", "-c", sql)


def psql_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))
    assert found, "no PostgreSQL client: bin/seam stack up installs it"
    return found[-1]


def drop_database():
    admin_sql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{DB}' AND pid <> pg_backend_pid()")
    admin_sql(f"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '{SLOT}'")
    admin_sql(f"DROP DATABASE IF EXISTS {DB}")


@pytest.fixture(scope="module")
def migration(tmp_path_factory, airflow_db):
    jars = glob.glob(str(REPO / "jobs" / "*" / "target" / "*-spark-submit.jar"))
    assert len(jars) >= 3, "the job jars are not built: run bin/seam build (bin/seam test builds them first)"
    seam("stack", "up")
    password = (REPO / ".seam" / "secrets" / "pg-password").read_text().strip()
    drop_database()
    admin_sql(f"CREATE DATABASE {DB} OWNER seam")
    pg = {**os.environ, "PGPASSWORD": password}
    connect = ["-h", "127.0.0.1", "-p", os.environ.get("SEAM_PG_PORT", "55432"), "-U", "seam", "-d", DB]
    subprocess.run([psql_bin(), "-X", "-q", "-v", "ON_ERROR_STOP=1", *connect, "-v", "orders=3000", "-v",
                    "customers=300", "-f", str(REPO / "demo" / "orders-schema.sql")],
                   env=pg, check=True, capture_output=True, timeout=120)
    # The live load the demo uses, slower: the source keeps moving through every task of both runs.
    load = subprocess.Popen(
        [str(Path(psql_bin()).with_name("pgbench")), "-n", *connect[:-2], "-c", "1", "-R", "5", "-T", "3600",
         "-D", "orders=3000", "-D", "customers=300",
         "-f", f"{REPO}/demo/load/insert.sql@5", "-f", f"{REPO}/demo/load/update.sql@4",
         "-f", f"{REPO}/demo/load/delete.sql@1", DB],
        env=pg, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    work = tmp_path_factory.mktemp("airflow-e2e")
    config = work / "migration.yaml"
    config.write_text(f"""# The DAG hands the source connection in as SEAM_SOURCE_* (airflow/README.md).
source:
  host: ${{SEAM_SOURCE_HOST}}
  port: ${{SEAM_SOURCE_PORT:-5432}}
  database: ${{SEAM_SOURCE_DATABASE}}
  user: ${{SEAM_SOURCE_USER}}
  password_env: SEAM_SOURCE_PASSWORD
{{TABLES}}
target:
  path: {work}/lake
replication:
  slot: {SLOT}
  publication: seam_airflow_e2e_pub
stream:
  topic_prefix: seam_airflow_e2e_{int(time.time())}
parity:
  wait_timeout_seconds: 300
  cutover_clean_runs: 2
  cutover_soak_minutes: 0
""".replace("{TABLES}", (REPO / "demo" / "tables.yaml").read_text()))
    env = {
        **os.environ,
        "PATH": f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}",  # pyspark's spark-submit
        "SEAM_SKIP_BUILD": "1",
        "AIRFLOW_CONN_SEAM_SPARK": json.dumps({"conn_type": "spark", "host": "local[2]"}),
        "AIRFLOW_CONN_SEAM_SOURCE": json.dumps({
            "conn_type": "postgres", "host": "127.0.0.1", "port": int(os.environ.get("SEAM_PG_PORT", "55432")),
            "schema": DB, "login": "seam", "password": password}),
        "AIRFLOW_VAR_SEAM_CONFIG": str(config),
        "AIRFLOW_VAR_SEAM_SHADOW_QUERIES": str(REPO / "demo" / "shadow"),
        "AIRFLOW_VAR_SEAM_HOME": str(REPO),
        "AIRFLOW_VAR_SEAM_DRIVER_MEMORY": "1g",
    }
    yield {"env": env, "config": config, "lake": work / "lake", "password": password}
    os.killpg(load.pid, signal.SIGTERM)
    seam("stream", "stop", "--config", str(config), env={**env, "SEAM_SOURCE_PASSWORD": password})
    drop_database()


def dags_test(m, logical_date):
    out = airflow("dags", "test", "seam_migration", logical_date, env=m["env"], timeout=1800, check=False)
    runs = json.loads(airflow("dags", "list-runs", "seam_migration", "-o", "json", env=m["env"]).stdout.splitlines()[-1])
    run = next(r for r in runs if r["logical_date"].startswith(logical_date[:10]))
    states = json.loads(airflow("tasks", "states-for-dag-run", "seam_migration", run["run_id"], "-o", "json",
                                env=m["env"]).stdout.splitlines()[-1])
    log = out.stdout + out.stderr
    assert m["password"] not in log, "the source password appeared in Airflow's output"
    return out.returncode, run["state"], {s["task_id"]: s["state"] for s in states}, log


def test_first_run_backfills_streams_and_proves_parity(migration):
    rc, state, tasks, log = dags_test(migration, "2026-01-01T00:00:00+00:00")
    assert (rc, state) == (0, "success"), log[-6000:]
    assert tasks == {"backfill": "success", "start_stream": "success", "wait_for_catch_up": "success",
                     "parity": "success", "shadow": "success", "cutover_check": "skipped"}, log[-6000:]
    manifest = json.loads((migration["lake"] / "_seam" / "manifest.json").read_text())
    assert manifest["status"] == "COMPLETE" and manifest["slot"] == SLOT
    assert {t["table"] for t in manifest["tables"]} == {"public.customers", "public.orders", "public.order_items"}
    report = json.loads((migration["lake"] / "_seam" / "parity" / "latest.json").read_text())
    assert report["verdict"] == "CLEAN", report.get("message")
    assert sum(t["sourceRows"] for t in report["tables"]) > 3000
    shadow = json.loads((migration["lake"] / "_seam" / "shadow" / "latest.json").read_text())
    assert shadow["verdict"] == "CLEAN" and len(shadow["queries"]) == 4, shadow.get("message")
    assert "not cutover-ready yet" in log


def test_a_rerun_skips_the_backfill_and_reaches_cutover_readiness(migration):
    rc, state, tasks, log = dags_test(migration, "2026-01-02T00:00:00+00:00")
    assert (rc, state) == (0, "success"), log[-6000:]
    assert tasks == {t: "success" for t in
                     ["backfill", "start_stream", "wait_for_catch_up", "parity", "shadow", "cutover_check"]}, log[-6000:]
    assert "backfill already COMPLETE" in log
    assert "cutover-ready" in log
    history = sorted((migration["lake"] / "_seam" / "parity" / "reports").iterdir())
    assert len(history) == 2


def test_the_source_password_is_nowhere_on_disk_or_in_process_arguments(migration):
    """After both runs, with the stream still running: not in the lake (manifest, reports, tables), not in
    the stream's files (generated Debezium config, offsets, logs), not in Airflow's logs, not in any
    process's arguments."""
    secret = migration["password"].encode()
    roots = [migration["lake"], REPO / ".seam" / "stream", Path(os.environ["AIRFLOW_HOME"])]
    scanned, leaks = files_holding(secret, roots)
    assert scanned > 50, f"scanned only {scanned} files: the runs left less than expected"
    assert any((REPO / ".seam" / "stream").rglob("application.properties")), "no generated Debezium config to check"
    assert leaks + processes_holding(secret) == []
