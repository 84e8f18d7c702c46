"""Call centres, premises, exports, duplicates and merges (mounted at /registry/)."""
from django.urls import path

from . import views

urlpatterns = [
    path("call-centres/", views.callcentre_list_view, name="callcentre-list"),
    path("call-centres/new/", views.callcentre_create_view, name="callcentre-create"),
    path("call-centres/export/", views.callcentre_export_view, name="callcentre-export"),
    path("call-centres/export/<int:pk>/download/", views.export_download_view, name="export-download"),
    path("call-centres/<int:pk>/", views.callcentre_detail_view, name="callcentre-detail"),
    path("call-centres/<int:pk>/edit/", views.callcentre_edit_view, name="callcentre-edit"),
    path("call-centres/<int:pk>/status/", views.callcentre_status_view, name="callcentre-status"),
    path("call-centres/<int:pk>/move/", views.callcentre_move_view, name="callcentre-move"),
    path("premises/", views.premises_list_view, name="premises-list"),
    path("premises/<int:pk>/", views.premises_detail_view, name="premises-detail"),
    path("premises/<int:pk>/edit/", views.premises_edit_view, name="premises-edit"),
    path("duplicates/", views.duplicates_view, name="duplicates"),
    path("duplicates/merge/<int:pk>/<int:other>/", views.merge_view, name="merge"),
    path("duplicates/not-duplicate/<int:pk>/<int:other>/", views.duplicate_dismiss_view, name="duplicate-dismiss"),
    path("duplicates/not-duplicate/<int:pk>/undo/", views.duplicate_dismiss_undo_view, name="duplicate-dismiss-undo"),
    path("merges/<int:pk>/undo/", views.merge_undo_view, name="merge-undo"),
]
