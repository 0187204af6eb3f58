"""`manage.py desk_report`: the monthly report on standard output or in a file, in csv, json or html,
with the definitions written in; dates parsed strictly, with clear errors."""
import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from .test_metrics import seeded_desk  # noqa: F401 (the `desk` fixture)


def report(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("desk_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_csv_on_standard_output_by_default(desk):
    out, _ = report("--from", "2025-12-01", "--to", "2026-01-31")
    rows = list(csv.reader(io.StringIO(out)))
    december, january, total = rows[2], rows[3], rows[4]
    assert december[:12] == ["2025-12", "2025-12-01", "2025-12-31", "1", "0", "0", "0", "0", "0", "1", "10.00", "10.00"]
    assert january[-3:] == ["2", "178.00", "295.60"]
    assert total[:12] == ["All", "2025-12-01", "2026-01-31", "5", "4", "2", "1", "1", "1", "5", "4.00", "8.40"]
    assert ["Definitions"] in rows
    assert any(row[:1] == ["Corrected"] for row in rows)


def test_json_to_a_file(desk, tmp_path):
    target = tmp_path / "report.json"
    out, err = report("--from", "2026-01-01", "--to", "2026-01-31", "--format", "json", "--output", str(target))
    assert out == "" and "Wrote the desk report" in err
    data = json.loads(target.read_text())
    assert data["months"][0]["counts"] == {"opened": 4, "verified": 4, "published": 2, "corrected": 1, "sent_back": 1,
                                           "reopened": 1}
    assert data["total"]["to_first_publication"] == {"count": 2, "median_hours": 178.0, "p90_hours": 295.6}
    assert data["unit"] == "hours" and "Time to first publication" in data["definitions"]


def test_html_has_the_table_and_the_definitions(desk):
    out, _ = report("--from", "2026-01-01", "--to", "2026-01-31", "--format", "html")
    assert "<table>" in out and "<th scope=\"row\">January 2026</th>" in out
    assert "<dt>Send-back rate</dt>" in out


@pytest.mark.parametrize("args, message", [
    (["--from", "2026-1-1", "--to", "2026-01-31"], "is not a date written as YYYY-MM-DD"),
    (["--from", "2026-02-30", "--to", "2026-03-31"], "is not a date of the calendar"),
    (["--from", "2026-02-01", "--to", "2026-01-31"], "The period ends before it starts."),
    (["--from", "2026-01-01", "--to", "2026-01-31", "--format", "pdf"], "invalid choice"),
    (["--from", "2026-01-01"], "the following arguments are required: --to"),
])
def test_bad_arguments_are_refused_with_a_clear_error(db, args, message):
    with pytest.raises(CommandError, match=message):
        report(*args)


def test_an_unwritable_output_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        report("--from", "2026-01-01", "--to", "2026-01-31", "--output", str(tmp_path / "missing" / "r.csv"))
