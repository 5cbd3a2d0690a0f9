"""Turns bench/apply's results (one file of key, value, note per table size) into the figures it prints and
the section it writes into BENCHMARKS.md, one column per size, with the gap to each of the issue's targets."""
import sys

from doc_section import publish

START = "<!-- apply figures: written by bench/apply -->"
END = "<!-- end of apply figures -->"
# The stream issue's goals: keeps up with Debezium, events/s, p99 lag at 1 k/s on one table, and over many.
RATIO_TARGET, RATE_TARGET, P99_TARGET, TABLES_P99_TARGET = 1.0, 25000, 5.0, 10.0

doc_path, command, *sized = sys.argv[1:]
runs = []  # (rows, {key: (value, note)})
tables = None  # the many-table case's {key: (value, note)}


def read(path):
    r = {}
    for line in open(path):
        key, value, note = line.rstrip("\n").split("\t")
        r[key] = (value, note)
    return r


for arg in sized:
    rows, path = arg.split("=", 1)
    if rows == "tables":
        tables = read(path)
    else:
        runs.append((int(rows), read(path)))

lines = ["| what | " + " | ".join(f"{rows:,}-row table" for rows, _ in runs) + " |", "|---|" + "---:|" * len(runs)]


def row(what, cell):
    lines.append(f"| {what} | " + " | ".join(cell(r) for _, r in runs) + " |")


def rate(r, key):
    return float(r[key][0])


row("the backlog: change records and transaction markers", lambda r: f"{int(r['drain-events'][0]):,}")
row("Debezium Server's emission of it into Kafka, records/s",
    lambda r: f"{rate(r, 'debezium-emit-rate'):,.0f} ({r['debezium-emit-seconds'][0]} s)")
row("apply job draining it into the change log, events/s (batches' own time)",
    lambda r: f"{rate(r, 'drain-rate'):,.0f} ({r['drain-batch-seconds'][0]} s)")
row("the drain's fold of the backlog into the base table (after the batches), seconds",
    lambda r: r["drain-fold-seconds"][0] if "drain-fold-seconds" in r else "-")
row("the same drain, whole command (JVM and Spark start included), events/s",
    lambda r: f"{int(r['drain-events'][0]) / rate(r, 'drain-wall-seconds'):,.0f} ({r['drain-wall-seconds'][0]} s)")
row("apply ÷ Debezium", lambda r: f"**{rate(r, 'drain-rate') / rate(r, 'debezium-emit-rate'):.2f}**")
steady = sorted({k for _, r in runs for k in r if k.split("-")[0] == "steady" and k.split("-")[1].isdigit()}, key=lambda k: int(k.split("-")[1]))
for key in steady:
    def lag(r, key=key):
        if key not in r:
            return "-"
        p50, p99, mx = r[key][0].split()
        return f"p50 {p50} s, p99 {p99} s, max {mx} s ({r[key][1]})"
    row(f"commit-to-visible lag at {int(key.split('-')[1]):,} changes/s (8 updates, 1 insert, 1 delete in 10)", lag)
row("a streaming batch under the steady load, seconds: median, p90", lambda r: (
    f"{r['steady-batches'][0].replace(' ', ', ')} ({r['steady-batches'][1]})" if "steady-batches" in r else "-"))
row("the compactor's folds into the base table, median seconds", lambda r: (
    f"{r['steady-folds'][0]} ({r['steady-folds'][1]})" if "steady-folds" in r else "-"))
memory = [k for k in runs[0][1] if k.startswith("peak-rss-mb-")]
for key in memory:
    row(f"peak resident memory (VmHWM): {runs[0][1][key][1]}", lambda r, key=key: f"{int(r[key][0]):,} MB" if key in r else "-")
row("peak resident memory (VmHWM): the drain's driver", lambda r: f"{int(r['drain-peak-rss-mb'][0]):,} MB")

summary = []
for rows, r in runs:
    drain, dbz = rate(r, "drain-rate"), rate(r, "debezium-emit-rate")
    parts = [f"apply ÷ Debezium = **{drain / dbz:.2f}** (target ≥ {RATIO_TARGET}: "
             + ("met" if drain / dbz >= RATIO_TARGET else f"short by {RATIO_TARGET - drain / dbz:.2f}") + ")",
             f"sustained apply rate {drain:,.0f} events/s (target ≥ {RATE_TARGET:,}: "
             + ("met" if drain >= RATE_TARGET else f"{drain / RATE_TARGET:.0%} of it") + ")"]
    if "steady-1000" in r:
        p99 = float(r["steady-1000"][0].split()[1])
        parts.append(f"p99 commit-to-visible lag at 1,000 changes/s = {p99:.1f} s (target ≤ {P99_TARGET:.0f} s: "
                     + ("met" if p99 <= P99_TARGET else f"over by {p99 - P99_TARGET:.1f} s") + ")")
    summary.append(f"- {rows:,} rows: " + "; ".join(parts))

if tables is not None:
    p50, p99, mx = tables["steady-tables"][0].split()
    lines += ["", "| many tables | figure |", "|---|---:|",
              f"| commit-to-visible lag at 1,000 changes/s over the tables | p50 {p50} s, p99 {p99} s, max {mx} s"
              f" ({tables['steady-tables'][1]}) |",
              f"| a streaming batch, seconds: median, p90 | {tables['tables-batches'][0].replace(' ', ', ')}"
              f" ({tables['tables-batches'][1]}) |",
              f"| the compactor's folds, median seconds | {tables['tables-folds'][0]} ({tables['tables-folds'][1]}) |",
              f"| {tables['quiet-commits'][1]} | {tables['quiet-commits'][0]} |",
              f"| peak resident memory (VmHWM): {tables['tables-peak-rss-mb-apply'][1]} |"
              f" {int(tables['tables-peak-rss-mb-apply'][0]):,} MB |"]
    summary.append(f"- many tables: p99 commit-to-visible lag at 1,000 changes/s = {float(p99):.1f} s (target ≤"
                   f" {TABLES_P99_TARGET:.0f} s: " + ("met" if float(p99) <= TABLES_P99_TARGET
                                                      else f"over by {float(p99) - TABLES_P99_TARGET:.1f} s") + ");"
                   f" commits while the source was quiet: {tables['quiet-commits'][0]} (target 0)")

publish(doc_path, START, END, command, "PostgreSQL, Kafka, Debezium Server, the apply job (`local[*]`) and the"
        " Delta table all on this one machine. The Kafka broker runs through every size, so its peak is the"
        " highest so far; the other processes start again for each size.", lines, summary)
