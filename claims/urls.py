from django.urls import path

from .views import articles, board, dashboard, pages, queue, ratings

app_name = "claims"

urlpatterns = [
    path("", dashboard.dashboard, name="home"),
    path("articles/<int:pk>/", articles.article_detail, name="article"),
    path("claims/<int:pk>/", pages.claim_detail, name="detail"),
    path("ratings.css", ratings.rating_styles, name="rating_styles"),
    path("articles/", articles.article_list, name="articles"),
    path("board/", board.board, name="board"),
    path("board/claims/<int:pk>/step/", board.board_transition, name="board_transition"),
    path("queue/", queue.queue, name="queue"),
]
