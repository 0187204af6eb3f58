from django.contrib import admin
from django.urls import include, path

from claims.views import public

admin.site.site_header = "Claim workbench administration"
admin.site.site_title = "Claim workbench"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("claims.urls")),
    # The public site (no login): one page per published fact-check, at a stable address.
    path("fact-checks/", include(([
        path("<int:pk>/", public.claim_review, name="claim"),
        path("ratings.css", public.rating_styles, name="rating_styles"),
    ], "public"))),
]
