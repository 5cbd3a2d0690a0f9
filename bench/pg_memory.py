"""Peak memory of the whole PostgreSQL server while a benchmark step runs.

usage: pg_memory.py PGDATA OUT  (runs until SIGTERM, then writes the peak in KB to OUT, or "-")

PostgreSQL is a process per connection, all sharing shared_buffers: adding up their resident sizes counts
the shared pages once per process. The proportional set size (Pss, /proc/PID/smaps_rollup) splits each
shared page among the processes mapping it, so the sum over the postmaster and its children is the
server's real footprint. Sampled once a second: reading smaps_rollup walks each process's page tables in
the kernel, and at four samples a second that cost about 9 % of one core on the bench machine (which
slows what is measured); a peak shorter than a second may be missed.
"""
import os
import signal
import sys
import time

pgdata, out = sys.argv[1:3]
peak = None
running = True


def stop(*_):
    global running
    running = False


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:  # gone, or not ours to read
        return None
    return None


def server_pids():
    with open(os.path.join(pgdata, "postmaster.pid")) as f:
        postmaster = f.readline().strip()
    pids = [postmaster]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    # pid (comm) state ppid ...: comm may hold spaces, so split after its closing parenthesis
                    if f.read().rsplit(")", 1)[1].split()[1] == postmaster:
                        pids.append(entry)
            except (OSError, IndexError):
                pass
    return pids


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
while running:
    try:
        sizes = [pss_kb(p) for p in server_pids()]
        if sizes and sizes[0] is not None:
            total = sum(s for s in sizes if s is not None)
            peak = total if peak is None else max(peak, total)
    except OSError:
        pass
    time.sleep(1.0)
with open(out, "w") as f:
    f.write(f"{peak}\n" if peak is not None else "-\n")
