"""Many people pressing buttons on the same claims at once (PostgreSQL, real row locks).

Eight threads, each with its own database connection, make random workflow steps, edits and notes on
three claims for a bounded amount of work (a few seconds), often with the version they saw going
stale under them. Afterwards:
- every refusal was a clean TransitionRefused / EditConflict (or a ValidationError from the model's
  own checks), never another exception;
- no lost update: each claim's version rose by exactly the number of changes that succeeded on it,
  and its history holds exactly one status entry per successful step;
- replaying each claim's history from the start reproduces its final status, assignee and rating.
"""
import random
import threading
import time

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection

from claims.models import Claim, Correction, HistoryEntry, Note, Rating
from claims.workflow import TRANSITIONS, EditConflict, Status, TransitionRefused, transitions_from

from .conftest import add_sources

THREADS = 8
STEPS_PER_THREAD = 60
TIME_BOUND = 4.0  # seconds; the work stops at whichever bound comes first


def inputs_for(step, people, ratings, rng):
    return {
        "assign": {"assignee": rng.choice([people["checker"], people["checker2"]])},
        "dismiss": {"reason": "Not checkable"},
        "propose": {"rating": rng.choice(ratings), "conclusion": "The record says otherwise.",
                    "justification": "Primary source"},
        "send_back": {"comment": "Find the primary source."},
        "reopen": {"reason": "New evidence"},
        "publish": {"public_note": "Corrected after new evidence."},
    }.get(step, {})


# serialized_rollback, as in test_concurrency.py: the flush after this test must not leave later
# tests without the roles and ratings of the data migrations.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_conflicting_steps_and_edits_lose_nothing_and_replay_exactly(
        on_postgres, article, editor, editor2, checker, checker2):
    people = {"editor": editor, "editor2": editor2, "checker": checker, "checker2": checker2}
    actors = list(people.values())
    ratings = list(Rating.objects.all())
    claims = []
    for i, quote in enumerate(["Only six nations", "Italian Prime Minister", "The minister said"]):
        start = article.body.index(quote)
        claim = Claim.create_from_span(article, start, start + len(quote), text=f"Claim {i}")
        add_sources(claim, editor)  # so verdicts can be proposed
        claims.append(claim)
    initial_versions = {c.pk: Claim.objects.get(pk=c.pk).version for c in claims}
    step_names = [t.name for t in TRANSITIONS]

    lock = threading.Lock()
    successes = {c.pk: {"steps": 0, "edits": 0} for c in claims}
    notes_written = {c.pk: 0 for c in claims}
    refusals, unexpected = [], []
    deadline = time.monotonic() + TIME_BOUND
    start_together = threading.Barrier(THREADS)

    def work(seed):
        rng = random.Random(seed)
        try:
            start_together.wait()
            for _ in range(STEPS_PER_THREAD):
                if time.monotonic() > deadline:
                    break
                claim = Claim.objects.get(pk=rng.choice(claims).pk)
                actor = rng.choice(actors)
                # Often act on what the user saw a moment ago, which others may have changed since.
                version = claim.version - (1 if rng.random() < 0.15 else 0)
                kind = rng.random()
                try:
                    if kind < 0.7:
                        # Mostly a step the claim's status offers (so many succeed), sometimes any.
                        offered = [t.name for t in transitions_from(claim.status)]
                        step = rng.choice(offered if offered and rng.random() < 0.8 else step_names)
                        claim.transition(step, actor, version=version, **inputs_for(step, people, ratings, rng))
                        with lock:
                            successes[claim.pk]["steps"] += 1
                    elif kind < 0.9:
                        claim.update_details(actor, version=version, text=f"Reworded {rng.random():.12f}",
                                             priority=rng.choice([1, 2, 3, 4]))
                        with lock:
                            successes[claim.pk]["edits"] += 1
                    else:
                        claim.add_note(actor, f"Note {rng.random()}")
                        with lock:
                            notes_written[claim.pk] += 1
                except (TransitionRefused, ValidationError) as refusal:
                    with lock:
                        refusals.append(refusal)
        except Exception as error:  # anything else is a failure of the test's subject
            with lock:
                unexpected.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert not unexpected, unexpected[:5]
    total = sum(s["steps"] + s["edits"] for s in successes.values())
    assert total > 0 and any(isinstance(r, EditConflict) for r in refusals), \
        "the run must have produced both changes and conflicts"
    assert all(isinstance(r, (TransitionRefused, ValidationError)) and str(r) for r in refusals)

    names = {u.get_full_name() or u.get_username(): u.pk for u in User.objects.all()}
    rating_labels = {str(r): r.pk for r in ratings}
    for claim in claims:
        final = Claim.objects.get(pk=claim.pk)
        done = successes[claim.pk]
        # No lost update: every success (a note too) bumped the version exactly once, and nothing else did.
        assert final.version - initial_versions[claim.pk] == done["steps"] + done["edits"] + notes_written[claim.pk]
        history = list(HistoryEntry.objects.filter(claim=claim).order_by("pk"))
        assert sum(e.action == HistoryEntry.Action.STATUS for e in history) == done["steps"]
        assert Note.objects.filter(claim=claim).count() == notes_written[claim.pk]

        # Replay the history from the claim's creation.
        status, assignee, rating, text = Status.NEW, None, None, None
        for entry in history:
            if entry.action == HistoryEntry.Action.STATUS:
                assert entry.old_value == status, "each step starts where the previous one ended"
                status = entry.new_value
            elif entry.field == "assignee":
                assignee = names[entry.new_value] if entry.new_value else None
            elif entry.action == HistoryEntry.Action.VERDICT:
                rating = rating_labels[entry.new_value] if entry.new_value else None
            elif entry.field == "text":
                text = entry.new_value
        assert (status, assignee, rating) == (final.status, final.assignee_id, final.rating_id)
        if text is not None:
            assert text == final.text


def test_the_correction_and_note_tables_refuse_rewrites_below_the_orm(on_postgres, claim, editor, editor2, checker):
    """The trigger of migration 0003 on claims_correction and claims_note (the history table has its
    test in tests/test_history.py)."""
    from django.db import transaction

    from .conftest import advance

    advance(claim, Status.PUBLISHED, editor=editor, checker=checker, approver=editor2)
    claim.transition("reopen", editor2, version=claim.version, reason="New figures")
    claim.transition("propose", checker, version=claim.version, rating=Rating.objects.get(slug="true"),
                     conclusion="Now true.")
    claim.transition("approve", editor2, version=claim.version)
    claim.transition("publish", editor2, version=claim.version, public_note="Corrected.")
    claim.add_note(checker, "A finding")
    for table in ("claims_correction", "claims_note"):
        column = "public_note" if table == "claims_correction" else "body"
        for sql in (f"UPDATE {table} SET {column} = 'rewritten'", f"DELETE FROM {table}"):
            with pytest.raises(DatabaseError, match="append-only"):
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(sql)
    assert Correction.objects.get().public_note == "Corrected."
    assert Note.objects.get().body == "A finding"
