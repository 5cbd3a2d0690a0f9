"""Reading the seam manifest from the shell's Python snippets (demo summary, benchmarks)."""
from datetime import datetime, timedelta


def instant(text):
    """ISO-8601 with nanoseconds and a Z, as Java writes it (fromisoformat takes at most microseconds)."""
    head, _, frac = text.rstrip("Z").partition(".")
    return datetime.fromisoformat(head) + timedelta(microseconds=int((frac + "000000")[:6]))


def backfill_seconds(manifest):
    """The backfill's own span: slot, snapshot, reads and writes, not the JVM's start."""
    return (instant(manifest["finishedAt"]) - instant(manifest["startedAt"])).total_seconds()
