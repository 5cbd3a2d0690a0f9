"""Turns bench/apply's results.tsv (key, value, note) into the figures it prints and the section it writes
into BENCHMARKS.md, with the gap to each of the issue's targets stated."""
import sys

from doc_section import publish

START = "<!-- apply figures: written by bench/apply -->"
END = "<!-- end of apply figures -->"
RATIO_TARGET, RATE_TARGET, P99_TARGET = 1.0, 25000, 5.0  # issue #6: keeps up, events/s, p99 lag at 1 k/s

results_path, doc_path, command, rows = sys.argv[1:5]
r = {}
for line in open(results_path):
    key, value, note = line.rstrip("\n").split("\t")
    r[key] = (value, note)

dbz = float(r["debezium-emit-rate"][0])
drain = float(r["drain-rate"][0])
events = int(r["drain-events"][0])
lines = [
    "| what | figure |",
    "|---|---:|",
    f"| Debezium Server's emission of a {events:,}-record backlog into Kafka | {dbz:,.0f} records/s "
    f"({r['debezium-emit-seconds'][0]} s) |",
    f"| apply job draining it into the {int(rows):,}-row Delta table (batches' own time) | {drain:,.0f} events/s "
    f"({r['drain-batch-seconds'][0]} s) |",
    f"| the same drain, whole command (JVM and Spark start included) | {events / float(r['drain-wall-seconds'][0]):,.0f} "
    f"events/s ({r['drain-wall-seconds'][0]} s) |",
    f"| apply ÷ Debezium | **{drain / dbz:.2f}** |",
]
lags = []
for key in sorted((k for k in r if k.startswith("steady-")), key=lambda k: int(k.split("-")[1])):
    p50, p99, mx = r[key][0].split()
    lines.append(f"| commit-to-visible lag at {int(key.split('-')[1]):,} changes/s ({r[key][1]}) | p50 {p50} s, "
                 f"p99 {p99} s, max {mx} s |")
    lags.append((int(key.split("-")[1]), float(p99)))
lines.append("| peak resident memory (VmHWM) | " + ", ".join(
    f"{k.removeprefix('peak-rss-mb-')} {int(v[0]):,} MB" for k, v in r.items() if k.startswith("peak-rss-mb-"))
    + f", drain driver {int(r['drain-peak-rss-mb'][0]):,} MB |")

summary = [
    f"- apply ÷ Debezium = **{drain / dbz:.2f}** (target ≥ {RATIO_TARGET}: "
    + ("met" if drain / dbz >= RATIO_TARGET else f"short by {RATIO_TARGET - drain / dbz:.2f}") + ")",
    f"- sustained apply rate {drain:,.0f} events/s (target ≥ {RATE_TARGET:,}: "
    + ("met" if drain >= RATE_TARGET else f"{drain / RATE_TARGET:.0%} of it") + ")",
]
for rate, p99 in lags:
    if rate == 1000:
        summary.append(f"- p99 commit-to-visible lag at 1,000 changes/s = {p99:.1f} s (target ≤ {P99_TARGET:.0f} s: "
                       + ("met" if p99 <= P99_TARGET else f"over by {p99 - P99_TARGET:.1f} s") + ")")

publish(doc_path, START, END, command, "PostgreSQL, Kafka, Debezium Server, the apply job (`local[*]`) and the"
        " Delta table all on this one machine.", lines, summary)
