"""Language per article (detected at import, or given) and per claim (its article's), and the
claims list's language filter (claims/language.py)."""
import pytest
from django.urls import reverse

from claims.importing import import_article
from claims.language import detect_language
from claims.models import Article, Claim

from .conftest import login


@pytest.mark.parametrize("text, code", [
    ("Only six nations pledged troops to the coalition, the minister said on Tuesday.", "en"),
    ("Solo seis países han comprometido tropas con la coalición, dijo el ministro.", "es"),
    ("Seulement six pays ont promis des troupes à la coalition, a déclaré le ministre.", "fr"),
    ("Deutschland wird 5.000 Soldaten nach Litauen schicken, sagte der Minister.", "de"),
    ("O Brasil perdeu 11 mil quilómetros quadrados de floresta em 2021, segundo o governo.", "pt"),
    ("Росія припинила постачання газу до Польщі", "uk"),
    ("12345 678", ""),
])
def test_detects_common_newsroom_languages_and_says_so_when_unsure(text, code):
    assert detect_language(text) == code


def test_an_imported_article_gets_its_detected_language_unless_one_is_given(db):
    spanish = import_article(body="El gobierno aprobó el presupuesto de la ciudad con los votos de la mayoría.", title="Presupuesto")
    assert spanish.language == "es"
    given = import_article(body="The council approved the budget by a large majority of the votes.", title="Budget", language="en-GB")
    assert given.language == "en-GB"
    unsure = import_article(body="12345 678 91011", title="Numbers")
    assert unsure.language == "und"


def test_a_claim_takes_its_articles_language_and_the_list_filters_by_it(client, viewer, db):
    french = Article.objects.create(title="Troupes", language="fr", body="Seulement six pays ont promis des troupes.")
    english = Article.objects.create(title="Troops", language="en", body="Only six nations pledged troops.")
    a = Claim.create_from_span(french, 0, 10, text="Seulement six pays ont promis des troupes")
    b = Claim.create_from_span(english, 0, 10, text="Only six nations pledged troops")
    assert (a.language, b.language) == ("fr", "en")
    login(client, viewer)
    html = client.get(reverse("claims:list"), {"language": "fr"}).content.decode()
    assert a.text in html and b.text not in html
    assert "is not one of the choices" in client.get(reverse("claims:list"), {"language": "xx<"}).content.decode()


def test_the_import_form_refuses_a_language_that_is_not_a_code(client, editor):
    login(client, editor)
    response = client.post(reverse("claims:import_article"), {"title": "T", "text": "Some words here.", "language": "English!"})
    assert response.status_code == 400 and "Enter a language code" in response.content.decode()
