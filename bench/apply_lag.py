"""Commit-to-visible lag of the changes applied in a time window, from the target Delta table itself.

Each row carries _seam_source_ts (the source commit time of its last change) and _seam_applied_at (stamped
by the MERGE that wrote it); that MERGE's Delta commit is the first commit at or after _seam_applied_at in
the table's history, and its timestamp is when the change became visible to readers. Prints
"rows p50 p99 max" in seconds over rows whose last change committed in [FROM, TO] (epoch seconds).
Run by bench/apply."""
import bisect
import sys

from delta_session import delta_session

path, t_from, t_to = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
spark = delta_session("bench-apply-lag", master="local[1]")
commits = sorted(r[0] for r in spark.sql(f"DESCRIBE HISTORY delta.`{path}`")
                 .selectExpr("unix_micros(timestamp) / 1e6").collect())
rows = (spark.read.format("delta").load(path)
        .selectExpr("unix_micros(_seam_source_ts) / 1e6 AS src", "unix_micros(_seam_applied_at) / 1e6 AS applied")
        .where(f"src >= {t_from} AND src <= {t_to}").collect())
lags = []
for src, applied in rows:
    i = bisect.bisect_left(commits, applied)
    if i < len(commits):
        lags.append(commits[i] - src)
lags.sort()


def pct(p):
    return lags[min(len(lags) - 1, int(p * len(lags)))] if lags else float("nan")


print(f"{len(lags)} {pct(0.5):.2f} {pct(0.99):.2f} {(lags[-1] if lags else float('nan')):.2f}")
spark.stop()
