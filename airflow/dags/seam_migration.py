"""seam_migration: backfill -> start/verify the stream -> wait for catch-up -> parity -> shadow -> cutover-check.

Deploy this folder's two files into your DAGs folder and set (see airflow/README.md):
  Variable   seam_config          path of the migration YAML (its source section refers to ${SEAM_SOURCE_*})
  Variable   seam_home            the Seam checkout (default: the one this file is in)
  Variable   seam_jars_dir        optional: folder with seam-*-spark-submit.jar and spark-jars/ (default: the build)
  Variable   seam_spark_packages  optional: Delta as --packages coordinates instead of the jars in spark-jars/
  Variable   seam_shadow_queries  optional: a folder of report queries for shadow reads (else that task skips)
  Connection seam_spark           spark connection: the master (local[2], yarn, k8s://..., spark://...)
  Connection seam_source          postgres connection: host, port, schema (the database), login, password

Each run is safe to repeat: the backfill is skipped once COMPLETE, starting the stream is a no-op when it
runs, and parity and cutover-check are meant to run again and again until cutover.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import DAG

from seam_jobs import (BACKFILL, CATCH_UP, CUTOVER_CHECK, PARITY, SeamCommandOperator, SeamJobOperator,
                       SeamShadowOperator)

CONFIG = "{{ var.value.seam_config }}"

with DAG(
    dag_id="seam_migration",
    description="PostgreSQL -> Delta Lake with Seam: backfill at the seam, stream, prove parity, gate cutover",
    schedule=None,  # trigger it, or set a schedule (e.g. @daily) once the backfill has run: runs repeat safely
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,  # two runs would race on the same slot, stream and reports
    default_args={"retries": 0, "retry_delay": timedelta(minutes=2)},
    tags=["seam", "migration"],
    doc_md=__doc__,
) as dag:
    backfill = SeamJobOperator(task_id="backfill", job=BACKFILL, config=CONFIG)
    start_stream = SeamCommandOperator(
        task_id="start_stream", args=["stream", "start", "--config", CONFIG],
        retries=2, retry_delay=timedelta(seconds=30))
    wait_for_catch_up = SeamJobOperator(
        task_id="wait_for_catch_up", job=CATCH_UP, config=CONFIG,
        retries=3, retry_delay=timedelta(minutes=1))
    parity = SeamJobOperator(
        task_id="parity", job=PARITY, config=CONFIG,
        retries=2, retry_delay=timedelta(minutes=2))
    shadow = SeamShadowOperator(
        task_id="shadow", config=CONFIG, queries="{{ var.value.get('seam_shadow_queries', '') }}",
        retries=2, retry_delay=timedelta(minutes=2))
    # A skipped shadow task (no report queries) must not skip the cutover check.
    cutover_check = SeamJobOperator(task_id="cutover_check", job=CUTOVER_CHECK, config=CONFIG, retries=1,
                                    trigger_rule="none_failed")

    backfill >> start_stream >> wait_for_catch_up >> parity >> shadow >> cutover_check
