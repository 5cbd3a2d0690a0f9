"""Turns bench/parity's results (one tab-separated line per table size) into the section it writes into
BENCHMARKS.md, one column per size, with the gap to each of the issue's targets."""
import sys

from doc_section import publish

START = "<!-- parity figures: written by bench/parity -->"
END = "<!-- end of parity figures -->"
CLEAN_TARGET, PINPOINT_TARGET = 1.5, 1.2  # issue #6: x one scan of both sides, x clean parity

doc, command, results = sys.argv[1:]
# rows, clean wall, clean table, source scan, target scan, diffs wall, diffs table, parity peak KB, PG peak KB,
# the clean comparison's stages, the clean run's wait for the stream (s; "-" if not logged)
runs = [line.rstrip("\n").split("\t") for line in open(results) if line.strip()]


def mb(kb):
    return "-" if kb in ("-", "") else f"{int(kb) // 1024:,} MB"


def gap(ratio, target):
    return "met" if ratio <= target else f"over by {ratio - target:.2f}"


lines = ["| what | " + " | ".join(f"{int(r[0]):,} rows" for r in runs) + " |", "|---|" + "---:|" * len(runs)]


def row(what, cells):
    lines.append(f"| {what} | " + " | ".join(cells) + " |")


seconds = lambda i: [f"{float(r[i]):.1f}" for r in runs]
row("parity certifying the clean table: the table's comparison, once the stream has applied the freeze (s)", seconds(2))
row("the same, whole command (JVM, Spark, freeze, wait for the stream, reports) (s)", seconds(1))
row("the same run's wait for the stream to apply the freeze (PostgreSQL's figures and the target's warm-up"
    " run inside it) (s)", [r[10] for r in runs])
row("one aggregate scan of the source (`SELECT count(*), sum(amount)`, psql, best of three) (s)", seconds(3))
row("one aggregate scan of the Delta table (the same in Spark, best of three in one session) (s)", seconds(4))
row("parity pinpointing 10 injected differences (5 changed values, 5 deleted rows): the comparison (s)", seconds(6))
row("the same, whole command (s)", seconds(5))
row("peak memory while certifying: parity's process tree (RSS)", [mb(r[7]) for r in runs])
row("peak memory while certifying: the whole PostgreSQL server (Pss summed, shared buffers once)", [mb(r[8]) for r in runs])
summary = []
for r in runs:
    n, clean_table, diff_table = int(r[0]), float(r[2]), float(r[6])
    clean_ratio = clean_table / (float(r[3]) + float(r[4]))
    diff_ratio = diff_table / clean_table
    summary += [f"- {n:,} rows: clean parity ÷ one scan of both sides = **{clean_ratio:.2f}** (target ≤ {CLEAN_TARGET}: "
                f"{gap(clean_ratio, CLEAN_TARGET)}); pinpointing 10 differences ÷ clean parity = **{diff_ratio:.2f}** "
                f"(target ≤ {PINPOINT_TARGET}: {gap(diff_ratio, PINPOINT_TARGET)})",
                f"- {n:,} rows: where the clean comparison's time went (parity's per-table log line): {r[9]}"]
publish(doc, START, END, command, "PostgreSQL, the stream and the Delta table all on this one machine.", lines, summary)
