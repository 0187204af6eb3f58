from django.urls import path

from .views import pages, ratings

app_name = "claims"

urlpatterns = [
    path("", pages.home, name="home"),
    path("articles/<int:pk>/", pages.article_detail, name="article"),
    path("claims/<int:pk>/", pages.claim_detail, name="detail"),
    path("ratings.css", ratings.rating_styles, name="rating_styles"),
]
