"""Airflow reads its configuration when first imported: point it at a throwaway home and this DAGs folder
before any test imports it, and put the DAGs folder on sys.path as Airflow itself does."""

import os
import sys
import tempfile
from pathlib import Path

DAGS = Path(__file__).resolve().parents[1] / "dags"
REPO = DAGS.parents[1]

os.environ.setdefault("AIRFLOW_HOME", tempfile.mkdtemp(prefix="seam-airflow-home-"))
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
sys.path.insert(0, str(DAGS))


import subprocess  # noqa: E402

import pytest  # noqa: E402


def airflow(*args, timeout=120, env=None, check=True):
    """The airflow CLI of this Python, as a user would run it."""
    out = subprocess.run([sys.executable, "-m", "airflow", *args], env=env or os.environ, capture_output=True,
                         text=True, timeout=timeout)
    if check and out.returncode != 0:
        raise AssertionError(f"airflow {' '.join(args)} exited {out.returncode}:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return out


@pytest.fixture(scope="session")
def airflow_db():
    airflow("db", "migrate", timeout=300)
