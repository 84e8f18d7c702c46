from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list_view, name="list"),
    path("<int:pk>/", views.complaint_detail_view, name="detail"),
    path("hot-identifiers/", views.hot_identifiers_view, name="hot-identifiers"),
    path("imports/", views.import_list_view, name="import-list"),
    path("imports/upload/", views.import_upload_view, name="import-upload"),
    path("imports/template/", views.import_template_view, name="import-template"),
    path("imports/<int:pk>/", views.import_detail_view, name="import-detail"),
    path("imports/<int:pk>/confirm/", views.import_confirm_view, name="import-confirm"),
]
