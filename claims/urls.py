from django.urls import path

from .views import articles, board, claims, dashboard, queue, ratings

app_name = "claims"

urlpatterns = [
    path("", dashboard.dashboard, name="home"),
    path("articles/", articles.article_list, name="articles"),
    path("articles/<int:pk>/", articles.article_detail, name="article"),
    path("claims/", claims.claim_list, name="list"),
    path("claims/<int:pk>/", claims.claim_detail, name="detail"),
    path("claims/<int:pk>/steps/<slug:name>/", claims.claim_transition, name="transition"),
    path("claims/<int:pk>/details/", claims.claim_update_details, name="update_details"),
    path("claims/<int:pk>/evidence/", claims.claim_add_evidence, name="add_evidence"),
    path("claims/<int:pk>/notes/", claims.claim_add_note, name="add_note"),
    path("board/", board.board, name="board"),
    path("board/claims/<int:pk>/step/", board.board_transition, name="board_transition"),
    path("queue/", queue.queue, name="queue"),
    path("ratings.css", ratings.rating_styles, name="rating_styles"),
]
