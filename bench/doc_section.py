"""What every benchmark report needs: a line naming the machine, and a marked section of a Markdown file
rewritten in place (the rest of the file is the reader's prose and stays as it is)."""
import datetime
import os
import platform


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")),
               platform.machine())
    mem = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))) // 1048576
    return f"{os.cpu_count()} cores of {cpu}, {mem} GiB"


def replace_section(doc_path, start, end, body):
    """Writes start + body + end in place of the marked section, or appends it."""
    text = open(doc_path).read() if os.path.exists(doc_path) else ""
    if start not in text:
        text = text.rstrip("\n") + "\n\n" + start + "\n" + end + "\n"
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    open(doc_path, "w").write(head + start + "\n" + body.strip("\n") + "\n" + end + tail)


def publish(doc_path, start, end, command, setting, lines, summary):
    """Prints a benchmark's table and summary, and writes them with the date, command and machine."""
    run = os.environ.get("SEAM_BENCH_RUN", "")
    by = f", part of `{run}`," if run and run != command else ""
    body = "\n".join([f"Measured {datetime.date.today()} with `{command}`{by} on {machine()}: {setting}", "",
                      *lines, "", *summary])
    print("\n" + "\n".join(lines) + "\n\n" + "\n".join(summary) + "\n")
    replace_section(doc_path, start, end, body)
    print(f"[seam] figures written to {doc_path}")
