from django.urls import path

from .views import claims, notifications, pages, ratings

app_name = "claims"

urlpatterns = [
    path("", pages.home, name="home"),
    path("articles/<int:pk>/", pages.article_detail, name="article"),
    path("claims/", claims.claim_list, name="list"),
    path("claims/<int:pk>/", claims.claim_detail, name="detail"),
    path("ratings.css", ratings.rating_styles, name="rating_styles"),
    path("claims/<int:pk>/steps/<slug:name>/", claims.claim_transition, name="transition"),
    path("claims/<int:pk>/details/", claims.claim_update_details, name="update_details"),
    path("claims/<int:pk>/evidence/", claims.claim_add_evidence, name="add_evidence"),
    path("claims/<int:pk>/notes/", claims.claim_add_note, name="add_note"),
    path("claims/bulk/", claims.claim_bulk_action, name="bulk"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.mark_all_read, name="notifications_read"),
]
