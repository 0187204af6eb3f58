"""End to end, as a newsroom's CMS would use the workbench: an article goes in through the API, its
suggested claims are accepted, one claim goes through the whole workflow with two editors' tokens
(the four-eyes rule holds), a correction follows, and a local receiver gets every event signed.

Transactional: events are sent after each change commits, and the task backend here is Django's
immediate one, so each delivery happens before the API call returns."""
import json

import pytest
from django.test import Client, override_settings

from api.models import WebhookDelivery, WebhookEndpoint
from api.webhooks import verify
from claims import workflow
from tests.api_operations import token_for
from tests.conftest import ensure_newsroom_defaults, login
from tests.webhook_receiver import Receiver

# serialized_rollback, as in test_concurrency.py: the flush after this test must not leave later tests
# without the roles and rating scale that migrations create.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ARTICLE = (
    "Unemployment fell to 4.1 percent in March, the statistics office said on Tuesday.\n\n"
    "The minister claimed that 250,000 new jobs were created last year, the highest number since 1990.\n\n"
    "Critics were not convinced."
)


class Cms:
    """The CMS side: one API token, JSON in and out."""

    def __init__(self, user):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(user, 'CMS')}"}

    def get(self, url):
        response = self.client.get(url, **self.headers)
        assert response.status_code == 200, response.content
        return response.json()

    def post(self, url, data, expect=(200, 201)):
        response = self.client.post(url, json.dumps(data), content_type="application/json", **self.headers)
        assert response.status_code in ((expect,) if isinstance(expect, int) else expect), response.content
        return response.json()


@override_settings(WEBHOOK_ALLOWED_NETWORKS=["127.0.0.1/32"])
def test_a_cms_takes_an_article_through_the_workbench_and_hears_every_step(editor, editor2, checker):
    ensure_newsroom_defaults()
    with Receiver() as receiver:
        # An editor registers the CMS's receiver on the webhooks page.
        page = login(Client(), editor)
        assert page.post("/webhooks/", {"url": receiver.url, "events": [
            "claim.created", "claim.assigned", "claim.verdict_proposed", "claim.approved", "claim.published",
            "claim.corrected", "claim.reopened"]}).status_code == 302
        endpoint = WebhookEndpoint.objects.get()

        desk, second = Cms(editor), Cms(editor2)
        article = desk.post("/api/articles/", {"title": "Jobs report", "text": ARTICLE, "publisher": "Example"})
        suggestions = desk.get(f"/api/articles/{article['id']}/suggestions/")
        jobs = next(s for s in suggestions if "250,000" in s["sentence"])
        [claim] = desk.post(f"/api/articles/{article['id']}/suggestions/accept/", {
            "sentence_start": jobs["start"], "sentence_end": jobs["end"], "sentence": jobs["sentence"],
            "quote": "250,000 new jobs were created last year", "text": "250,000 jobs were created last year",
            "claimant": "The minister", "claim_type": "quantity",
        })
        url = f"/api/claims/{claim['id']}"

        state = desk.post(f"{url}/steps/assign/", {"version": claim["version"], "assignee": "checker"})
        for n in (1, 2):
            desk.post(f"{url}/evidence/", {"new_source": {"url": f"https://stats.example.org/jobs-{n}",
                                                          "title": f"Jobs table {n}"}, "stance": "refutes"})
        desk.post(f"{url}/notes/", {"body": "The office counts 180,000."})
        # Evidence and notes change the claim's version: read it again before the verdict.
        state = desk.get(f"{url}/")
        assert len(state["evidence"]) == 2 and len(state["notes"]) == 1
        state = desk.post(f"{url}/steps/propose/", {"version": state["version"], "rating": "false",
                                                    "conclusion": "The office counts 180,000 new jobs."})
        # Four eyes: whoever proposed the verdict cannot approve it, through the API as in the page.
        refused = desk.post(f"{url}/steps/approve/", {"version": state["version"]}, expect=403)
        assert refused["detail"] == workflow.BY_NAME["approve"].four_eyes_refusal
        state = second.post(f"{url}/steps/approve/", {"version": state["version"]})
        stale = second.post(f"{url}/steps/publish/", {"version": state["version"] - 1}, expect=409)
        assert stale["current_version"] == state["version"]
        state = second.post(f"{url}/steps/publish/", {"version": state["version"]})
        assert state["status"] == "published" and state["published_rating"] == "false"

        # A correction: reopened, a new verdict, approved by the other editor, published with a note.
        state = desk.post(f"{url}/steps/reopen/", {"version": state["version"], "reason": "Revised figures"})
        state = desk.post(f"{url}/steps/propose/", {"version": state["version"], "rating": "mostly-false",
                                                    "conclusion": "Revised figures: 200,000."})
        state = second.post(f"{url}/steps/approve/", {"version": state["version"]})
        state = second.post(f"{url}/steps/publish/", {"version": state["version"],
                                                      "public_note": "Updated with the revised figures."})
        final = desk.get(f"{url}/")
        assert final["corrections"][0]["public_note"] == "Updated with the revised figures."
        assert [c["id"] for c in desk.get("/api/claims/?status=published")["results"]] == [claim["id"]]

    events = [json.loads(r["body"])["type"] for r in receiver.requests]
    assert events == ["claim.created", "claim.assigned", "claim.verdict_proposed", "claim.approved", "claim.published",
                      "claim.reopened", "claim.verdict_proposed", "claim.approved", "claim.corrected"]
    for request in receiver.requests:
        assert request["path"] == "/hooks"
        assert verify(endpoint.secret, request["headers"], request["body"])
        assert json.loads(request["body"])["data"]["id"] == claim["id"]
    assert set(endpoint.deliveries.values_list("state", flat=True)) == {WebhookDelivery.State.SUCCEEDED}
    # The public fact-check page shows the published verdict.
    public = Client().get(f"/fact-checks/{claim['id']}/")
    assert public.status_code == 200 and "Revised figures: 200,000." in public.content.decode()
    # An aggregator reads it from the public feeds: once, corrected, with the corrected verdict.
    feed = Client().get("/fact-checks/feed.json").json()
    [item] = [i for i in feed["items"] if i["url"].endswith(f"/fact-checks/{claim['id']}/")]
    assert "Revised figures: 200,000." in item["content_text"] and item["date_modified"] != item["date_published"]
    datafeed = b"".join(Client().get("/fact-checks/claimreview.json").streaming_content)
    reviews = json.loads(datafeed)["dataFeedElement"]
    assert [r["reviewRating"]["alternateName"] for r in reviews if r["url"].endswith(f"/fact-checks/{claim['id']}/")] \
        == ["Mostly false"]
