"""The demo (bin/seam demo: backfill, Debezium Server, the apply job, parity, under a live load) run with the
local stack's password: the password never appears in its output, its lake (manifest, tables, reports),
the stream's files (generated Debezium config, offsets, logs), or any process's arguments while it runs."""
import os
import subprocess
import threading
from pathlib import Path

from leakscan import files_holding, processes_holding

REPO = Path(__file__).resolve().parents[1]


def test_the_demo_never_shows_the_source_password():
    secret = (REPO / ".seam" / "secrets" / "pg-password").read_text().strip().encode()
    seen_in_processes, done = [], threading.Event()

    def watch():  # the jobs' and Debezium's arguments while they run, not only afterwards
        while not done.is_set():
            seen_in_processes.extend(processes_holding(secret))
            done.wait(0.5)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        run = subprocess.run([str(REPO / "bin" / "seam"), "demo", "--keep-stack", "--orders", "3000", "--rate", "20"],
                             cwd=REPO, env={**os.environ, "SEAM_HOME": str(REPO)}, capture_output=True, timeout=900)
    finally:
        done.set()
        watcher.join()
    output = run.stdout + run.stderr
    assert run.returncode == 0, output.decode(errors="replace")[-3000:]
    assert b"parity CLEAN" in output, "the demo did not end with a clean parity run"
    assert secret not in output, "the password appeared in the demo's output"
    scanned, leaks = files_holding(secret, [REPO / ".seam" / "demo", REPO / ".seam" / "stream"])
    assert scanned > 50, f"scanned only {scanned} files: the demo left less than expected"
    assert leaks == [] and seen_in_processes == []
