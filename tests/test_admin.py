"""The admin shows every model usefully and cannot be used to step around the workflow."""
import pytest

from claims.models import Claim

from .conftest import PASSWORD


@pytest.fixture
def editor_client(client, editor):
    client.login(username="editor", password=PASSWORD)
    return client


@pytest.mark.parametrize("model", ["article", "claim", "rating", "source", "historyentry", "note", "correction", "notification",
                                   "organisation"])
def test_changelists_open_for_editors(editor_client, claim, model):
    assert editor_client.get(f"/admin/claims/{model}/").status_code == 200


def test_claim_change_page_shows_span_and_history(editor_client, claim):
    page = editor_client.get(f"/admin/claims/claim/{claim.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert claim.quote in body and "Created" in body


def test_admin_edit_goes_through_the_model_with_history(editor_client, claim):
    data = {
        "text": "Six nations pledged troops", "claimant": "AFP", "claimant_url": "", "claim_type": "quantity",
        "priority": "3", "language": "en", "seen_version": str(claim.version),
        **{f"{prefix}-{k}": v for prefix in ("evidence", "notes", "corrections", "history")
           for k, v in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()},
    }
    response = editor_client.post(f"/admin/claims/claim/{claim.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert claim.text == "Six nations pledged troops" and claim.version == 2
    assert claim.history.filter(field="text").exists()

    data["text"] = "A stale edit"
    stale = editor_client.post(f"/admin/claims/claim/{claim.pk}/change/", data)
    assert stale.status_code == 200 and "Someone else changed this claim" in stale.content.decode()
    assert Claim.objects.get(pk=claim.pk).text == "Six nations pledged troops"


def test_status_is_not_editable_in_the_admin(editor_client, claim):
    page = editor_client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert 'name="status"' not in page and 'name="rating"' not in page


def test_admin_corrects_a_claims_language_through_the_model_and_refuses_a_bad_code(editor_client, claim):
    data = {
        "text": claim.text, "claimant": "AFP", "claimant_url": "", "claim_type": "quantity", "priority": str(claim.priority),
        "language": "es", "seen_version": str(claim.version),
        **{f"{prefix}-{k}": v for prefix in ("evidence", "notes", "corrections", "history")
           for k, v in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()},
    }
    response = editor_client.post(f"/admin/claims/claim/{claim.pk}/change/", data)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.language == "es" and claim.history.filter(field="language", old_value="en", new_value="es").exists()

    data.update(language="Spanish!", seen_version=str(claim.version))
    refused = editor_client.post(f"/admin/claims/claim/{claim.pk}/change/", data)
    assert refused.status_code == 200 and "Enter a language code such as en, es, fr or pt-BR." in refused.content.decode()
    assert Claim.objects.get(pk=claim.pk).language == "es"


def test_admin_corrects_an_articles_language_and_refuses_a_bad_code(editor_client, claim):
    article = claim.article
    data = {"title": article.title, "url": "", "publisher": article.publisher, "author": "", "published_on": "",
            "language": "fr", "body": article.body}
    response = editor_client.post(f"/admin/claims/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.language == "fr"
    refused = editor_client.post(f"/admin/claims/article/{article.pk}/change/", {**data, "language": "French?"})
    assert refused.status_code == 200 and "Enter a language code such as en, es, fr or pt-BR." in refused.content.decode()
    article.refresh_from_db()
    assert article.language == "fr"
