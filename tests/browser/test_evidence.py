"""Adding evidence in a browser: re-citing a source the desk already has (found with the search-as-you-
type picker, from the keyboard) and describing a new one (issue #16: HTML `required` on the new source's
fields blocked the first)."""
import pytest
from playwright.sync_api import expect

from claims.models import Claim, Evidence, Source

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def researched(seed, editor, checker):
    claim = Claim.objects.order_by("pk").first()
    claim.transition("assign", editor, version=claim.version, assignee=checker)
    Source.objects.bulk_create(
        Source(url=f"https://example.org/report-{i}", title=f"Annual report {i}", publisher="Statistics office")
        for i in range(250)
    )
    Source.objects.create(url="https://www.sipri.org/databases/milex", title="Military expenditure database", publisher="SIPRI")
    return claim


def test_evidence_from_an_existing_source_then_from_a_new_one(open_session, researched, checker):
    session = open_session(checker)
    page = session.go(researched.get_absolute_url())
    page.click("#evidence summary")

    # An existing source, found among 251 by a word of its publisher, chosen with the keyboard.
    page.fill("#id_evidence_source", "sipri")
    option = page.locator("#id_evidence_source_listbox [role=option]")
    expect(option).to_have_count(1)
    assert "SIPRI · not cited yet" in option.first.inner_text()
    assert page.get_attribute("#id_evidence_source", "aria-expanded") == "true"
    assert_accessible(page)
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#id_evidence_source", "aria-activedescendant") == option.first.get_attribute("id")
    page.keyboard.press("Enter")
    assert page.input_value("#id_evidence_source_value") == str(Source.objects.get(publisher="SIPRI").pk)
    assert "Chosen: Military expenditure database" in page.inner_text("#id_evidence_source_chosen")
    page.check("input[name=stance][value=supports]")
    page.click("#evidence form button[type=submit]")
    page.wait_for_selector("#evidence .evidence-list >> text=Military expenditure database")
    assert Source.objects.count() == 251
    assert Evidence.objects.get(claim=researched).source.publisher == "SIPRI"

    # A new source, described in the form (the picker left empty).
    page.click("#evidence summary")
    page.fill("#id_source-url", "https://www.nato.int/cps/en/natohq/topics_49198.htm")
    page.fill("#id_source-title", "Defence expenditures of NATO countries")
    page.check("input[name=stance][value=context]")
    page.click("#evidence form button[type=submit]")
    page.wait_for_selector("#evidence .evidence-list >> text=Defence expenditures of NATO countries")
    assert Source.objects.count() == 252
    assert researched.evidence.count() == 2
    assert_accessible(page)


def test_the_picker_says_when_nothing_matches_and_a_choice_can_be_cleared(open_session, researched, checker):
    page = open_session(checker).go(researched.get_absolute_url())
    page.click("#evidence summary")
    page.fill("#id_evidence_source", "annual report")
    page.locator("#id_evidence_source_listbox .autocomplete-more").wait_for()
    page.locator("#id_evidence_source_listbox [role=option]").first.click()
    assert page.input_value("#id_evidence_source_value") != ""
    page.click("[data-autocomplete-clear]")
    assert page.input_value("#id_evidence_source_value") == ""
    page.fill("#id_evidence_source", "no such thing anywhere")
    page.locator("#id_evidence_source_listbox .autocomplete-empty").wait_for()
    # Submitting with neither a choice nor a new source explains what is missing.
    page.check("input[name=stance][value=supports]")
    page.click("#evidence form button[type=submit]")
    page.wait_for_selector("#evidence >> text=Pick an existing source, or describe a new one below.")
    assert Evidence.objects.count() == 0
