"""Pages of enforcement, under /offenders/."""
from django.urls import include, path

from . import views

app_name = "offenders"
urlpatterns = [
    path("busts/", views.bust_list, name="bust-list"),
    path("busts/new/", views.bust_create, name="bust-create"),
    path("busts/<int:pk>/", views.bust_detail, name="bust-detail"),
    path("busts/<int:pk>/edit/", views.bust_edit, name="bust-edit"),
    path("busts/<int:pk>/documents/new/", views.bust_document_add, name="bust-document-add"),
    path("busts/<int:pk>/arrests/new/", views.arrest_create, name="arrest-create"),
    path("documents/<int:pk>/", views.bust_document_download, name="bust-document"),
    path("arrests/", views.arrest_list, name="arrest-list"),
    path("arrests/<int:pk>/", views.arrest_detail, name="arrest-detail"),
    path("arrests/<int:pk>/edit/", views.arrest_edit, name="arrest-edit"),
    path("persons/", views.person_list, name="person-list"),
    path("persons/new/", views.person_create, name="person-create"),
    path("persons/<int:pk>/", views.person_detail, name="person-detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("persons/<int:pk>/add/<slug:kind>/", views.person_add_part, name="person-add"),
    path("persons/<int:pk>/matches/", views.person_matches, name="person-matches"),
    path("persons/<int:pk>/decide/", views.person_decide, name="person-decide"),
    path("persons/remove/<slug:kind>/<int:pk>/", views.person_remove_part, name="person-remove"),
    path("photos/<uuid:key>/", views.photo_view, name="photo"),
    path("photos/<uuid:key>/thumbnail/", views.photo_thumb_view, name="photo-thumb"),
    path("prior-records/", views.prior_list, name="prior-list"),
    path("prior-records/new/", views.prior_create, name="prior-create"),
    path("prior-records/import/", views.prior_import, name="prior-import"),
    path("prior-records/<int:pk>/", views.prior_detail, name="prior-detail"),
    path("review/", views.review_queue, name="review-queue"),
    path("review/<int:pk>/", views.review_detail, name="review-detail"),
    path("decisions/<int:pk>/undo/", views.decision_undo, name="decision-undo"),
    path("bail-watch/", views.bail_watch, name="bail-watch"),
    path("", include("offenders.urls_extra")),  # bulletins, network, masterminds
]
