"""The claim page's history as a person reads it (issue #16): one assignment is one entry, not three,
and dates are written as everywhere else ("7 Dec 2026", never "2026-12-07")."""
import datetime
import re

from django.utils import timezone

from .conftest import login


def history_items(html):
    section = html[html.index('id="history"'):]
    section = section[:section.index("</section>")]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in section.split("<li>")[1:]]


def test_an_assignment_is_one_entry_with_its_due_date_written_as_a_date(client, claim, editor, checker):
    due = timezone.localdate() + datetime.timedelta(days=7)
    claim.transition("assign", editor, version=claim.version, assignee=checker, due_date=due)
    items = history_items(login(client, editor).get(claim.get_absolute_url()).content.decode())
    assert len(items) == 2  # created, assigned
    assigned = items[0]
    assert assigned.startswith(f"Editor assigned it to Checker, due {due.day} {due:%b %Y} (moved it from New to In research)")
    assert due.isoformat() not in assigned and "→" not in assigned
    assert "Assigned to Checker" not in assigned  # said once, not again as a comment


def test_a_changed_due_date_is_written_as_dates_too(client, claim, editor, checker):
    first = timezone.localdate() + datetime.timedelta(days=3)
    later = first + datetime.timedelta(days=10)
    claim.transition("assign", editor, version=claim.version, assignee=checker, due_date=first)
    claim.refresh_from_db()
    claim.update_details(editor, version=claim.version, due_date=later)
    items = history_items(login(client, editor).get(claim.get_absolute_url()).content.decode())
    assert f"changed the due date: {first.day} {first:%b %Y} → {later.day} {later:%b %Y}" in items[0]
    assert first.isoformat() not in " ".join(items)


def test_steps_by_different_people_stay_separate_entries(client, claim, editor, checker, rating_false):
    from .conftest import add_sources

    claim.transition("assign", editor, version=claim.version, assignee=checker)
    add_sources(claim, checker, n=2)
    claim.refresh_from_db()
    claim.transition("propose", checker, version=claim.version, rating=rating_false, conclusion="False.")
    items = history_items(login(client, editor).get(claim.get_absolute_url()).content.decode())
    assert items[0].startswith("Checker ") and any(i.startswith("Editor assigned it to Checker") for i in items)
