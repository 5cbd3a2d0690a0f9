"""The backfill, the apply job and parity submitted to a real Spark standalone cluster (bin/seam spark up: a master
and a worker on loopback, executors in JVMs of their own) with the spark-submit command docs/deploy.md gives,
read from that document, under a live write load; parity must come out CLEAN. On the way: the split reads ran on
the executors, `stream status` says where the apply job's driver runs and that it stopped, Seam's own lines
stand out of Spark's, Debezium Server finds a free port when another migration's holds the default one, and the password is in none of the executors' and worker's files, environments or
arguments (they were started without it: the tasks carry it)."""
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

from leakscan import files_holding, processes_holding

REPO = Path(__file__).resolve().parents[1]
DB = "seam_cluster_e2e"
SLOT = "seam_cluster_e2e_slot"
STATE = REPO / ".seam"
CLASSES = {"backfill": "io.seam.backfill.BackfillJob", "apply-cdc": "io.seam.cdc.ApplyCdcJob",
           "parity": "io.seam.parity.ParityJob"}


def seam(*args, env=None, timeout=600, check=True):
    out = subprocess.run([str(REPO / "bin" / "seam"), *args], cwd=REPO, env=env or os.environ, capture_output=True,
                         text=True, timeout=timeout)
    if check and out.returncode != 0:
        raise AssertionError(f"bin/seam {' '.join(args)} exited {out.returncode}:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return out


def admin_sql(sql):
    seam("stack", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql)


def documented_submit():
    """The standalone spark-submit block of docs/deploy.md, as written."""
    text = (REPO / "docs" / "deploy.md").read_text()
    block = re.search(r"<!-- spark-submit: standalone -->\n```bash\n(.*?)```\n<!-- end -->", text, re.S)
    assert block, "docs/deploy.md lost its standalone spark-submit block"
    return block.group(1)


def spark_home():
    return subprocess.run([str(STATE / "venv" / "bin" / "python"), "-c",
                           "import os, pyspark; print(os.path.dirname(pyspark.__file__))"],
                          capture_output=True, text=True, check=True).stdout.strip()


def submit(job, config, env, *args, background=False, log=None):
    """The documented command for JOB, with pyspark's spark-submit on PATH as a user's would be."""
    home = spark_home()
    env = {**env, "SPARK_HOME": home, "PATH": f"{home}/bin:{env['PATH']}", "MASTER": "spark://127.0.0.1:57077",
           "JOB": job, "CLASS": CLASSES[job], "CONFIG": str(config), "ARGS": " ".join(args)}
    command = ["bash", "-c", "set -e\n" + documented_submit()]
    if background:
        return subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=900)


def stream_status(config, env):
    out = seam("stream", "status", "--config", str(config), "--json", env=env, check=False)
    return json.loads(out.stdout.strip().splitlines()[-1])


def wait_until(what, test, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if test():
            return
        time.sleep(2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def executor_logs(app_id):
    return sorted((STATE / "spark" / "work" / app_id).glob("*/stderr"))


def test_backfill_stream_and_parity_on_a_spark_cluster(tmp_path):
    seam("stack", "up")
    seam("spark", "up", env={k: v for k, v in os.environ.items() if k != "SEAM_SOURCE_PASSWORD"})
    password = (STATE / "secrets" / "pg-password").read_text().strip()
    secret = password.encode()
    admin_sql(f"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '{SLOT}'")
    admin_sql(f"DROP DATABASE IF EXISTS {DB}")
    admin_sql(f"CREATE DATABASE {DB} OWNER seam")
    port = os.environ.get("SEAM_PG_PORT", "55432")
    pg = {**os.environ, "PGPASSWORD": password}
    connect = ["-h", "127.0.0.1", "-p", port, "-U", "seam"]
    psql = next(Path("/usr/lib/postgresql").glob("*/bin/psql"))
    subprocess.run([str(psql), "-X", "-q", "-v", "ON_ERROR_STOP=1", *connect, "-d", DB, "-v", "orders=20000",
                    "-v", "customers=1000", "-f", str(REPO / "demo" / "orders-schema.sql")],
                   env=pg, check=True, capture_output=True, timeout=300)
    config = tmp_path / "migration.yaml"
    config.write_text(f"""source: {{host: 127.0.0.1, port: {port}, database: {DB}, user: seam, password_env: SEAM_SOURCE_PASSWORD}}
target: {{path: {tmp_path}/lake}}
replication: {{slot: {SLOT}, publication: seam_cluster_e2e_pub}}
stream: {{topic_prefix: seam_cluster_e2e_{int(time.time())}}}
backfill: {{splits: 4}}
parity: {{wait_timeout_seconds: 300}}
""" + (REPO / "demo" / "tables.yaml").read_text())
    env = {**os.environ, "SEAM_SOURCE_PASSWORD": password, "SEAM_SKIP_BUILD": "1"}
    load = subprocess.Popen(
        [str(psql.with_name("pgbench")), "-n", *connect, "-c", "1", "-R", "20", "-T", "3600",
         "-D", "orders=20000", "-D", "customers=1000", "-f", f"{REPO}/demo/load/insert.sql@5",
         "-f", f"{REPO}/demo/load/update.sql@4", "-f", f"{REPO}/demo/load/delete.sql@1", DB],
        env=pg, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    seen_in_processes, done = [], threading.Event()

    def watch():  # every process's arguments, and the worker's and executors' environments, while the jobs run
        while not done.is_set():
            seen_in_processes.extend(processes_holding(secret))
            seen_in_processes.extend(cluster_environments_holding(secret))
            done.wait(1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    apply = None
    apply_log = tmp_path / "apply-cdc.log"
    try:
        backfill = submit("backfill", config, env)
        assert backfill.returncode == 0, backfill.stdout[-3000:] + backfill.stderr[-3000:]
        output = backfill.stdout + backfill.stderr
        # Seam's lines stand out: Spark's INFO chatter is gone without any logging configuration passed.
        assert "[seam] " in output and " INFO " not in output, output[-3000:]
        backfill_app = re.search(r"app-\d{14}-\d{4}", "\n".join(p.name for p in (STATE / "spark" / "work").iterdir()))
        assert backfill_app, "no application ran on the worker"

        # Another migration's Debezium Server on this host holds the default HTTP port: this one takes the next.
        with socket.socket() as taken:
            taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                taken.bind(("127.0.0.1", 58080))
                taken.listen()
            except OSError:
                pass  # something holds it already: the same case
            seam("stream", "start", "--config", str(config), "--debezium-only", env=env, timeout=300)
        with open(apply_log, "w") as log:
            apply = submit("apply-cdc", config, env, background=True, log=log)
        wait_until("stream status to say the apply job runs on the cluster",
                   lambda: stream_status(config, env).get("applier", {}).get("state") == "RUNNING", 240)
        record = stream_status(config, env)["applier"]["record"]
        assert record["master"] == "spark://127.0.0.1:57077" and record["applicationId"].startswith("app-")
        human = seam("stream", "status", "--config", str(config), env=env, check=False).stdout
        assert "apply-cdc   up    driver on " in human and record["applicationId"] in human, human

        parity = submit("parity", config, env)
        assert parity.returncode == 0, parity.stdout[-3000:] + parity.stderr[-3000:]
        assert "parity CLEAN" in parity.stdout + parity.stderr

        # The split reads and the comparison ran in executors of their own: each application's executor log on
        # the worker shows tasks finished.
        apps = sorted(p.name for p in (STATE / "spark" / "work").iterdir())
        ran = [a for a in apps if any("Finished task" in f.read_text(errors="replace") for f in executor_logs(a))]
        assert record["applicationId"] in ran and len(ran) >= 3, f"applications with executor tasks: {ran} of {apps}"

        os.killpg(apply.pid, signal.SIGTERM)
        apply.wait(timeout=120)
        wait_until("stream status to say the apply job stopped",
                   lambda: stream_status(config, env)["applier"]["state"] == "STOPPED", 60)
    finally:
        done.set()
        watcher.join()
        os.killpg(load.pid, signal.SIGTERM)
        if apply is not None and apply.poll() is None:
            os.killpg(apply.pid, signal.SIGKILL)
        seam("stream", "stop", "--config", str(config), env=env, check=False)
    scanned, leaks = files_holding(secret, [STATE / "spark", tmp_path])
    assert scanned > 20, f"scanned only {scanned} files"
    assert leaks == [] and sorted(set(seen_in_processes)) == [], (leaks, sorted(set(seen_in_processes)))


def cluster_environments_holding(secret):
    """The Spark worker and executor processes whose environment holds the secret."""
    return [f"environment of {p.parent.name}" for p in Path("/proc").glob("[0-9]*/environ")
            if re.search(rb"deploy\.worker\.Worker|CoarseGrainedExecutorBackend", _read(p.with_name("cmdline")))
            and secret in _read(p)]


def _read(path):
    try:
        return path.read_bytes()
    except OSError:
        return b""
