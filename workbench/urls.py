from django.contrib import admin
from django.urls import include, path

from api.urls import api_urls
from claims.views import accounts, health, language, public

admin.site.site_header = "Claim workbench administration"
admin.site.site_title = "Claim workbench"

urlpatterns = [
    # Both log-in forms and the password-change form go through the log-in throttle, and the reset form through the password-reset
    # throttle (claims/throttling.py); listed before the admin's and django.contrib.auth's own
    # patterns for the same paths so they take precedence.
    path("admin/login/", accounts.admin_login),
    path("accounts/login/", accounts.login, name="login"),
    path("accounts/password_reset/", accounts.password_reset, name="password_reset"),
    path("accounts/password_change/", accounts.password_change, name="password_change"),
    # The language (docs/i18n.md): the switcher and the "Language" page post to set_language; each
    # language's JavaScript catalogue has its own address.
    path("account/language/", language.language_preference, name="language"),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("jsi18n/<str:language>.js", language.javascript_catalog, name="javascript_catalog"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    # For load balancers and supervisors: no login, checks the database (claims/views/health.py).
    path("healthz", health.healthz, name="healthz"),
    # The JSON API for newsroom systems, its tokens and webhooks pages (api/, docs/api.md).
    path("api/", api_urls()),
    path("", include("api.urls")),
    path("", include("claims.urls")),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's, a feed, a JSON file).
    path("favicon.ico", public.favicon, name="favicon"),
    # The public site (no login): one page per published fact-check, at a stable address, the index of
    # them all, and their feeds (whole desk and per article).
    path("fact-checks/", include(([
        path("", public.index, name="index"),
        path("<int:pk>/", public.claim_review, name="claim"),
        path("feed.atom", public.atom_feed, name="atom"),
        path("feed.json", public.json_feed, name="json_feed"),
        path("claimreview.json", public.claimreview_datafeed, name="datafeed"),
        path("articles/<int:article_pk>/feed.atom", public.atom_feed, name="atom_article"),
        path("articles/<int:article_pk>/feed.json", public.json_feed, name="json_feed_article"),
        path("articles/<int:article_pk>/claimreview.json", public.claimreview_datafeed, name="datafeed_article"),
        path("ratings.css", public.rating_styles, name="rating_styles"),
    ], "public"))),
]
