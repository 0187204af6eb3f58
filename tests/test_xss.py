"""XSS: hostile text stored in every field a person can fill renders inert in every page, every htmx
fragment, the admin, public pages and reports.

Each payload goes into every text field of its own article and claim (title, publisher, author, body,
claim text, claimant, conclusion, justification, reasons and comments, source title, publisher and
excerpt, notes, the public note of a correction) and into people's names. Every page from the URL
configuration (tests/every_page.py) is then rendered for every hostile object and parsed with
html.parser: every HTML payload carries a `data-xss` attribute, so any element that has it is
markup that escaped; scripts without the nonce, event handlers, styles, javascript: URLs and
htmx attributes from the corpus are reported by tests/html_rules.py."""
import json

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client

from claims.models import Article, Claim, Evidence, Organisation, Rating, Source

from .every_page import World, all_routes, concrete_url
from .html_rules import audit, body_of, nonce_of

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 400
CORPUS = [
    '<script data-xss>alert("xss")</script>',
    '"><img src=x onerror="alert(1)" data-xss>',
    "'><svg onload=alert(1) data-xss>",
    "</textarea></title></option><script data-xss>alert(1)</script>",
    '<a href="javascript:alert(1)" data-xss>click me</a>',
    "javascript:alert(document.cookie)",
    '<div hx-get="/xss/" hx-trigger="load" hx-target="body" data-xss>swap</div>',
    '" hx-post="/xss/" hx-trigger="load" data-xss="',
    "' hx-on:click='alert(1)' data-xss='",
    '{{ 7|add:35 }}xss {% now "Y" %}xss {{ request.user.password }}',
    "<style data-xss>*{display:none}</style>",
    "</script><script data-xss>alert(1)</script>",
    "<!--<img src=x onerror=alert(1) data-xss>-->",
    "Ignore\u202etxt.exe\u202c \u2066RTL\u2069 override and \u200f marks",
    LONG_WORD,
]
# What template text would have rendered as, had it been evaluated.
EVALUATED = ["42xss", "2026xss", "2027xss"]


def fit(payload, field):
    """The payload cut to the field's length (the long word and CharFields)."""
    limit = field.max_length
    return payload[:limit] if limit else payload


def text_field(model, name):
    return model._meta.get_field(name)


class HostileWorld(World):
    """The test world, plus one article and one claim per payload with the payload in every text
    field, walked through the workflow to every status."""

    def __init__(self, article):
        super().__init__(article)
        editor, editor2, checker = self.users["editor"], self.users["editor2"], self.users["checker"]
        statuses = ["in_research", "in_review", "verified", "published", "dismissed"]
        self.hostile_claims, self.hostile_articles = [], []
        rating = Rating.objects.get(slug="false")
        for i, payload in enumerate(CORPUS):
            f = lambda model, name: fit(payload, text_field(model, name))  # noqa: E731
            body = f"Before the claim. {payload} After the claim.\n\nA second paragraph {payload[:200]}."
            article = Article.objects.create(
                title=f(Article, "title"), publisher=f(Article, "publisher"), author=f(Article, "author"), body=body,
            )
            start = article.body.index(payload[:50])
            claim = Claim.create_from_span(article, start, start + min(len(payload), 400) if len(payload) > 1 else start + 1,
                                           text=f(Claim, "text") or "x", claimant=f(Claim, "claimant"))
            target = statuses[i % len(statuses)]
            if target == "dismissed":
                claim.transition("dismiss", editor, version=claim.version, reason=payload)
            else:
                claim.transition("assign", editor, version=claim.version, assignee=checker)
                source = Source(url=f"https://example.org/hostile-{i}", title=f(Source, "title"),
                                publisher=f(Source, "publisher"))
                claim.add_evidence(checker, source, Evidence.Stance.REFUTES, payload)
                claim.add_note(checker, payload)
                if target != "in_research":
                    claim.transition("propose", checker, version=claim.version, rating=rating, conclusion=payload,
                                     justification=payload)
                if target == "in_research" and i > 5:
                    claim.transition("propose", checker, version=claim.version, rating=rating, conclusion=payload,
                                     justification=payload)
                    claim.transition("send_back", editor, version=claim.version, comment=payload)
                if target in ("verified", "published"):
                    claim.transition("approve", editor2, version=claim.version)
                if target == "published":
                    claim.transition("publish", editor2, version=claim.version)
                    claim.transition("reopen", editor2, version=claim.version, reason=payload)
                    claim.transition("propose", checker, version=claim.version, rating=Rating.objects.get(slug="true"),
                                     conclusion=payload, justification=payload)
                    claim.transition("approve", editor2, version=claim.version)
                    claim.transition("publish", editor2, version=claim.version, public_note=payload)
            self.hostile_claims.append(claim)
            self.hostile_articles.append(article)
        # People's names and the organisation's settings are text someone typed too.
        for user, payload in zip(self.users.values(), CORPUS):
            User.objects.filter(pk=user.pk).update(first_name=payload[:150], last_name=CORPUS[-2][:150])
        Organisation.objects.filter(pk=1).update(name=CORPUS[0][:200], methodology=CORPUS[1])
        self.claim = self.hostile_claims[0]


@pytest.fixture
def hostile(article):
    return HostileWorld(article)


def escaped_markup(response, where, standalone_file=False):
    """The ways hostile text could have escaped in this response."""
    content_type = response.get("Content-Type", "")
    text = body_of(response).decode()
    problems = [f"{where}: template text was evaluated ({marker})" for marker in EVALUATED if marker in text]
    if content_type.startswith("text/html"):
        page = audit(text, nonce_of(response))
        # A downloaded report is a file with its stylesheet inside; only escaping matters there.
        problems += [f"{where}: {p}" for p in page.problems if not (standalone_file and "<style>" in p)]
        problems += [f"{where}: <{tag}> from the corpus became markup" for tag, attrs in page.tags if "data-xss" in attrs]
        problems += [f"{where}: {name}={value!r} from the corpus became an attribute"
                     for tag, name, value in page.attributes if name.startswith("hx-") and "/xss/" in value]
    elif "json" in content_type:
        json.loads(text)  # a report or export that is not valid JSON any more was broken by the text
    return problems


ROUTES = all_routes()


def urls_for(route, world):
    """The route's URL for every hostile object its parameters can name, or once."""
    params = route.parameters
    if not route.is_admin and params in (["pk"],) and route.route.startswith("claims/"):
        return [concrete_url(route, world, {"pk": c.pk}) for c in world.hostile_claims]
    if not route.is_admin and params in (["pk"],) and route.route.startswith("articles/"):
        return [concrete_url(route, world, {"pk": a.pk}) for a in world.hostile_articles]
    if route.is_admin and "object_id" in params and route.route.startswith("admin/claims/claim/"):
        return [concrete_url(route, world, {"object_id": c.pk}) for c in world.hostile_claims[:4]]
    return [concrete_url(route, world)]


@pytest.mark.parametrize("kind", ["anonymous", "viewer", "checker", "superuser"])
def test_hostile_text_renders_inert_in_every_page(hostile, kind):
    client = Client()
    if kind != "anonymous":
        client.force_login(hostile.user(kind))
    problems = []
    seen = 0
    for route in ROUTES:
        if kind in ("viewer", "checker") and route.is_admin:
            continue  # not staff: the admin only redirects them
        for url in urls_for(route, hostile):
            response = client.get(url)
            assert response.status_code < 500, url
            seen += response.status_code == 200
            problems += escaped_markup(response, f"{kind} GET {url}")
            if not route.is_admin:
                fragment = client.get(url, HTTP_HX_REQUEST="true")
                problems += escaped_markup(fragment, f"{kind} htmx GET {url}")
    assert not problems, "\n".join(problems[:40])
    assert seen > 0


def test_hostile_input_through_the_forms_renders_inert_in_the_fragments(hostile):
    """The same corpus typed into the workbench's own forms (htmx), successes and refusals alike."""
    checker, editor = Client(), Client()
    checker.force_login(hostile.users["checker"])
    editor.force_login(hostile.users["editor"])
    htmx = {"HTTP_HX_REQUEST": "true"}
    problems = []
    for payload in CORPUS:
        claim = Claim.objects.get(pk=hostile.claims["in_research"].pk)
        answers = {
            "note": checker.post(f"/claims/{claim.pk}/notes/", {"body": payload}, **htmx),
            "evidence": checker.post(f"/claims/{claim.pk}/evidence/", {
                "stance": "supports", "excerpt": payload, "source-url": "https://example.org/x",
                "source-title": payload[:300], "source-publisher": payload[:200]}, **htmx),
            "bad source url": checker.post(f"/claims/{claim.pk}/evidence/", {
                "stance": "supports", "excerpt": payload, "source-url": payload[:1000],
                "source-title": payload[:300]}, **htmx),
            "details": checker.post(f"/claims/{claim.pk}/details/", {
                "version": claim.version, "text": payload[:300], "claimant": payload[:200], "claim_type": "other",
                "priority": "2"}, **htmx),
            "refused step": checker.post(f"/claims/{claim.pk}/steps/approve/", {"version": claim.version, "comment": payload}, **htmx),
            "send back": editor.post(f"/claims/{hostile.claims['in_review'].pk}/steps/send_back/", {
                "version": 999, "comment": payload}, **htmx),
            "bad url": checker.post(f"/claims/{claim.pk}/details/", {
                "version": claim.version, "text": "ok", "claimant_url": payload[:200], "claim_type": "other", "priority": "2"}, **htmx),
        }
        for name, response in answers.items():
            assert response.status_code < 500, (name, payload[:40])
            problems += escaped_markup(response, f"{name} with {payload[:30]!r}")
        page = checker.get(f"/claims/{claim.pk}/")
        problems += escaped_markup(page, f"detail after {payload[:30]!r}")
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize("payload", [p for p in CORPUS if ("data-xss" in p or "{{" in p) and not p.startswith("<!--")])
def test_the_checks_catch_each_payload_left_unescaped(payload):
    """The detector itself: each payload printed without escaping, in the context it is written to
    break out of (a text node, a double- or a single-quoted attribute), is reported. Otherwise the
    tests above could pass by seeing nothing."""
    from django.http import HttpResponse

    rendered = payload.replace("{{ 7|add:35 }}", "42").replace('{% now "Y" %}', "2026")
    caught = []
    for html in (f"<p>{rendered}</p>", f'<input value="{rendered}">', f"<input value='{rendered}'>"):
        response = HttpResponse(f"<!doctype html><html><body>{html}</body></html>", content_type="text/html")
        response["Content-Security-Policy"] = "script-src 'self' 'nonce-abcdefghijklmnopqrstuv'"
        caught += escaped_markup(response, html)
    assert caught


def test_hostile_text_is_inert_in_every_export_and_report(client, hostile):
    """The downloads (CSV, JSON, ClaimReview, Markdown, HTML report) and each article's report, for
    every status: JSON stays valid JSON, HTML stays inert."""
    client.force_login(hostile.users["editor"])
    problems = []
    for fmt in ["csv", "json", "claimreview", "md", "html"]:
        for status in (["published"] if fmt == "claimreview" else ["published", "all"]):
            response = client.get("/exports/", {"format": fmt, "status": status})
            assert response.status_code == 200, (fmt, status)
            body = body_of(response)
            assert b"Pneumonoultramicroscopic" in body or status == "published", "the hostile claims are in the export"
            copy = HttpResponse(body, content_type=response["Content-Type"])
            copy["Content-Security-Policy"] = response.get("Content-Security-Policy", "")
            problems += escaped_markup(copy, f"export {fmt} {status}", standalone_file=True)
    for article in hostile.hostile_articles:
        for query in ({}, {"status": "all"}, {"status": "all", "download": "1"}):
            response = client.get(f"/articles/{article.pk}/report/", query)
            assert response.status_code == 200
            problems += escaped_markup(response, f"report {article.pk} {query}", standalone_file="download" in query)
    assert not problems, "\n".join(problems[:40])
