"""What readers see and what leaves the building, in the desk's language (issue #18): rating labels
per language (data the desk edits), the public fact-check page and its ClaimReview in the article's
language, feed entries in theirs, the reports and the Exports page in the reader's."""
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils import translation

from claims import exports
from claims.models import Rating, RatingTranslation

from .conftest import compile_stale_catalogues, login
from .export_fixtures import newsroom, organisation  # noqa: F401  (fixtures)

LD_JSON = re.compile(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', re.S)
LOCALE = Path(__file__).resolve().parents[1] / "locale"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues():
    compile_stale_catalogues()


def in_language(article, code):
    article.language = code
    article.save()


def page(client, claim, accept=None):
    headers = {"Accept-Language": accept} if accept else {}
    return client.get(f"/fact-checks/{claim.pk}/", headers=headers)


def claim_review_on(html):
    return json.loads(LD_JSON.search(html).group(1))


# --- Rating labels are data ------------------------------------------------------------------------

def test_the_seeded_scale_has_the_glossarys_labels_and_definitions(db):
    false = Rating.objects.get(slug="false")
    assert false.label_in("es") == "Falso"
    assert false.label_in("de") == "Falsch"
    assert false.label_in("uk") == "Неправда"
    assert false.label_in("ar") == "خاطئ"
    assert Rating.objects.get(slug="half-true").label_in("ar") == "نصف صحيح"
    assert Rating.objects.get(slug="unverifiable").label_in("fr") == "Invérifiable"
    assert false.definition_in("es") == "La afirmación no es exacta."


def test_a_label_is_found_from_any_spelling_of_the_language(db):
    mostly_true = Rating.objects.get(slug="mostly-true")
    assert mostly_true.label_in("pt-BR") == mostly_true.label_in("pt_BR") == "Quase verdadeiro"
    # A generic code falls to the site's variant of it (Django's choice), as Article.language often is.
    assert mostly_true.label_in("pt") == "Quase verdadeiro"


def test_a_language_the_desk_has_not_worded_shows_the_base_label(db):
    false = Rating.objects.get(slug="false")
    assert false.label_in("en") == "False"
    assert false.label_in("it") == "False"
    assert false.label_in("") == "False"
    assert false.definition_in("it") == false.definition
    RatingTranslation.objects.filter(rating=false, language="es").update(definition="")
    assert Rating.objects.get(slug="false").definition_in("es") == false.definition


def test_the_workbench_shows_a_rating_in_the_active_language(db):
    false = Rating.objects.get(slug="false")
    with translation.override("de"):
        assert false.shown_label == "Falsch"
        assert Rating.labels_in(translation.get_language())[false.pk] == "Falsch"
    assert false.shown_label == "False"


def test_the_admin_edits_a_ratings_labels_inline(client, superuser):
    login(client, superuser)
    rating = Rating.objects.create(label="Satire", slug="satire", definition="A joke taken literally.", order=9)
    form = {
        "label": "Satire", "slug": "satire", "definition": "A joke taken literally.", "value": "", "colour": "#777777",
        "order": "9", "translations-TOTAL_FORMS": "1", "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0", "translations-MAX_NUM_FORMS": "1000",
        "translations-0-language": "es", "translations-0-label": "Sátira",
        "translations-0-definition": "Una broma tomada al pie de la letra.",
    }
    response = client.post(f"/admin/claims/rating/{rating.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Rating.objects.get(pk=rating.pk).label_in("es") == "Sátira"


def test_the_admin_refuses_a_second_label_in_the_same_language(client, superuser):
    login(client, superuser)
    false = Rating.objects.get(slug="false")
    existing = false.translations.get(language="es")
    form = {
        "label": false.label, "slug": false.slug, "definition": false.definition, "value": str(false.value),
        "colour": false.colour, "order": str(false.order),
        "translations-TOTAL_FORMS": "1", "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0", "translations-MAX_NUM_FORMS": "1000",
        "translations-0-language": "es", "translations-0-label": "Mentira", "translations-0-definition": "",
    }
    response = client.post(f"/admin/claims/rating/{false.pk}/change/", form)
    assert response.status_code == 200  # the form again, with its error; nothing saved
    assert false.translations.get(language="es") == existing and existing.label == "Falso"


# --- The public page in the article's language ------------------------------------------------------

def test_a_spanish_articles_fact_check_reads_in_spanish_whatever_the_visitor_prefers(client, newsroom):
    in_language(newsroom["published"].article, "es")
    response = page(client, newsroom["published"], accept="de")
    html = response.content.decode()
    assert '<html lang="es" dir="ltr">' in html
    assert response["Content-Language"] == "es"
    assert "Nuestro veredicto" in html and "Our verdict" not in html
    assert 'data-rating="false">Falso</span>' in html
    assert "La afirmación no es exacta." in html
    assert "Lo dijo <strong>" in html and "Said by" not in html


def test_corrections_name_the_verdicts_in_the_articles_language(client, newsroom):
    in_language(newsroom["corrected"].article, "fr")
    html = page(client, newsroom["corrected"]).content.decode()
    assert "verdict modifié de Faux à À moitié vrai." in html


def test_an_article_in_a_language_the_site_has_no_words_for_reads_in_the_visitors(client, newsroom):
    in_language(newsroom["published"].article, "it")
    response = page(client, newsroom["published"], accept="de")
    html = response.content.decode()
    assert '<html lang="de" dir="ltr">' in html
    assert "Unser Urteil" in html and 'data-rating="false">Falsch</span>' in html
    assert response["Content-Language"] == "de"


def test_a_right_to_left_articles_page_is_right_to_left(client, newsroom):
    in_language(newsroom["published"].article, "ar")
    assert '<html lang="ar" dir="rtl">' in page(client, newsroom["published"]).content.decode()


def test_the_public_index_is_in_the_visitors_language(client, newsroom):
    html = client.get("/fact-checks/", headers={"Accept-Language": "uk"}).content.decode()
    assert '<html lang="uk" dir="ltr">' in html
    assert "Усі фактчеки" in html and 'data-rating="false">Неправда</span>' in html


def test_the_page_in_english_is_unchanged(client, newsroom):
    html = page(client, newsroom["published"]).content.decode()
    assert '<html lang="en-gb" dir="ltr">' in html and "Our verdict" in html


# --- ClaimReview --------------------------------------------------------------------------------------

def test_claimreview_on_the_page_says_its_language_and_the_verdict_in_it(client, newsroom):
    in_language(newsroom["published"].article, "pt-BR")
    review = claim_review_on(page(client, newsroom["published"]).content.decode())
    assert review["inLanguage"] == "pt-BR"
    assert review["itemReviewed"]["appearance"]["inLanguage"] == "pt-BR"
    assert review["reviewRating"]["alternateName"] == "Falso"
    assert review["reviewRating"]["ratingValue"] == 1  # the numbers do not change with the language


def test_claimreview_export_gives_each_review_its_articles_language(newsroom):
    in_language(newsroom["published"].article, "uk")
    chunks = "".join(exports.export_claimreview(exports.select_claims()))
    reviews = json.loads(chunks)
    assert {review["inLanguage"] for review in reviews} == {"uk"}
    assert {review["reviewRating"]["alternateName"] for review in reviews} == {"Неправда", "Напівправда"}


def test_claimreview_keeps_the_base_label_where_the_desk_gave_none(newsroom):
    RatingTranslation.objects.filter(language="de").delete()
    in_language(newsroom["published"].article, "de")
    reviews = json.loads("".join(exports.export_claimreview(exports.select_claims())))
    assert {review["reviewRating"]["alternateName"] for review in reviews} == {"False", "Half true"}


# --- Feeds ------------------------------------------------------------------------------------------

def test_each_feed_entry_is_in_its_articles_language(client, newsroom):
    in_language(newsroom["published"].article, "es")
    feed = ET.fromstring(client.get("/fact-checks/feed.atom", headers={"Accept-Language": "de"}).content)
    assert feed.get(XML_LANG) == "en-gb"  # the feed's own words: the site's language
    assert feed.find(f"{ATOM}title").text == "Example Fact Check: fact checks"
    entries = feed.findall(f"{ATOM}entry")
    assert {entry.get(XML_LANG) for entry in entries} == {"es"}
    assert any("Nuestro veredicto: Falso." in entry.find(f"{ATOM}content").text for entry in entries)
    items = json.loads(client.get("/fact-checks/feed.json").content)["items"]
    assert {item["language"] for item in items} == {"es"}
    assert any(item["title"].startswith("Falso: ") for item in items)


def test_renaming_a_translated_label_changes_the_feeds_etag(client, newsroom):
    before = client.get("/fact-checks/feed.atom")["ETag"]
    RatingTranslation.objects.filter(language="es", rating__slug="false").update(label="Falsa")
    assert client.get("/fact-checks/feed.atom")["ETag"] != before


# --- Reports and the Exports page in the reader's language ------------------------------------------

def test_the_exports_page_and_the_report_are_in_the_readers_language(client, editor, newsroom):
    login(client, editor)
    html = client.get("/exports/", headers={"Accept-Language": "de"}).content.decode()
    assert "Herunterladen" in html and "Welches Format?" in html
    assert "Falsch" in html  # the verdict filter's choices
    article = newsroom["published"].article
    report = b"".join(client.get(f"/articles/{article.pk}/report/", headers={"Accept-Language": "es"})
                      .streaming_content).decode()
    assert '<html lang="es" dir="ltr">' in report
    assert "2 afirmaciones verificadas." in report and "Falso" in report
    assert "el veredicto cambió de Falso a Verdad a medias." in report
