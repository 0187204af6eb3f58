"""Two people acting on one claim at the same moment (PostgreSQL, real row locks)."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import RequestFactory

from api.auth import PerCallerThrottle

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



def _request_for(user):
    request = RequestFactory().get("/api/ratings/")
    request.user, request.api_token = user, None
    return request


def _throttle_check(throttle, user):
    """One API request's throttle check for `user`, as django-ninja makes it, in this thread."""
    try:
        return throttle.allow_request(_request_for(user))
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_api_requests_from_one_caller_are_all_counted(on_postgres, editor, settings):
    settings.API_THROTTLE_RATE = "3/min"
    throttle = PerCallerThrottle()  # one object for every thread, as the API has
    barrier = threading.Barrier(8)

    def request(_):
        barrier.wait()
        return _throttle_check(throttle, editor)

    with ThreadPoolExecutor(8) as pool:
        allowed = list(pool.map(request, range(8)))
    assert allowed.count(True) == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_callers_check_in_between_does_not_change_the_retry_after(on_postgres, editor, checker, settings):
    settings.API_THROTTLE_RATE = "3/min"
    throttle = PerCallerThrottle()
    assert [throttle.allow_request(_request_for(editor)) for _ in range(4)] == [True, True, True, False]
    # Another worker thread checks a caller with no request in the last minute...
    other = threading.Thread(target=_throttle_check, args=(throttle, checker))
    other.start()
    other.join()
    # ...and the refused request still waits for its own oldest request to age out (about a
    # minute), not the third of a minute the other caller's list would give.
    assert throttle.wait() > 50
