"""Turns bench/run's results.tsv into the figures it prints and the section it writes into BENCHMARKS.md.

results.tsv columns: rows, kind (copy | plain-jdbc | plain-jdbc-read | write-delta | write-delta-no-stats |
write-parquet | seam | seam-wall), splits, seconds, table bytes,
COPY output bytes, peak RSS in KB of the measured process tree.
"""
import os
import sys
from collections import defaultdict

from doc_section import publish

START = "<!-- backfill figures: written by bench/run -->"
END = "<!-- end of backfill figures -->"
TARGET = 0.5  # backfill / COPY binary (issue #6)

results_path, doc_path, command = sys.argv[1:4]
runs = defaultdict(dict)
for line in open(results_path):
    rows, kind, splits, secs, table_bytes, copy_bytes, rss = line.rstrip("\n").split("\t")
    runs[int(rows)][(kind, splits)] = (float(secs), int(table_bytes), copy_bytes, rss)

mib = 1048576
lines = ["| rows | table | what | splits | seconds | rows/s | MB/s (table) | ÷ COPY binary | peak RSS |",
         "|---:|---:|---|---:|---:|---:|---:|---:|---:|"]
summary = []
extrapolation = []
for n in sorted(runs):
    r = runs[n]
    copy_secs, table_bytes, copy_bytes, _ = r[("copy", "-")]
    copy_rate = n / copy_secs
    table_mb = table_bytes / mib

    def row(what, splits, secs, rss="-"):
        rate = n / secs
        rss_text = f"{int(rss) // 1024} MB" if rss not in ("-", "") else "-"
        lines.append(f"| {n:,} | {table_mb:,.0f} MB | {what} | {splits} | {secs:.1f} | {rate:,.0f} | "
                     f"{table_mb / secs:,.1f} | {rate / copy_rate:.2f} | {rss_text} |")
        return rate / copy_rate

    row(f"PostgreSQL COPY ... (FORMAT binary) to /dev/null ({int(copy_bytes) / mib:,.0f} MB out)", "-", copy_secs)
    plain = r[("plain-jdbc", "1")]
    row("plain Spark JDBC read, 1 partition, Delta write", 1, plain[0])
    if ("plain-jdbc-read", "1") in r:
        row("the same read into Spark's no-op sink (reading alone)", 1, r[("plain-jdbc-read", "1")][0])
    for kind, what in (("write-delta", "the write alone: the same rows generated in Spark, to Delta (no source)"),
                       ("write-delta-no-stats", "the write alone, to Delta without per-file column statistics"),
                       ("write-parquet", "the write alone, to plain Parquet")):
        if (kind, "-") in r:
            row(what, "-", r[(kind, "-")][0])
    best = 0.0
    for (kind, splits), (secs, _, _, rss) in sorted(r.items(), key=lambda kv: (kv[0][0], int(kv[0][1]) if kv[0][1].isdigit() else 0)):
        if kind == "seam":
            best = max(best, row("Seam backfill (slot, snapshot, read, Delta write)", splits, secs, rss))
        elif kind == "seam-wall":
            row("Seam backfill, whole command (JVM and Spark start included)", splits, secs, rss)
    summary.append(f"- {n:,} rows: best Seam backfill ÷ COPY binary = **{best:.2f}** (target ≥ {TARGET}: "
                   + ("met" if best >= TARGET else f"short by {TARGET - best:.2f}") + f"); plain single-partition "
                   f"JDBC ÷ COPY = {n / plain[0] / copy_rate:.2f}")
    if ("write-delta", "-") in r:
        ceiling = n / r[("write-delta", "-")][0] / copy_rate
        summary.append(f"- {n:,} rows: the Delta write alone ÷ COPY binary = {ceiling:.2f}: no reader, however fast,"
                       f" takes the backfill past that on this machine")
    # Per core, pessimistically: the source, the readers and the writers shared these cores.
    per_core_mb = best * copy_rate * (table_bytes / n) / mib / os.cpu_count()
    extrapolation.append((n, per_core_mb))

if extrapolation:
    n, per_core = extrapolation[-1]
    tb2 = 2 * 1024 * 1024  # MB
    core_hours = tb2 / per_core / 3600
    summary.append(f"- 2 TB extrapolation from the {n:,}-row run: {per_core:.1f} MB/s of table per core (both cores"
                   f" counted, though PostgreSQL shared them) is {core_hours:,.0f} core-hours for 2 TB: about"
                   f" {core_hours / 64:,.1f} h on 64 executor cores (e.g. 16 executors x 4 cores, one split per core),"
                   f" {core_hours / 256:,.1f} h on 256, as long as PostgreSQL can serve as many snapshot readers"
                   f" (max_connections, I/O: each reader is one backend scanning its ctid range)")

publish(doc_path, START, END, command, "PostgreSQL, Spark (`local[*]`) and the Delta table all on this one"
        " machine and its local disk.", lines, summary)
