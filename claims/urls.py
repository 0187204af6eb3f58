from django.urls import path

from .views import pages

app_name = "claims"

urlpatterns = [
    path("", pages.home, name="home"),
    path("articles/<int:pk>/", pages.article_detail, name="article"),
    path("claims/<int:pk>/", pages.claim_detail, name="detail"),
]

# Claim capture (claims/views/capture.py): import, suggestions, selection, re-anchoring, duplicates.
from .views import capture  # noqa: E402

urlpatterns += [
    path("articles/import/", capture.import_article, name="import_article"),
    path("articles/<int:pk>/suggestions/", capture.suggestions, name="suggestions"),
    path("articles/<int:pk>/suggestions/accept/", capture.accept_suggestion, name="accept_suggestion"),
    path("articles/<int:pk>/suggestions/reject/", capture.reject_suggestion, name="reject_suggestion"),
    path("articles/<int:pk>/text/", capture.edit_article_text, name="edit_article_text"),
    path("claims/from-selection/", capture.claim_from_selection, name="claim_from_selection"),
    path("claims/<int:pk>/similar/", capture.similar, name="similar"),
    path("claims/<int:pk>/duplicate/", capture.mark_duplicate, name="mark_duplicate"),
]
