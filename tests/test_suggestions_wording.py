"""The suggestions page in words a journalist reads (issue #16): reasons in plain words, a short default
title, the claimant's whole name, the sentence shown once after accepting, no silent exact duplicate."""
import re

import pytest
from django.urls import reverse

from claims.models import Article, Claim
from claims.suggest import TITLE_LENGTH, claim_title, describe_reason, describe_reasons, score_sentences

from .conftest import login
from .test_capture_views import HTMX, SIX, accept_data

AFP = ("AFP, citing unnamed European officials, reported later that day that only six nations, including the UK, "
       "France, and the Baltic states of Estonia, Latvia, and Lithuania, had so far pledged to contribute troops.")


@pytest.mark.parametrize("reason, words", [
    ("named: BRUSSELS, Defence, NATO", "names Brussels, Defence and NATO"),
    ("role: Prime Minister", "cites someone's office (Prime Minister)"),
    ("number: six, 249", "gives a figure (six, 249)"),
    ("attribution: AFP reported", "reports what someone said (AFP reported)"),
    ("question: asks rather than states", "asks rather than states (counts against)"),
    ("something new: x", "something new: x"),
])
def test_each_reason_reads_as_plain_words(reason, words):
    assert describe_reason(reason) == words


def test_reasons_make_one_sentence():
    assert describe_reasons(("number: six", "named: AFP")) == "Gives a figure (six); names AFP."
    assert describe_reasons(()) == "Nothing in it looks check-worthy."


def test_the_default_title_is_the_claim_clause_in_about_75_characters():
    assert claim_title(AFP, "AFP") == "AFP: only six nations had so far pledged to contribute troops"
    title = claim_title("Estonian Prime Minister Kaja Kallas indicated that European nations hold diverging views on the "
                        "possibility of deploying a “peacekeeping” force to aid Kiev.", "Kaja Kallas")
    assert title.startswith("Kaja Kallas: European nations hold diverging views") and len(title) <= TITLE_LENGTH
    assert claim_title("Prices rose by 4%.") == "Prices rose by 4%"


@pytest.mark.parametrize("sentence", [s.text for s in score_sentences(open("seeds/article.txt").read())])
def test_every_seed_sentence_gets_a_short_title_cut_at_a_word(sentence):
    title = claim_title(sentence)
    assert len(title) <= TITLE_LENGTH + 10
    assert title.endswith("…") or title.rstrip("”.") and title.split()[-1].strip("”.…") in sentence


@pytest.mark.parametrize("sentence, claimant", [
    ("The United States operates 249 satellites, more than any other country.", ""),
    ("The United States said it operates 249 satellites.", "United States"),
    ("The United States operates 249 satellites, the Pentagon said.", "Pentagon"),
    ("According to the United States Space Force, the US operates 249 satellites.", "United States Space Force"),
])
def test_a_name_of_several_words_is_the_claimant_not_its_first_word(sentence, claimant):
    assert score_sentences(sentence)[0].claimant == claimant


@pytest.fixture
def long_article(db):
    from .conftest import ensure_newsroom_defaults

    ensure_newsroom_defaults()
    return Article.objects.create(title="Troops", body=AFP + "\n\nIt rained.")


def test_the_suggestion_offers_the_short_title_and_keeps_the_whole_sentence_as_quote(client, checker, long_article):
    html = login(client, checker).get(reverse("claims:suggestions", args=[long_article.pk])).content.decode()
    assert 'value="AFP: only six nations had so far pledged to contribute troops"' in html
    assert "Gives a figure (six)" in html


def test_after_accepting_the_long_sentence_is_shown_once(client, checker, long_article):
    start = 0
    prefix = f"s{start}"
    data = accept_data(long_article, AFP, claimant="AFP", text="AFP: only six nations had so far pledged to contribute troops")
    assert data[f"{prefix}-quote"] == AFP
    html = login(client, checker).post(reverse("claims:accept_suggestion", args=[long_article.pk]), data, **HTMX).content.decode()
    shown = re.sub(r"<form.*?</form>", "", html, flags=re.S)  # what is read, not the forms' hidden values
    assert shown.count("had so far pledged to contribute troops.") == 1  # the sentence itself, not repeated
    assert "Claim created:" in html and "troops</a>." not in html and ".." not in html


def test_accepting_the_same_sentence_again_is_refused_not_duplicated(client, checker, article):
    data = accept_data(article, SIX, text="Only six nations pledged troops")
    url = reverse("claims:accept_suggestion", args=[article.pk])
    login(client, checker).post(url, data, **HTMX)
    again = client.post(url, data)
    assert again.status_code == 400
    assert "“Only six nations pledged troops” already quotes exactly these words" in again.content.decode()
    assert Claim.objects.count() == 1
    # A different wording of the same words is another claim, made on purpose.
    reworded = client.post(url, accept_data(article, SIX, text="Six nations, not more, pledged troops"), **HTMX)
    assert reworded.status_code == 200 and Claim.objects.count() == 2


def test_high_scores_are_not_shown_in_the_warning_red():
    css = open("static/claims/app.css").read()
    rule = css[css.index(".score-high {"):].split("}", 1)[0]
    assert "--danger" not in rule
