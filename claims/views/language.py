"""Choosing the language (docs/i18n.md): the switcher's form (log-in and public pages) and the
"Language" page post to one view, Django's set_language, which also saves a signed-in person's
choice as their preference (claims/locale.py); and the JavaScript catalogue of each language."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import last_modified, require_POST, require_safe

from ..locale import save_preference, stored_preference, supported


@login_not_required
@require_POST
def set_language(request):
    """Django's set_language (it sets the language cookie and redirects to `next`); for a signed-in
    person the choice is also their preference. An empty choice means "as my browser asks": the
    cookie goes too, so Accept-Language decides again."""
    choice = request.POST.get("language")
    language = supported(choice)
    response = i18n.set_language(request)
    if language is None and choice != "":
        return response  # no choice, or not a language we offer: Django changed nothing, nor do we
    if language is None:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, path=settings.LANGUAGE_COOKIE_PATH,
                               domain=settings.LANGUAGE_COOKIE_DOMAIN, samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    if request.user.is_authenticated:
        save_preference(request, language or "")
        with translation.override(language or translation.get_language_from_request(request)):
            messages.success(request, _("Language saved."))
    return response


@require_safe
def language_preference(request):
    """The "Language" page of the user menu: the languages offered, the person's choice marked."""
    return render(request, "registration/language.html", {"nav": "language", "chosen": stored_preference(request.user)})


# The catalogue changes only when the application is deployed again.
_STARTED_AT = timezone.now()


@login_not_required
@require_safe
@last_modified(lambda request, language: _STARTED_AT)
def javascript_catalog(request, language):
    """The strings of static/claims/*.js in `language` (Django's JavaScriptCatalog, domain djangojs).
    The language is in the address, so a browser keeps one copy per language and never mixes them."""
    language = supported(language)
    if language is None:
        raise Http404
    with translation.override(language):
        return i18n.JavaScriptCatalog.as_view(domain="djangojs")(request)
