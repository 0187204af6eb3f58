"""Two people acting on one claim at the same moment (PostgreSQL, real row locks)."""
import threading

import pytest
from django.db import connection

from claims.models import Claim, HistoryEntry
from claims.workflow import Status, TransitionRefused


# serialized_rollback: the flush after this test must not leave later tests without the roles and
# rating scale that migrations create (they are restored from the serialized copy).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_assignments_one_wins(on_postgres, claim, editor, editor2, checker, checker2):
    seen = claim.version
    barrier = threading.Barrier(2)
    outcomes = {}

    def assign(editor_, checker_):
        try:
            copy = Claim.objects.get(pk=claim.pk)
            barrier.wait()
            copy.transition("assign", editor_, version=seen, assignee=checker_)
            outcomes[editor_.username] = "ok"
        except TransitionRefused as refusal:
            outcomes[editor_.username] = refusal
        finally:
            connection.close()

    threads = [threading.Thread(target=assign, args=args) for args in ((editor, checker), (editor2, checker2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(isinstance(o, TransitionRefused) for o in outcomes.values()) == [False, True]
    claim.refresh_from_db()
    assert claim.status == Status.IN_RESEARCH and claim.version == seen + 1
    assert HistoryEntry.objects.filter(claim=claim, action=HistoryEntry.Action.STATUS).count() == 1
    winner = next(name for name, o in outcomes.items() if o == "ok")
    assert claim.assignee.username == {"editor": "checker", "editor2": "checker2"}[winner]
