"""Every page of the workbench (the `claims:` namespace). The public fact-check pages, the log-in and
the health check are in workbench/urls.py."""
from django.urls import path

from .views import articles, board, capture, claims, dashboard, desk, exports, matching, notifications, queue, ratings, sources

app_name = "claims"

urlpatterns = [
    path("", dashboard.dashboard, name="home"),
    # Articles, and getting claims out of them (claims/views/capture.py).
    path("articles/", articles.article_list, name="articles"),
    path("articles/import/", capture.import_article, name="import_article"),
    path("articles/search/", articles.article_search, name="article_search"),
    path("articles/<int:pk>/", articles.article_detail, name="article"),
    path("articles/<int:pk>/text/", capture.edit_article_text, name="edit_article_text"),
    path("articles/<int:pk>/suggestions/", capture.suggestions, name="suggestions"),
    path("articles/<int:pk>/suggestions/accept/", capture.accept_suggestion, name="accept_suggestion"),
    path("articles/<int:pk>/suggestions/reject/", capture.reject_suggestion, name="reject_suggestion"),
    path("articles/<int:pk>/report/", exports.article_report, name="article_report"),
    # Claims: the list, one claim and its workflow steps.
    path("claims/", claims.claim_list, name="list"),
    path("claims/bulk/", claims.claim_bulk_action, name="bulk"),
    path("claims/from-selection/", capture.claim_from_selection, name="claim_from_selection"),
    path("claims/<int:pk>/", claims.claim_detail, name="detail"),
    path("claims/<int:pk>/steps/<slug:name>/", claims.claim_transition, name="transition"),
    path("claims/<int:pk>/details/", claims.claim_update_details, name="update_details"),
    path("claims/<int:pk>/evidence/", claims.claim_add_evidence, name="add_evidence"),
    path("claims/<int:pk>/notes/", claims.claim_add_note, name="add_note"),
    path("claims/<int:pk>/place/", capture.place_claim, name="place_claim"),
    path("claims/<int:pk>/similar/", capture.similar, name="similar"),
    path("claims/<int:pk>/duplicate/", capture.mark_duplicate, name="mark_duplicate"),
    path("sources/search/", sources.source_search, name="source_search"),
    path("claims/<int:pk>/matches/decide/", capture.decide_match, name="decide_match"),
    # Overviews.
    path("board/", board.board, name="board"),
    path("board/claims/<int:pk>/step/", board.board_transition, name="board_transition"),
    path("queue/", queue.queue, name="queue"),
    path("desk/", desk.desk, name="desk"),
    path("desk/report/", desk.desk_export, name="desk_export"),
    path("matching/", matching.matching, name="matching"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.mark_all_read, name="notifications_read"),
    path("notifications/failed-mail/retry/", notifications.retry_failed_mail, name="retry_failed_mail"),
    path("exports/", exports.export_page, name="exports"),
    path("ratings.css", ratings.rating_styles, name="rating_styles"),
]
