"""The JSON API's behaviour: the claims list (the page's filters and sorts, cursor pagination),
workflow steps and their refusals (the model's, by class), articles and their limits, evidence,
notes, suggestions, similar claims, exports, tokens, throttling and the docs page."""
import re

import pytest
from asgiref.local import Local
from django.core.cache import caches
from django.core.cache.backends import locmem
from django.core.management import CommandError, call_command
from django.test import override_settings

from api.models import ApiToken
from claims import workflow
from claims.models import Article, Claim, HistoryEntry, Note, Source
from claims.views.claims import SORTS, filtered_claims, claim_ordering
from claims.workflow import Status
from tests.api_operations import token_for
from tests.conftest import ARTICLE_BODY, add_sources, advance, login, make_article_with_claims


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}


def post(client, url, data, user_or_headers):
    headers = auth(user_or_headers) if not isinstance(user_or_headers, dict) else user_or_headers
    return client.post(url, data, content_type="application/json", **headers)


# --- the claims list ---------------------------------------------------------------------------


@pytest.fixture
def many_claims(editor, checker, editor2):
    _, claims = make_article_with_claims(14, editor=editor, checker=checker, approver=editor2)
    return claims


@pytest.mark.parametrize("sort", [*SORTS, *(f"-{key}" for key in SORTS)])
def test_cursor_pages_walk_the_same_order_as_the_page_without_gaps_or_repeats(sort, many_claims, editor, client):
    expected = list(filtered_claims(editor, {}).order_by(*claim_ordering(sort)).values_list("pk", flat=True))
    headers = auth(editor)
    seen, url = [], f"/api/claims/?sort={sort}&limit=4"
    while url:
        page = client.get(url, **headers).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == expected


def test_filters_and_search_are_the_pages(many_claims, editor, checker, client):
    headers = auth(checker)
    body = client.get("/api/claims/?status=in_review&limit=200", **headers).json()
    assert {row["status"] for row in body["results"]} == {"in_review"}
    assert len(body["results"]) == Claim.objects.filter(status=Status.IN_REVIEW).count()
    mine = client.get("/api/claims/?mine=true&limit=200", **headers).json()["results"]
    assert {row["assignee"] for row in mine} == {"checker"}
    found = client.get("/api/claims/?q=number%203%20about", **headers).json()["results"]
    page = filtered_claims(checker, {"q": "number 3 about"})
    assert {row["id"] for row in found} == set(page.values_list("pk", flat=True))
    assert "Fact 3 holds" in [row["text"] for row in found]


def test_a_filter_that_does_not_parse_is_400_with_the_forms_reason(many_claims, editor, client):
    response = client.get("/api/claims/?status=lost", **auth(editor))
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "The status filter “lost”: Select a valid choice. lost is not one of the available choices.")


def test_a_cursor_from_another_sort_is_refused(many_claims, editor, client):
    headers = auth(editor)
    next_cursor = client.get("/api/claims/?sort=claim&limit=2", **headers).json()["next_cursor"]
    response = client.get(f"/api/claims/?sort=-due&cursor={next_cursor}", **headers)
    assert response.status_code == 400
    assert "cursor" in response.json()["detail"]


def test_reading_a_claim_gives_evidence_notes_history_and_the_callers_steps(claim, editor, checker, client):
    claim.transition("assign", editor, version=claim.version, assignee=checker)
    add_sources(claim, checker)
    claim.add_note(checker, "Ask the agency.")
    body = client.get(f"/api/claims/{claim.pk}/", **auth(checker)).json()
    assert len(body["evidence"]) == 2 and body["notes"][0]["body"] == "Ask the agency."
    assert [h["action"] for h in body["history"]][:2] == ["created", "assignment"]
    assert body["allowed_steps"] == ["propose"]


def test_an_unknown_claim_is_404(editor, client, db):
    response = client.get("/api/claims/424242/", **auth(editor))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


# --- workflow steps ----------------------------------------------------------------------------


def test_a_stale_version_is_409_and_changes_nothing(claim, editor, client):
    response = post(client, f"/api/claims/{claim.pk}/steps/dismiss/", {"version": claim.version + 5, "reason": "Opinion"}, editor)
    assert response.status_code == 409
    assert response.json()["current_version"] == claim.version
    assert "Someone else changed this claim" in response.json()["detail"]
    claim.refresh_from_db()
    assert claim.status == Status.NEW


def test_four_eyes_holds_through_the_api(claim, editor, editor2, checker, client):
    advance(claim, Status.IN_RESEARCH, editor=editor, checker=checker)
    add_sources(claim, editor)
    proposed = post(client, f"/api/claims/{claim.pk}/steps/propose/",
                    {"version": claim.version, "rating": "false", "conclusion": "Seven did."}, editor)
    assert proposed.status_code == 200, proposed.content
    version = proposed.json()["version"]
    refused = post(client, f"/api/claims/{claim.pk}/steps/approve/", {"version": version}, editor)
    assert refused.status_code == 403
    assert refused.json()["detail"] == workflow.BY_NAME["approve"].four_eyes_refusal
    approved = post(client, f"/api/claims/{claim.pk}/steps/approve/", {"version": version}, editor2)
    assert approved.status_code == 200
    assert approved.json()["status"] == "verified" and approved.json()["approved_by"] == "editor2"


def test_a_step_the_role_may_not_take_is_refused_with_the_models_message(claim, viewer, client):
    response = post(client, f"/api/claims/{claim.pk}/steps/dismiss/", {"version": claim.version, "reason": "x"}, viewer)
    assert response.status_code == 403
    assert response.json()["detail"] == "Only an editor can dismiss a claim."


def test_an_unknown_step_is_404_and_an_input_the_step_does_not_take_is_400(claim, editor, client):
    assert post(client, f"/api/claims/{claim.pk}/steps/explode/", {"version": 1}, editor).status_code == 404
    response = post(client, f"/api/claims/{claim.pk}/steps/restore/", {"version": 1, "reason": "x"}, editor)
    assert response.status_code == 400
    assert "takes no inputs" in response.json()["detail"]


def test_a_refused_step_says_the_models_reason_even_with_inputs_that_do_not_resolve(claim, viewer, client):
    response = post(client, f"/api/claims/{claim.pk}/steps/assign/", {"version": 1, "assignee": "ghost"}, viewer)
    assert response.status_code == 403
    assert response.json()["detail"] == "Only an editor can assign a claim to a fact-checker."


def test_a_form_posted_by_a_session_to_a_json_operation_is_400_not_500(claim, editor):
    # The session's CSRF check reads a multipart form before the operation looks for its JSON.
    from django.test import Client

    from tests.api_operations import new_csrf

    client = login(Client(enforce_csrf_checks=True), editor)
    client.cookies["csrftoken"] = csrf = new_csrf()
    response = client.post(f"/api/claims/{claim.pk}/notes/", {"body": "as a form"}, HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
    assert not claim.notes.exists()


def test_a_body_over_the_request_size_limit_is_400_not_500(editor, client, db):
    response = post(client, "/api/articles/", {"title": "Huge", "text": "x" * (3 * 1024 * 1024)}, editor)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_an_unknown_assignee_or_rating_is_422(claim, editor, checker, client):
    response = post(client, f"/api/claims/{claim.pk}/steps/assign/", {"version": 1, "assignee": "nobody"}, editor)
    assert response.status_code == 422
    assert "nobody" in response.json()["detail"]
    claim.transition("assign", editor, version=claim.version, assignee=checker)
    response = post(client, f"/api/claims/{claim.pk}/steps/propose/",
                    {"version": claim.version, "rating": "nope", "conclusion": "x"}, editor)
    assert response.status_code == 422
    assert "“nope” is not a rating" in response.json()["detail"]


def test_assigning_a_non_fact_checker_is_refused_by_the_model(claim, editor, viewer, client):
    response = post(client, f"/api/claims/{claim.pk}/steps/assign/", {"version": 1, "assignee": "viewer"}, editor)
    assert response.status_code >= 400
    assert response.json()["detail"] == "Viewer is not a fact-checker and cannot be assigned a claim."
    claim.refresh_from_db()
    assert claim.status == Status.NEW


def test_editing_details_changes_only_what_was_sent(claim, editor, client):
    response = client.patch(f"/api/claims/{claim.pk}/", {"version": claim.version, "claimant": "Reuters"},
                            content_type="application/json", **auth(editor))
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.claimant == "Reuters" and claim.text == "Only six nations pledged troops"
    assert claim.history.filter(action=HistoryEntry.Action.EDIT, field="claimant").exists()


# --- evidence and notes ------------------------------------------------------------------------


def test_evidence_with_a_new_source_and_its_refusals(claim, editor, checker, client):
    claim.transition("assign", editor, version=claim.version, assignee=checker)
    url = f"/api/claims/{claim.pk}/evidence/"
    good = post(client, url, {"new_source": {"url": "https://stats.example.org/t1", "title": "Table 1"},
                              "stance": "refutes"}, checker)
    assert good.status_code == 201 and Source.objects.filter(title="Table 1").exists()
    bad_url = post(client, url, {"new_source": {"url": "javascript:alert(1)", "title": "X"}, "stance": "refutes"}, checker)
    assert bad_url.status_code == 422
    assert "http://" in bad_url.json()["detail"]
    both = post(client, url, {"source": 1, "new_source": {"url": "https://a.example", "title": "A"},
                              "stance": "context"}, checker)
    assert both.status_code == 400


def test_evidence_and_notes_with_a_stale_version_are_409(claim, editor, checker, client):
    claim.transition("assign", editor, version=claim.version, assignee=checker)
    stale = claim.version - 1
    evidence = post(client, f"/api/claims/{claim.pk}/evidence/", {
        "new_source": {"url": "https://stats.example.org/t2", "title": "Table 2"}, "stance": "refutes", "version": stale},
        checker)
    note = post(client, f"/api/claims/{claim.pk}/notes/", {"body": "Late", "version": stale}, checker)
    assert evidence.status_code == note.status_code == 409
    assert not claim.evidence.exists() and not claim.notes.exists()


def test_notes_go_through_the_model(claim, checker, viewer, client):
    assert post(client, f"/api/claims/{claim.pk}/notes/", {"body": "Check the date."}, checker).status_code == 201
    refused = post(client, f"/api/claims/{claim.pk}/notes/", {"body": "Hi"}, viewer)
    assert refused.json()["detail"] == "Viewers can read notes but not write them."
    too_long = post(client, f"/api/claims/{claim.pk}/notes/", {"body": "x" * (Note.MAX_LENGTH + 1)}, checker)
    assert too_long.status_code >= 400 and "at most" in too_long.json()["detail"]
    assert Note.objects.count() == 1


# --- articles and suggestions ------------------------------------------------------------------


def test_importing_an_article_from_text_refuses_what_the_page_refuses(editor, client, article):
    created = post(client, "/api/articles/", {"title": "Budget", "text": "The deficit rose to 4 percent."}, editor)
    assert created.status_code == 201 and created.json()["claims"] == []
    again = post(client, "/api/articles/", {"title": "Copy", "text": ARTICLE_BODY}, editor)
    assert again.status_code == 422
    assert again.json()["detail"] == "This text is already in the workbench, as “Coalition talks”."
    empty = post(client, "/api/articles/", {"title": "Empty", "text": "   "}, editor)
    assert empty.json()["detail"] == "The article has no text: paste its text or upload a file with some."
    control = post(client, "/api/articles/", {"title": "Bell\u0007", "text": "Words."}, editor)
    assert control.status_code == 400


def test_uploading_refuses_unknown_types_and_large_files(editor, client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from claims.importing import MAX_BYTES

    headers = auth(editor)
    exe = client.post("/api/articles/upload/", {"file": SimpleUploadedFile("a.exe", b"MZ")}, **headers)
    assert exe.status_code == 422 and "is not a file type" in exe.json()["detail"]
    big = client.post("/api/articles/upload/", {"file": SimpleUploadedFile("a.txt", b"x" * (MAX_BYTES + 1))}, **headers)
    assert big.status_code == 422 and "larger than 2 MB" in big.json()["detail"]
    html = client.post("/api/articles/upload/", {"file": SimpleUploadedFile(
        "a.html", b"<title>Heat</title><p>Half of homes lack heating, the agency said.</p>")}, **headers)
    assert html.status_code == 201 and html.json()["title"] == "Heat"


def test_accepting_a_suggestion_makes_the_claims(article, checker, client):
    suggestions = client.get(f"/api/articles/{article.pk}/suggestions/", **auth(checker)).json()
    top = suggestions[0]
    response = post(client, f"/api/articles/{article.pk}/suggestions/accept/", {
        "sentence_start": top["start"], "sentence_end": top["end"], "sentence": top["sentence"],
    }, checker)
    assert response.status_code == 201
    claim = Claim.objects.get(pk=response.json()[0]["id"])
    assert claim.quote == top["sentence"] and claim.created_by == checker
    after = client.get(f"/api/articles/{article.pk}/suggestions/?all=true", **auth(checker)).json()
    assert claim.pk in next(s for s in after if s["start"] == top["start"])["claims"]


def test_accepting_a_sentence_the_text_no_longer_has_is_409(article, checker, client):
    response = post(client, f"/api/articles/{article.pk}/suggestions/accept/",
                    {"sentence_start": 0, "sentence_end": 10, "sentence": "Not there."}, checker)
    assert response.status_code == 409
    assert not Claim.objects.exists()


def test_similar_claims(article, editor, client):
    body = article.body
    for quote in ("Only six nations have pledged troops", "Only six nations have pledged"):
        start = body.index(quote)
        Claim.create_from_span(article, start, start + len(quote), text="Only six nations pledged troops")
    first = Claim.objects.order_by("pk").first()
    similar = client.get(f"/api/claims/{first.pk}/similar/", **auth(editor)).json()
    assert similar and similar[0]["claim"]["id"] != first.pk and similar[0]["similarity"] > 0.5


def test_the_articles_list_pages_with_a_cursor(editor, client, db):
    for i in range(5):
        Article.objects.create(title=f"A{i}", body=f"Body number {i}.")
    headers = auth(editor)
    first = client.get("/api/articles/?limit=3", **headers).json()
    second = client.get(first["next"], **headers).json()
    assert [a["title"] for a in first["results"] + second["results"]] == ["A4", "A3", "A2", "A1", "A0"]
    assert second["next"] is None


def test_the_export_is_the_exports_pages_file(claim, editor, checker, client):
    advance(claim, Status.PUBLISHED, editor=editor, checker=checker, approver=editor)
    api_csv = b"".join(client.get("/api/exports/?format=csv", **auth(editor)).streaming_content)
    login(client, editor)
    page_csv = b"".join(client.get("/exports/?format=csv&status=published").streaming_content)
    assert api_csv == page_csv and b"Only six nations pledged troops" in api_csv
    refused = client.get("/api/exports/?format=claimreview&status=all", **auth(editor))
    assert refused.status_code == 400 and "ClaimReview describes published verdicts only" in refused.json()["detail"]


# --- tokens ------------------------------------------------------------------------------------


def test_a_token_is_stored_hashed_and_marks_its_last_use(editor, client, db):
    token, secret = ApiToken.issue(editor, "CMS")
    assert secret.startswith("wbt_") and secret not in token.token_hash
    assert not ApiToken.objects.filter(token_hash=secret).exists()
    assert token.last_used_at is None
    client.get("/api/ratings/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_create_api_token_prints_a_working_token(editor, client, capsys):
    call_command("create_api_token", "editor", "--name", "CMS")
    secret = capsys.readouterr().out.strip()
    assert client.get("/api/ratings/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert ApiToken.objects.get().name == "CMS"
    with pytest.raises(CommandError):
        call_command("create_api_token", "ghost", "--name", "CMS")


def test_the_tokens_page_shows_a_new_secret_once_and_revokes(editor, editor2, client):
    login(client, editor)
    response = client.post("/account/api-tokens/", {"name": "CMS"})
    secret = re.search(r"wbt_[\w-]+", response.content.decode()).group()
    assert client.get("/api/ratings/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert secret not in client.get("/account/api-tokens/").content.decode()
    token = ApiToken.objects.get()
    other, _ = ApiToken.issue(editor2, "theirs")
    assert client.post(f"/account/api-tokens/{other.pk}/revoke/").status_code == 404
    client.post(f"/account/api-tokens/{token.pk}/revoke/")
    assert client.get("/api/ratings/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_a_viewers_token_reads_but_never_writes(claim, viewer, client):
    headers = auth(viewer)
    assert client.get(f"/api/claims/{claim.pk}/", **headers).status_code == 200
    assert post(client, f"/api/claims/{claim.pk}/notes/", {"body": "x"}, headers).status_code == 403
    assert post(client, "/api/articles/", {"title": "T", "text": "Words here."}, headers).status_code == 403


@override_settings(API_THROTTLE_RATE="3/min")
def test_each_token_is_throttled_on_its_own(editor, client):
    first, second = auth(editor), auth(editor)
    statuses = [client.get("/api/ratings/", **first).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    throttled = client.get("/api/ratings/", **first)
    assert throttled["Content-Type"] == "application/problem+json" and int(throttled["Retry-After"]) > 0
    assert client.get("/api/ratings/", **second).status_code == 200


def _as_if_in_another_worker(monkeypatch):
    """Forget everything this process keeps between requests: new cache objects, and the storage
    every local-memory cache of the process shares emptied. What is still counted after this is
    what another gunicorn worker (another process) would see."""
    monkeypatch.setattr(caches, "_connections", Local())
    for name in ("_caches", "_expire_info", "_locks"):
        monkeypatch.setattr(locmem, name, {})


@override_settings(API_THROTTLE_RATE="3/min")
def test_every_worker_draws_on_the_same_budget(editor, client, monkeypatch):
    headers = auth(editor)
    statuses = []
    for _ in range(4):
        _as_if_in_another_worker(monkeypatch)
        statuses.append(client.get("/api/ratings/", **headers).status_code)
    assert statuses == [200, 200, 200, 429]


# --- the document and its docs -----------------------------------------------------------------


def test_the_docs_page_is_served_from_the_package_under_the_strict_csp(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "/static/ninja/swagger-ui-init.js" in html
    assert not re.search(r"(src|href)=\"https?://", html)
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
