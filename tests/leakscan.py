"""Where a secret must never be: files under some roots, and the arguments of every running process."""
from pathlib import Path


def files_holding(secret: bytes, roots):
    """(files scanned, files holding the secret) under the roots."""
    scanned, leaks = 0, []
    for root in roots:
        for f in Path(root).rglob("*"):
            if f.is_file():
                scanned += 1
                if secret in f.read_bytes():
                    leaks.append(str(f))
    return scanned, leaks


def processes_holding(secret: bytes):
    """Processes whose arguments hold the secret."""
    leaks = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if secret in cmdline.read_bytes():
                leaks.append(f"arguments of process {cmdline.parent.name}")
        except OSError:
            pass  # the process ended while we looked
    return leaks
