"""A claim's language (detected when it is made) is corrected by an editor or its fact-checker on the
claim page, through Claim.update_details like any detail: rule, version check, history. The claims
list filters by it."""
from django.urls import reverse

from claims.models import HistoryEntry
from claims.workflow import NotReady

from .conftest import login
from .test_claim_actions import HTMX, details_data, details_url


def listed(client, **params):
    return client.get(reverse("claims:list"), params).content.decode()


def test_an_editor_corrects_the_language_and_the_list_filter_follows(client, claim, editor):
    assert claim.language == "en"  # the article's, when the claim was made
    login(client, editor)
    assert 'id="id_details_language"' in client.get(claim.get_absolute_url()).content.decode()
    response = client.post(details_url(claim), details_data(claim, language="fr"), **HTMX)
    assert response.status_code == 200 and 'class="claim-language">fr<' in response.content.decode()
    claim.refresh_from_db()
    assert (claim.language, claim.version) == ("fr", 2)
    entry = claim.history.get(field="language")
    assert (entry.action, entry.old_value, entry.new_value, entry.actor) == (HistoryEntry.Action.EDIT, "en", "fr", editor)
    assert claim.text in listed(client, language="fr")
    assert claim.text not in listed(client, language="en")


def test_the_list_filter_finds_regional_variants_of_a_language(client, claim, editor):
    claim.update_details(editor, version=claim.version, language="pt-BR")
    login(client, editor)
    assert claim.text in listed(client, language="pt")
    assert claim.text not in listed(client, language="es")


def test_a_code_that_is_not_a_language_is_refused_and_changes_nothing(client, claim, editor):
    response = login(client, editor).post(details_url(claim), details_data(claim, language="English!"), **HTMX)
    assert response.status_code == 422
    assert "Enter a language code such as en, es, fr or pt-BR." in response.content.decode()
    claim.refresh_from_db()
    assert (claim.language, claim.version) == ("en", 1)


def test_the_model_refuses_a_bad_code_from_any_door(claim, editor):
    try:
        claim.update_details(editor, version=claim.version, language="english please")
    except NotReady as refusal:
        assert "is not a language code" in refusal.message
    else:
        raise AssertionError("a bad language code was saved")
    claim.refresh_from_db()
    assert claim.language == "en" and not claim.history.filter(field="language").exists()


def test_only_those_who_may_edit_the_claim_may_change_its_language(client, claim, checker, viewer):
    for user in (checker, viewer):
        response = login(client, user).post(details_url(claim), details_data(claim, language="de"), **HTMX)
        assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.language == "en"

