"""Web addresses people type are only ever http or https: through every form that takes one (evidence
sources and their archived copies, the claimant's page, an imported article's origin, the admin's
source, article and organisation forms) anything else is refused and nothing is stored."""
import pytest

from claims.models import Article, Claim, Organisation, Source

from .conftest import PASSWORD

# ("//host/" is not here: the forms read it as https://host/, an ordinary web address.)
HOSTILE_URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "file:///etc/passwd", "ftp://example.org/file", "ftps://example.org/file",
    "http:/evil", "https://", "mailto:a@example.org", "java\tscript:alert(1)",
]
GOOD = "https://example.org/report"


@pytest.fixture
def researched(claim, editor, checker):
    claim.transition("assign", editor, version=claim.version, assignee=checker)
    return Claim.objects.get(pk=claim.pk)


def stored_urls():
    return (set(Source.objects.values_list("url", flat=True)) | set(Source.objects.values_list("archive_url", flat=True))
            | set(Claim.objects.values_list("claimant_url", flat=True)) | set(Article.objects.values_list("url", flat=True))
            | set(Organisation.objects.values_list("url", flat=True)))


def only_web_addresses():
    return all(u == "" or u.startswith(("http://", "https://")) for u in stored_urls())


@pytest.mark.parametrize("url", HOSTILE_URLS)
@pytest.mark.parametrize("field", ["source-url", "source-archive_url"])
def test_the_evidence_form_refuses_other_schemes(client, researched, checker, url, field):
    client.force_login(checker)
    data = {"stance": "refutes", "source-url": GOOD, "source-title": "A report", "source-accessed_on": "2026-01-01",
            field: url}
    response = client.post(f"/claims/{researched.pk}/evidence/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert not Source.objects.exists() and only_web_addresses()


def test_the_evidence_form_accepts_http_and_https(client, researched, checker):
    client.force_login(checker)
    for i, url in enumerate(["http://example.org/a", "https://example.org/b"]):
        response = client.post(f"/claims/{researched.pk}/evidence/", {
            "stance": "refutes", "source-url": url, "source-title": f"Report {i}", "source-accessed_on": "2026-01-01",
        }, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
    assert set(Source.objects.values_list("url", flat=True)) == {"http://example.org/a", "https://example.org/b"}


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_the_details_form_refuses_other_schemes_for_the_claimant(client, researched, editor, url):
    client.force_login(editor)
    response = client.post(f"/claims/{researched.pk}/details/", {
        "version": researched.version, "text": researched.text, "claimant": "AFP", "claimant_url": url,
        "claim_type": researched.claim_type, "priority": researched.priority,
    }, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert Claim.objects.get(pk=researched.pk).claimant_url == "" and only_web_addresses()


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_the_import_form_refuses_other_schemes(client, editor, url):
    client.force_login(editor)
    before = Article.objects.count()
    response = client.post("/articles/import/", {"title": "Imported", "url": url, "text": "A sentence to import. " * 5})
    assert response.status_code == 400
    assert Article.objects.count() == before and only_web_addresses()


@pytest.mark.parametrize("url", HOSTILE_URLS[:6])
def test_the_admin_forms_refuse_other_schemes(client, superuser, url):
    client.login(username="root", password=PASSWORD)
    response = client.post("/admin/claims/source/add/", {"url": url, "title": "T", "accessed_on": "2026-01-01"})
    assert response.status_code == 200 and "<title>Error:" in response.content.decode()
    organisation = Organisation.current()
    response = client.post(f"/admin/claims/organisation/{organisation.pk}/change/", {
        "name": "N", "url": url, "public_base_url": GOOD, "methodology": "M", "corrections_policy_url": ""})
    assert response.status_code == 200 and "<title>Error:" in response.content.decode()
    assert only_web_addresses() and not Source.objects.exists()


def test_the_model_refuses_other_schemes_whatever_the_form(researched, checker):
    from claims.workflow import NotReady

    for url in HOSTILE_URLS:
        with pytest.raises(NotReady, match="http:// or https://"):
            researched.add_evidence(checker, Source(url=url, title="T"), "refutes")
    assert not Source.objects.exists()
