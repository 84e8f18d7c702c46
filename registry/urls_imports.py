"""Bulk import of call centres (mounted at /registry/imports/)."""
from django.urls import path

from . import views_imports as views

urlpatterns = [
    path("", views.import_list_view, name="import-list"),
    path("upload/", views.import_upload_view, name="import-upload"),
    path("template/", views.import_template_view, name="import-template"),
    path("<int:pk>/", views.import_preview_view, name="import-preview"),
    path("<int:pk>/confirm/", views.import_confirm_view, name="import-confirm"),
    path("<int:pk>/lines/<int:line>/", views.import_row_decision_view, name="import-row-decision"),
]
