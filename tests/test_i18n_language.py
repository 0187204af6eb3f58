"""Choosing the language (issue #18, docs/i18n.md): visitors get their browser's Accept-Language or the
switcher's choice; a signed-in person's preference wins over both; the page says its language and
direction; the JavaScript catalogue follows the address; weeks and dates follow the locale."""
import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from claims import locale
from claims.models import Notification, Preference

from .conftest import PASSWORD, login

COMPILED = Path(settings.BASE_DIR, "locale", "es", "LC_MESSAGES", "django.mo")
pytestmark = pytest.mark.skipif(not COMPILED.exists(), reason="translations not compiled: run `make messages`")

LOGIN = "/accounts/login/"


def html_tag(response):
    body = response.content.decode()
    return body[body.index("<html"):body.index(">", body.index("<html")) + 1]


@pytest.mark.django_db
def test_a_visitor_reads_the_log_in_page_in_the_language_their_browser_asks_for():
    response = Client(HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.5").get(LOGIN)
    assert html_tag(response) == '<html lang="es" dir="ltr">'
    assert "Inicia sesión para investigar, revisar y publicar afirmaciones." in response.content.decode()
    assert response["Content-Language"] == "es"


@pytest.mark.django_db
def test_without_accept_language_the_page_is_in_british_english():
    response = Client().get(LOGIN)
    assert html_tag(response) == '<html lang="en-gb" dir="ltr">'
    assert "Log in to research, review and publish claims." in response.content.decode()


@pytest.mark.django_db
def test_arabic_pages_are_right_to_left():
    response = Client(HTTP_ACCEPT_LANGUAGE="ar").get(LOGIN)
    assert html_tag(response) == '<html lang="ar" dir="rtl">'
    assert "تسجيل الدخول" in response.content.decode()


@pytest.mark.django_db
def test_the_switcher_on_the_log_in_page_changes_a_visitors_language():
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    page = client.get(LOGIN).content.decode()
    assert f'action="{reverse("set_language")}"' in page and 'name="language"' in page
    response = client.post(reverse("set_language"), {"language": "fr", "next": LOGIN})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert "Connectez-vous pour enquêter" in client.get(LOGIN).content.decode()


@pytest.mark.django_db
def test_a_language_that_is_not_offered_changes_nothing(checker):
    client = login(Client(), checker)
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    assert not Preference.objects.filter(user=checker).exists()


@pytest.mark.django_db
def test_an_empty_post_changes_nothing(checker):
    client = login(Client(), checker)
    client.post(reverse("set_language"), {})
    assert not Preference.objects.exists()


@pytest.mark.django_db
def test_a_signed_in_persons_preference_wins_over_their_browser(checker):
    Preference.objects.create(user=checker, language="de")
    client = login(Client(HTTP_ACCEPT_LANGUAGE="es"), checker)
    response = client.get(reverse("claims:home"))
    assert html_tag(response) == '<html lang="de" dir="ltr">'
    assert ">Meine Warteschlange</a>" in response.content.decode()


@pytest.mark.django_db
def test_the_preference_wins_over_the_switchers_cookie_too(checker):
    Preference.objects.create(user=checker, language="uk")
    client = login(Client(), checker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert html_tag(client.get(reverse("claims:home"))) == '<html lang="uk" dir="ltr">'


@pytest.mark.django_db
def test_without_a_preference_a_signed_in_person_gets_their_browsers_language(checker):
    client = login(Client(HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.8"), checker)
    response = client.get(reverse("claims:home"))
    assert html_tag(response) == '<html lang="pt-br" dir="ltr">'
    assert ">Minha fila</a>" in response.content.decode()


@pytest.mark.django_db
def test_the_preference_is_applied_at_log_in_through_the_form(checker):
    Preference.objects.create(user=checker, language="fr")
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    response = client.post(LOGIN, {"username": checker.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain and html_tag(response) == '<html lang="fr" dir="ltr">'
    assert client.session[locale.SESSION_KEY] == "fr"


@pytest.mark.django_db
def test_the_language_page_is_in_the_user_menu_and_saves_the_preference(checker):
    client = login(Client(), checker)
    home = client.get(reverse("claims:home")).content.decode()
    assert f'href="{reverse("language")}"' in home
    page = client.get(reverse("language")).content.decode()
    assert 'value="es"' in page and "Español" in page and "Українська" in page
    # Each language in its own words, whatever the page's language.
    page = client.get(reverse("language"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<h1>Sprache</h1>" in page and ">English</span>" in page and "Englisch" not in page
    response = client.post(reverse("set_language"), {"language": "es", "next": reverse("language")}, follow=True)
    assert Preference.objects.get(user=checker).language == "es"
    body = response.content.decode()
    assert html_tag(response) == '<html lang="es" dir="ltr">'
    assert "Idioma guardado." in body  # the confirmation in the language just chosen
    assert 'value="es" checked' in body


@pytest.mark.django_db
def test_choosing_the_browsers_language_clears_the_preference_and_the_cookie(checker):
    Preference.objects.create(user=checker, language="de")
    client = login(Client(HTTP_ACCEPT_LANGUAGE="fr"), checker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    response = client.post(reverse("set_language"), {"language": "", "next": "/"})
    assert Preference.objects.get(user=checker).language == ""
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""  # deleted
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert html_tag(client.get("/")) == '<html lang="fr" dir="ltr">'


@pytest.mark.parametrize("unread, words", [(3, "непрочитані"), (5, "непрочитаних"), (21, "непрочитане")])
def test_the_unread_badge_takes_the_plural_form_of_its_count(claim, checker, unread, words):
    Preference.objects.create(user=checker, language="uk")
    Notification.objects.bulk_create(
        Notification(recipient=checker, claim=claim, kind=Notification.Kind.ASSIGNED, message="m") for _ in range(unread))
    html = login(Client(), checker).get(reverse("claims:list")).content.decode()
    assert f'<span class="badge">{unread}<span class="visually-hidden"> {words}</span></span>' in html


@pytest.mark.django_db
def test_language_of_gives_the_preference_or_the_sites_language(checker, editor):
    Preference.objects.create(user=checker, language="pt-br")
    assert locale.language_of(checker) == "pt-br"
    assert locale.language_of(editor) == settings.LANGUAGE_CODE


@pytest.mark.django_db
def test_the_csrf_failure_page_speaks_the_visitors_language():
    response = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="de").post(LOGIN, {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert html_tag(response) == '<html lang="de" dir="ltr">'
    assert "Dieses Formular konnte nicht gesendet werden" in response.content.decode()


# --- the JavaScript catalogue --------------------------------------------------------------------


@pytest.mark.django_db
def test_every_workbench_page_loads_the_catalogue_of_its_language(checker):
    Preference.objects.create(user=checker, language="uk")
    page = login(Client(), checker).get(reverse("claims:home")).content.decode()
    assert f'<script src="{reverse("javascript_catalog", args=["uk"])}"' in page


@pytest.mark.django_db
def test_the_catalogue_is_the_language_its_address_names_whatever_the_browser_asks():
    response = Client(HTTP_ACCEPT_LANGUAGE="fr").get(reverse("javascript_catalog", args=["es"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert "Guardando\\u2026" in body or "Guardando…" in body
    assert "Last-Modified" in response


@pytest.mark.django_db
def test_a_catalogue_of_a_language_not_offered_is_not_found():
    assert Client().get("/jsi18n/xx.js").status_code == 404


# --- calendars and dates -------------------------------------------------------------------------


@pytest.mark.parametrize("language, first", [("en-gb", "Monday"), ("de", "Monday"), ("uk", "Monday"), ("pt-br", "Sunday")])
def test_a_week_starts_on_the_locales_first_day(language, first):
    wednesday = datetime.date(2026, 12, 9)
    with translation.override(language):
        start = locale.week_start(wednesday)
    assert start.strftime("%A") == first and 0 <= (wednesday - start).days < 7


@pytest.mark.parametrize("language, expected", [
    ("en-gb", "7 Dec 2026"), ("fr", "7 décembre 2026"), ("es", "7 de diciembre de 2026"),
    ("de", "7. Dezember 2026"), ("uk", "7 грудня 2026"),
])
def test_dates_are_written_as_the_locales_newsrooms_write_them(language, expected):
    with translation.override(language):
        assert formats.date_format(datetime.date(2026, 12, 7)) == expected


def test_ukrainian_day_and_month_uses_the_genitive():
    with translation.override("uk"):
        assert formats.date_format(datetime.date(2026, 12, 7), "MONTH_DAY_FORMAT") == "7 грудня"


WORKBENCH_FORMATS = ["MEDIUM_DATE_FORMAT", "SHORT_MONTH_DAY_FORMAT", "LONG_DATE_FORMAT"]


@pytest.mark.parametrize("language", [code for code, name in settings.LANGUAGES])
def test_every_language_defines_the_workbenchs_own_date_formats(language):
    # Without a definition Django would print the format's name, letter by letter, as a date.
    with translation.override(language):
        for name in WORKBENCH_FORMATS:
            assert formats.get_format(name) != name, f"{language} has no {name}: add it to workbench/formats/"


@pytest.mark.parametrize("language, long", [
    ("en-gb", "7 December 2026"), ("es", "7 de diciembre de 2026"), ("fr", "7 décembre 2026"),
    ("de", "7. Dezember 2026"), ("uk", "7 грудня 2026"),
])
def test_the_long_date_spells_the_month_out(language, long):
    with translation.override(language):
        assert formats.date_format(datetime.date(2026, 12, 7), "LONG_DATE_FORMAT") == long


@pytest.mark.parametrize("language, medium, short", [
    ("en-gb", "7 Dec 2026", "7 Dec"), ("es", "7 dic. 2026", "7 dic."), ("fr", "7 déc. 2026", "7 déc."),
    ("de", "7. Dez. 2026", "7. Dez."), ("uk", "7 грудня 2026", "7 грудня"),
])
def test_the_medium_date_is_the_newsrooms_short_form(language, medium, short):
    day = datetime.date(2026, 12, 7)
    with translation.override(language):
        assert formats.date_format(day, "MEDIUM_DATE_FORMAT") == medium
        assert formats.date_format(day, "SHORT_MONTH_DAY_FORMAT") == short
