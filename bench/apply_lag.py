"""Commit-to-visible lag of the changes committed in a time window, from the migration's change log.

A change becomes visible to what analysts query (the live view: base table + change log) when the log commit
that appends it lands: its _delta_log/NNN.json file is created. Each appended row carries source_ts_us (the
source commit time). This reads every append commit of the log since FROM (its add actions name the Parquet
files written; the compactor's deletes only add deletion vectors, so those files stay readable for the log's
one-hour retention) and prints "rows p50 p99 max" in seconds over rows whose source commit is in [FROM, TO]
(epoch seconds), optionally of one table only. Run by bench/apply."""
import json
import os
import sys
from urllib.parse import unquote, urlparse

from delta_session import delta_session

log_path, t_from, t_to = os.path.abspath(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
only_table = sys.argv[4] if len(sys.argv) > 4 else None
delta_log = os.path.join(log_path, "_delta_log")
visible = {}  # data file -> when its commit became visible (the commit file's mtime)
for name in sorted(os.listdir(delta_log)):
    if not name.endswith(".json") or name.startswith("."):
        continue
    commit = os.path.join(delta_log, name)
    at = os.stat(commit).st_mtime
    if at < t_from:
        continue
    with open(commit) as f:
        actions = [json.loads(line) for line in f if line.strip()]
    if not any(a.get("commitInfo", {}).get("operation") == "WRITE" for a in actions):
        continue
    for a in actions:
        if "add" in a:
            visible[os.path.normpath(os.path.join(log_path, unquote(a["add"]["path"])))] = at

lags = []
if visible:
    spark = delta_session("bench-apply-lag", master="local[1]")
    rows = (spark.read.parquet(*visible.keys())
            .selectExpr("table_name", "source_ts_us / 1e6 AS src", "input_file_name() AS file")
            .where(f"src >= {t_from} AND src <= {t_to}")
            .where("true" if only_table is None else f"table_name = '{only_table}'").collect())
    for _, src, file in rows:
        at = visible.get(os.path.normpath(unquote(urlparse(file).path)))
        if at is not None:
            lags.append(at - src)
    spark.stop()
lags.sort()


def pct(p):
    return lags[min(len(lags) - 1, int(p * len(lags)))] if lags else float("nan")


print(f"{len(lags)} {pct(0.5):.2f} {pct(0.99):.2f} {(lags[-1] if lags else float('nan')):.2f}")
