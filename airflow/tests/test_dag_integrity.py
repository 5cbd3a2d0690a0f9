"""The DAG as Airflow loads it: no import errors, the migration order, retries where a retry can help,
and each job's exit code turned into retry, fail or skip."""

import json
import os

import pytest
from airflow.dag_processing.dagbag import DagBag
from airflow.sdk.exceptions import AirflowException, AirflowFailException, AirflowSkipException

import seam_jobs
from conftest import DAGS, airflow
from seam_jobs import BACKFILL, CATCH_UP, CUTOVER_CHECK, PARITY, SHADOW

ORDER = ["backfill", "start_stream", "wait_for_catch_up", "parity", "shadow", "cutover_check"]


@pytest.fixture(scope="module")
def dag():
    bag = DagBag(dag_folder=str(DAGS))
    assert bag.import_errors == {}
    return bag.dags["seam_migration"]


def test_airflow_cli_finds_no_import_errors(airflow_db):
    out = airflow("dags", "list-import-errors", "-o", "json")
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_tasks_run_in_migration_order(dag):
    assert sorted(dag.task_ids) == sorted(ORDER)
    for upstream, downstream in zip(ORDER, ORDER[1:]):
        assert dag.get_task(upstream).downstream_task_ids == {downstream}
    assert dag.get_task("backfill").upstream_task_ids == set()
    assert dag.max_active_runs == 1, "two runs would race on the same slot, stream and reports"


def test_retries_only_where_a_retry_can_help(dag):
    retries = {t.task_id: t.retries for t in dag.tasks}
    # A failed backfill leaves a slot and partial tables only --restart clears: a person decides.
    assert retries == {"backfill": 0, "start_stream": 2, "wait_for_catch_up": 3, "parity": 2, "shadow": 2,
                       "cutover_check": 1}


def test_jobs_are_submitted_with_the_config_and_a_rerunnable_backfill(dag):
    backfill = dag.get_task("backfill")
    assert backfill.application_args == ["--config", "{{ var.value.seam_config }}", "--skip-if-complete"]
    assert backfill._java_class == "io.seam.backfill.BackfillJob"
    assert dag.get_task("parity")._java_class == "io.seam.parity.ParityJob"
    assert dag.get_task("wait_for_catch_up")._java_class == "io.seam.parity.CatchUpJob"
    assert dag.get_task("cutover_check")._java_class == "io.seam.parity.CutoverCheckJob"
    assert dag.get_task("start_stream").args == ["stream", "start", "--config", "{{ var.value.seam_config }}"]
    shadow = dag.get_task("shadow")
    assert shadow._java_class == "io.seam.parity.ShadowJob"
    assert shadow.application_args == ["--config", "{{ var.value.seam_config }}", "--queries",
                                       "{{ var.value.get('seam_shadow_queries', '') }}"]
    assert dag.get_task("cutover_check").trigger_rule == "none_failed", "a skipped shadow task must not skip it"
    for task in dag.tasks:
        assert "password" not in json.dumps(getattr(task, "application_args", None) or []).lower()


@pytest.mark.parametrize("job, code, outcome", [
    (BACKFILL, 0, None),
    (BACKFILL, 1, AirflowFailException),
    (BACKFILL, 2, AirflowFailException),
    (CATCH_UP, 0, None),
    (CATCH_UP, 2, AirflowException),
    (PARITY, 0, None),
    (PARITY, 2, AirflowException),       # could not run: retried
    (PARITY, 3, AirflowFailException),   # differences: fail now, a retry cannot fix data
    (PARITY, 137, AirflowException),     # killed: retried
    (SHADOW, 0, None),
    (SHADOW, 3, AirflowFailException),   # a report query differs: fail now
    (SHADOW, 2, AirflowException),
    (CUTOVER_CHECK, 0, None),
    (CUTOVER_CHECK, 3, AirflowSkipException),  # not ready yet: skipped, the run stays green
    (CUTOVER_CHECK, 2, AirflowException),
])
def test_exit_codes_become_airflow_outcomes(job, code, outcome):
    class Log:
        def info(self, *args):
            self.line = args[0] % args[1:]

    if outcome is None:
        seam_jobs.apply_exit_code(job, code, Log())
    else:
        with pytest.raises(outcome) as e:
            seam_jobs.apply_exit_code(job, code, Log())
        assert type(e.value) is outcome  # AirflowFailException is an AirflowException: no retry by accident


def test_a_missing_job_jar_says_how_to_build_it(tmp_path):
    with pytest.raises(AirflowFailException, match="bin/seam build"):
        seam_jobs.job_jars("parity", str(tmp_path), "/nowhere")


def test_job_jar_and_delta_jars_are_found_beside_each_other(tmp_path):
    (tmp_path / "spark-jars").mkdir()
    for name in ["seam-parity-0.1.0-spark-submit.jar", "spark-jars/delta-spark_2.13-4.4.0.jar",
                 "spark-jars/delta-storage-4.4.0.jar"]:
        (tmp_path / name).write_bytes(b"")
    jar, delta = seam_jobs.job_jars("parity", str(tmp_path), "/nowhere")
    assert jar.endswith("seam-parity-0.1.0-spark-submit.jar")
    assert [os.path.basename(j) for j in delta] == ["delta-spark_2.13-4.4.0.jar", "delta-storage-4.4.0.jar"]


def test_source_connection_reaches_the_jobs_as_environment(monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_SEAM_TEST_SOURCE", json.dumps({
        "conn_type": "postgres", "host": "db1.internal", "port": 6432, "schema": "shop", "login": "migrator",
        "password": "s3cret-from-airflow"}))
    assert seam_jobs.source_environment("seam_test_source") == {
        "SEAM_SOURCE_HOST": "db1.internal", "SEAM_SOURCE_PORT": "6432", "SEAM_SOURCE_DATABASE": "shop",
        "SEAM_SOURCE_USER": "migrator", "SEAM_SOURCE_PASSWORD": "s3cret-from-airflow"}


def test_shadow_reads_without_report_queries_skip_and_say_how_to_add_them(dag):
    shadow = dag.get_task("shadow")
    shadow.application_args = [*shadow.application_args[:-1], ""]
    with pytest.raises(AirflowSkipException, match="seam_shadow_queries"):
        shadow.execute({})

