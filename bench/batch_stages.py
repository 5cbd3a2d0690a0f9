"""Where a streaming apply job's batches spent their time, from its per-batch log lines (people read the same
lines when the stream lags). Prints one line: batches, median and p90 seconds per batch, the median of each
stage, the compactor's folds (count, median seconds) and its rounds that only deleted folded rows from the log
(count, median seconds). Batches that logged no change (heartbeats) and the
first three (a cold JVM) are left out. Run by bench/apply."""
import re
import statistics
import sys

batches, stages, folds, cleanups = [], {}, [], []
for line in open(sys.argv[1]):
    m = re.search(r"\] batch \d+: \d+ events \((\d+) changes logged.* in ([\d.]+) s \([\d]+ ev/s; ([^)]*)\)", line)
    if m and int(m.group(1)) > 0:
        batches.append((float(m.group(2)), dict((k.strip(), float(v)) for k, v in
                                                re.findall(r"([a-z ]+) ([\d.]+) s", m.group(3)))))
    f = re.search(r"\] compaction: .* of (\d+) table\(s\) .* in ([\d.]+) s", line)
    if f:
        (folds if int(f.group(1)) > 0 else cleanups).append(float(f.group(2)))
batches = batches[3:]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] if values else float("nan")


for _, s in batches:
    for k, v in s.items():
        stages.setdefault(k, []).append(v)
parts = ", ".join(f"{k} {statistics.median(v):.2f} s" for k, v in stages.items())
print(f"{len(batches)} {pct([b for b, _ in batches], 0.5):.2f} {pct([b for b, _ in batches], 0.9):.2f}"
      f" {len(folds)} {pct(folds, 0.5):.1f} {len(cleanups)} {pct(cleanups, 0.5):.1f} {parts or '-'}")
