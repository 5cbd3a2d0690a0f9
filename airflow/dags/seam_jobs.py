"""Operators that run Seam's jobs from Airflow.

Every job is submitted with ``spark-submit`` (``SparkSubmitOperator`` from
apache-airflow-providers-apache-spark) and its exit code is mapped to what Airflow should do: the jobs'
exit codes distinguish "could not run" (retry) from "found differences" (fail now; retrying cannot fix
data). Source connection details come from an Airflow connection and reach the jobs as environment
variables that the migration config refers to (``${SEAM_SOURCE_HOST}`` ...), so neither the DAG nor the
config file holds them, and the password never appears on a command line or in a rendered template.
"""

from __future__ import annotations

import enum
import glob
import os
import subprocess
from dataclasses import dataclass
from typing import Any, Mapping

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sdk import BaseHook, BaseOperator
from airflow.sdk.exceptions import AirflowException, AirflowFailException, AirflowSkipException

# The Seam checkout this file lives in (airflow/dags/ -> repository root); a deployment that copies the
# DAG elsewhere sets the Variable seam_home instead.
DEFAULT_SEAM_HOME = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPARK_CONF = {
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
    # Seam's canonical timestamps and day buckets assume a UTC JVM (docs/parity.md).
    "spark.driver.extraJavaOptions": "-Duser.timezone=UTC",
    "spark.executor.extraJavaOptions": "-Duser.timezone=UTC",
}


class Action(enum.Enum):
    SUCCEED = "succeed"
    RETRY = "retry"  # an ordinary task failure: Airflow retries it when the task has retries left
    FAIL = "fail"  # fail without retrying: a person has to look
    SKIP = "skip"  # a valid "not yet" answer: the task is skipped, the run stays green


@dataclass(frozen=True)
class Job:
    """One Seam job: its module (the jar), main class, and what each exit code means to a scheduler."""

    module: str
    main_class: str
    exit_actions: Mapping[int, tuple[Action, str]]
    otherwise: tuple[Action, str]
    extra_args: tuple[str, ...] = ()

    def action(self, exit_code: int) -> tuple[Action, str]:
        return self.exit_actions.get(exit_code, self.otherwise)


BACKFILL = Job(
    "backfill", "io.seam.backfill.BackfillJob",
    {0: (Action.SUCCEED, "backfill complete"),
     2: (Action.FAIL, "bad arguments or config: fix the migration config")},
    # A failed backfill leaves a slot and partial tables that only --restart clears: a person decides.
    (Action.FAIL, "backfill failed: read its log; re-run it with --restart once the cause is fixed"),
    extra_args=("--skip-if-complete",),
)
CATCH_UP = Job(
    "parity", "io.seam.parity.CatchUpJob",
    {0: (Action.SUCCEED, "the stream has caught up")},
    (Action.RETRY, "the stream has not caught up yet (or the check could not run)"),
)
PARITY = Job(
    "parity", "io.seam.parity.ParityJob",
    {0: (Action.SUCCEED, "parity CLEAN"),
     3: (Action.FAIL, "parity found DIFFERENCES: open the report; retrying cannot fix data")},
    (Action.RETRY, "parity could not run (exit {code}): retrying"),
)
SHADOW = Job(
    "parity", "io.seam.parity.ShadowJob",
    {0: (Action.SUCCEED, "shadow reads: every report query gives the same result on both sides"),
     3: (Action.FAIL, "shadow reads found DIFFERENCES: open the report; retrying cannot change a query's result")},
    (Action.RETRY, "shadow reads could not run (exit {code}): retrying"),
)
CUTOVER_CHECK = Job(
    "parity", "io.seam.parity.CutoverCheckJob",
    {0: (Action.SUCCEED, "cutover-ready"),
     3: (Action.SKIP, "not cutover-ready yet: more clean parity runs over the soak period are needed")},
    (Action.RETRY, "cutover-check could not read the parity history (exit {code})"),
)


def seam_home() -> str:
    from airflow.sdk import Variable

    return Variable.get("seam_home", default=DEFAULT_SEAM_HOME)


def job_jars(module: str, jars_dir: str | None, home: str) -> tuple[str, list[str]]:
    """The job's spark-submit jar and Delta's jars beside it (spark-jars/): in the Variable seam_jars_dir
    if set, else in the checkout's build (jobs/MODULE/target)."""
    folder = jars_dir or os.path.join(home, "jobs", module, "target")
    pattern = os.path.join(folder, f"seam-{module}-*-spark-submit.jar")
    found = sorted(glob.glob(pattern))
    if not found:
        raise AirflowFailException(
            f"no Seam {module} jar matches {pattern}: build the jobs (bin/seam build) or set the Airflow"
            " Variable seam_jars_dir to the folder holding seam-*-spark-submit.jar and spark-jars/")
    return found[-1], sorted(glob.glob(os.path.join(folder, "spark-jars", "*.jar")))


def source_environment(conn_id: str) -> dict[str, str]:
    """SEAM_SOURCE_* from an Airflow connection (postgres type: host, port, schema = database, login)."""
    conn = BaseHook.get_connection(conn_id)
    env = {
        "SEAM_SOURCE_HOST": conn.host or "",
        "SEAM_SOURCE_PORT": str(conn.port or 5432),
        "SEAM_SOURCE_DATABASE": conn.schema or "",
        "SEAM_SOURCE_USER": conn.login or "",
    }
    if conn.password:
        env["SEAM_SOURCE_PASSWORD"] = conn.password
    return {k: v for k, v in env.items() if v}


def apply_exit_code(job: Job, code: int, log: Any) -> None:
    action, message = job.action(code)
    message = message.format(code=code)
    if action is Action.SUCCEED:
        log.info("%s (exit %s)", message, code)
    elif action is Action.SKIP:
        raise AirflowSkipException(message)
    elif action is Action.FAIL:
        raise AirflowFailException(f"{message} (exit {code})")
    else:
        raise AirflowException(message)


class SeamJobOperator(SparkSubmitOperator):
    """spark-submit of one Seam job with ``--config``; its exit code decides retry, fail or skip."""

    def __init__(self, *, job: Job, config: str, source_conn_id: str = "seam_source",
                 spark_conn_id: str = "seam_spark", **kwargs: Any) -> None:
        kwargs.setdefault("conf", dict(SPARK_CONF))
        super().__init__(
            application="",  # resolved at run time (the jar is built after the DAG is parsed)
            java_class=job.main_class,
            application_args=["--config", config, *job.extra_args],
            conn_id=spark_conn_id,
            name=f"seam-{job.module}",
            **kwargs,
        )
        self.job = job
        self.source_conn_id = source_conn_id

    def execute(self, context: Any) -> None:
        from airflow.sdk import Variable

        self.application, delta_jars = job_jars(self.job.module, Variable.get("seam_jars_dir", default=None), seam_home())
        # Delta comes from the cluster's own packages when the Variable names them (Ivy resolves them),
        # else from the jars the build put beside the job jar.
        packages = Variable.get("seam_spark_packages", default="")
        if packages:
            self.packages = packages
        elif delta_jars and not self.jars:
            self.jars = ",".join(delta_jars)
        if self._driver_memory is None:  # not a templated field of the provider's operator
            self._driver_memory = Variable.get("seam_driver_memory", default="2g")
        hook = self._get_hook()
        env = source_environment(self.source_conn_id)
        if hook._is_yarn or hook._is_kubernetes:
            # There spark-submit passes environment variables as --conf arguments: visible in the process
            # list. Mount the password as a file (source.password_file) on such clusters instead.
            env.pop("SEAM_SOURCE_PASSWORD", None)
        else:
            self._quiet_spark_logs()
        self.env_vars = {**(self.env_vars or {}), **env}
        self._hook = self._get_hook()
        try:
            super().execute(context)
            code = 0
        except AirflowException:
            sp = getattr(self._hook, "_submit_sp", None)
            if sp is None or sp.returncode is None:
                raise  # spark-submit never ran: a plain failure
            code = sp.returncode
        apply_exit_code(self.job, code, self.log)

    def _quiet_spark_logs(self) -> None:
        """A driver on this machine logs with Seam's log4j2 settings: one line per stage, not Spark's INFO."""
        log_config = os.path.join(seam_home(), "conf", "log4j2.properties")
        key = "spark.driver.extraJavaOptions"
        if os.path.exists(log_config) and "log4j2.configurationFile" not in self.conf.get(key, ""):
            self.conf = {**self.conf, key: f"{self.conf.get(key, '')} -Dlog4j2.configurationFile=file:{log_config}".strip()}


class SeamShadowOperator(SeamJobOperator):
    """The shadow reads (docs/shadow.md) over the report queries in ``queries``; skipped when it is empty, so a
    deployment without report queries keeps the rest of the DAG as it was."""

    def __init__(self, *, config: str, queries: str, **kwargs: Any) -> None:
        super().__init__(job=SHADOW, config=config, **kwargs)
        self.application_args = [*self.application_args, "--queries", queries]

    def execute(self, context: Any) -> None:
        queries = self.application_args[-1]
        if not queries.strip():
            raise AirflowSkipException("no report queries: set the Variable seam_shadow_queries to a folder of"
                                       " them (docs/shadow.md) to run shadow reads")
        super().execute(context)


class SeamCommandOperator(BaseOperator):
    """``bin/seam ARGS`` of the Seam checkout (the stream's Debezium Server and apply job are long-running
    processes, started and verified this way), with the source connection in its environment."""

    template_fields = ("args",)

    def __init__(self, *, args: list[str], source_conn_id: str = "seam_source", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.args = args
        self.source_conn_id = source_conn_id

    def execute(self, context: Any) -> None:
        cmd = [os.path.join(seam_home(), "bin", "seam"), *self.args]
        env = {**os.environ, **source_environment(self.source_conn_id)}
        self.log.info("running %s", " ".join(cmd))
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
        assert proc.stdout is not None
        for line in proc.stdout:
            self.log.info("%s", line.rstrip())
        if proc.wait() != 0:
            raise AirflowException(f"{' '.join(self.args[:2])} failed with exit {proc.returncode}")
