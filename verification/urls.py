"""Pages of the licence check, under /verification/."""
from django.urls import path

from . import views

app_name = "verification"
urlpatterns = [
    path("call-centres/<int:pk>/licences/", views.licence_list_view, name="licences"),
]
