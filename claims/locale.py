"""The language and the calendar a person reads the workbench in (issue #18, docs/i18n.md).

Visitors get what their browser asks for (Accept-Language) or what they chose with the switcher (a
cookie): Django's LocaleMiddleware. A signed-in person's own choice (claims.Preference) wins over
both: it is read once at log-in into the session and applied on every request by
PreferredLanguageMiddleware, after LocaleMiddleware, so no request reads the preference's table.
"""
import datetime

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import formats, translation

# The session holds the signed-in person's language ("" when they have none: the browser's choice).
SESSION_KEY = "workbench_language"


def supported(language):
    """The LANGUAGES code for `language` ("pt_BR", "PT-br" -> "pt-br"), or None when it is not one."""
    if not language:
        return None
    code = translation.to_language(language)
    return code if code in dict(settings.LANGUAGES) else None


def stored_preference(user):
    """The language `user` chose in their preference, or "" when they chose none (or one no longer offered)."""
    from .models import Preference

    language = Preference.objects.filter(user_id=user.pk).values_list("language", flat=True).first()
    return supported(language) or ""


def language_of(user):
    """The language a message to `user` is written in (notifications, mail sent outside a request):
    their preference, else the site's default."""
    return stored_preference(user) or settings.LANGUAGE_CODE


def save_preference(request, language):
    """Store a signed-in person's choice ("" for "as my browser asks") and apply it to this session."""
    from .models import Preference

    Preference.objects.update_or_create(user=request.user, defaults={"language": language})
    request.session[SESSION_KEY] = language


@receiver(user_logged_in, dispatch_uid="claims.locale.remember_preference")
def remember_preference(sender, request, user, **kwargs):
    # After login() has cycled the session key: the value lives on in the new session.
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = stored_preference(user)


class PreferredLanguageMiddleware:
    """A signed-in person's preference over the browser's Accept-Language and the switcher's cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self.preferred(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)

    @staticmethod
    def preferred(request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if SESSION_KEY not in request.session:
            # A session that began without the log-in signal (or before the preference existed).
            request.session[SESSION_KEY] = stored_preference(user)
        return supported(request.session[SESSION_KEY])


def first_weekday():
    """The first day of the week in the active language, as Python counts days (Monday 0, Sunday 6).
    Django's locale formats say it (FIRST_DAY_OF_WEEK: Sunday 0, Monday 1): Monday in most of Europe,
    Sunday in Brazil."""
    return (int(formats.get_format("FIRST_DAY_OF_WEEK")) - 1) % 7


def week_start(day):
    """The first day of the week `day` is in, in the active language's calendar."""
    return day - datetime.timedelta(days=(day.weekday() - first_weekday()) % 7)
