"""bench/parity's work on the Delta table, in one local Spark session:
  scan PATH: the baseline, one aggregate scan (count(*) and sum(amount) of the live rows), best of three in
    one session: the first pays for class loading, JIT and reading the Delta log, as parity's own
    comparison (later in its session) does not. Prints the seconds;
  inject PATH STEP: ten row differences, five values changed and five rows deleted, at ids 1, 1 + STEP, ..."""
import sys
import time

from delta_session import delta_session

command, path = sys.argv[1], sys.argv[2]
spark = delta_session(f"bench-parity-{command}")
if command == "scan":
    best = None
    for _ in range(3):
        t = time.monotonic()
        spark.sql(f"SELECT count(*), sum(amount) FROM delta.`{path}` WHERE NOT _seam_deleted").collect()
        best = min(best or 1e9, time.monotonic() - t)
    print(f"{best:.2f}")
elif command == "inject":
    step = int(sys.argv[3])
    ids = [1 + i * step for i in range(10)]
    spark.sql(f"UPDATE delta.`{path}` SET amount = amount + 1 WHERE id IN ({','.join(map(str, ids[:5]))})")
    spark.sql(f"DELETE FROM delta.`{path}` WHERE id IN ({','.join(map(str, ids[5:]))})")
else:
    sys.exit(f"unknown command {command} (scan PATH, inject PATH STEP)")
