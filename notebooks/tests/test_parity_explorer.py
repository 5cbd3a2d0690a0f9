"""The parity explorer notebook, executed headless with papermill against a real parity output: the
reports ParityIT leaves in jobs/parity/target/parity-it (a clean run, a run with a difference in a hot row, a
heartbeat run, a run with six injected divergences, a run that could not reach the stream) and the shadow
reports ShadowIT leaves in jobs/parity/target/shadow-it, so `mvn verify` must have run first."""

import json
import os
from pathlib import Path

import nbformat
import papermill
import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "notebooks" / "parity_explorer.ipynb"
PARITY = REPO / "jobs" / "parity" / "target" / "parity-it" / "lake" / "_seam" / "parity"
# ShadowIT's run: one query the same, one off by a time-zone choice, one top-N ordered by a collation.
SHADOW = REPO / "jobs" / "parity" / "target" / "shadow-it" / "lake" / "_seam" / "shadow"


@pytest.fixture(scope="module")
def reports():
    assert (PARITY / "history" / "_delta_log").is_dir(), (
        f"no parity output at {PARITY}: run mvn verify (ParityIT writes it) before this test")
    runs = {}
    for report in sorted((PARITY / "reports").glob("*/parity.json")):
        r = json.loads(report.read_text())
        # ParityIT's two runs with differences: a hot teller row, then the six injected divergences (orders
        # among them), which the drill-down test explores.
        injected = any(t["table"] == "public.orders" and t["differences"] for t in r["tables"])
        if r["verdict"] != "DIFFERENCES" or injected:
            runs.setdefault(r["verdict"], r)
    assert "DIFFERENCES" in runs, f"ParityIT left no run with injected differences in public.orders under {PARITY}"
    return runs


def run_notebook(tmp_path, **parameters):
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(out), parameters=parameters, cwd=str(NOTEBOOK.parent),
                               kernel_name="python3", progress_bar=False, log_output=False)
    return nbformat.read(str(out), as_version=4)


def outputs(nb):
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            yield o


def text_of(nb):
    parts = []
    for o in outputs(nb):
        parts.append(o.get("text", ""))
        data = o.get("data", {})
        parts.append(data.get("text/plain", ""))
        parts.append(data.get("text/html", ""))
        parts.append(data.get("text/markdown", ""))
    return "\n".join(parts)


def test_a_run_with_differences_is_charted_and_drilled_into(tmp_path, reports):
    run = reports["DIFFERENCES"]
    charts = tmp_path / "charts"
    nb = run_notebook(tmp_path, report_location=str(PARITY), run_id=run["runId"], charts_dir=str(charts))
    assert not [o for o in outputs(nb) if o.get("output_type") == "error"]
    text = text_of(nb)
    assert "DIFFERENCES" in text
    assert "exploring public.orders" in text, "the first table that disagrees is chosen"
    # The per-day chart and the classes chart, inline and as files.
    assert sum("image/png" in o.get("data", {}) for o in outputs(nb)) >= 2
    for name in ["public.orders-per-day.png", "public.orders-diff-classes.png"]:
        assert (charts / name).stat().st_size > 10_000, name
    # The drill-down shows a differing day's rows with source and target side by side: ParityIT's
    # tampered status (id=20, 'new' in the source, 'tampered' in the target) is on its own day.
    differing = {d["key"]: d for t in run["tables"] for d in t["differences"]}
    day = differing["id=20"]["day"]
    nb = run_notebook(tmp_path, report_location=str(PARITY), run_id=run["runId"], table="public.orders", day=day)
    text = text_of(nb)
    assert f"day {day}" in text
    assert "id=20" in text and "tampered" in text and "VALUE_MISMATCH" in text
    # And points to the table as analysts read it: its live view, read through the SQL file the apply job wrote.
    assert "public.orders, live view" in text and "live rows" in text


def test_the_latest_run_is_the_default_and_a_run_without_comparison_is_explained(tmp_path, reports):
    nb = run_notebook(tmp_path, report_location=str(PARITY))
    assert not [o for o in outputs(nb) if o.get("output_type") == "error"]
    # ParityIT's last run could not reach the stream: the notebook shows the verdict and why.
    assert "COULD_NOT_RUN" in text_of(nb)
    assert "compared no table" in text_of(nb)


def test_a_wrong_location_names_what_to_point_at(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError, match="point report_location at"):
        run_notebook(tmp_path, report_location=str(tmp_path / "nowhere"))


def test_a_shadow_run_shows_its_queries_and_a_differing_one_side_by_side(tmp_path, reports):
    assert (SHADOW / "latest.json").is_file(), f"no shadow output at {SHADOW}: run mvn verify (ShadowIT writes it)"
    nb = run_notebook(tmp_path, report_location=str(PARITY), shadow_location=str(SHADOW))
    assert not [o for o in outputs(nb) if o.get("output_type") == "error"]
    text = text_of(nb)
    assert "shadow DIFFERENCES" in text
    assert "orders_per_status" in text and "revenue_per_berlin_day" in text and "top_customers" in text
    assert "time-zone choice" in text
    assert "day (PostgreSQL)" in text and "day (Spark)" in text


def test_without_shadow_runs_the_notebook_says_how_to_make_one(tmp_path, reports):
    nb = run_notebook(tmp_path, report_location=str(PARITY), shadow_location=str(tmp_path / "no-shadow"))
    assert not [o for o in outputs(nb) if o.get("output_type") == "error"]
    assert "No shadow run recorded" in text_of(nb)

