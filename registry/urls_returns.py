"""Station returns and the completeness board (mounted at /registry/returns/)."""
from django.urls import path

from . import views_returns as views

urlpatterns = [
    path("", views.return_list, name="return-list"),
    path("new/", views.return_create, name="return-create"),
    path("completeness/", views.completeness, name="completeness"),
    path("<int:pk>/", views.return_detail, name="return-detail"),
    path("<int:pk>/entries/add/", views.return_entry_add, name="return-entry-add"),
    path("<int:pk>/entries/fill/", views.return_fill, name="return-fill"),
    path("<int:pk>/entries/<int:entry_pk>/", views.return_entry_edit, name="return-entry-edit"),
    path("<int:pk>/entries/<int:entry_pk>/close/", views.return_entry_close, name="return-entry-close"),
    path("<int:pk>/entries/<int:entry_pk>/remove/", views.return_entry_remove, name="return-entry-remove"),
    path("<int:pk>/submit/", views.return_submit, name="return-submit"),
    path("<int:pk>/review/", views.return_review, name="return-review"),
    path("<int:pk>/pdf/", views.return_pdf, name="return-pdf"),
    path("pdf/<int:pk>/", views.return_pdf_file, name="return-pdf-file"),
]
