from django.urls import path

from .views import pages
from .views import exports

app_name = "claims"

urlpatterns = [
    path("", pages.home, name="home"),
    path("articles/<int:pk>/", pages.article_detail, name="article"),
    path("claims/<int:pk>/", pages.claim_detail, name="detail"),
    path("exports/", exports.export_page, name="exports"),
    path("articles/<int:pk>/report/", exports.article_report, name="article_report"),
]
