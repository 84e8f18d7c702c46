"""Dashboards, under /dashboards/."""
from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.city_dashboard, name="city"),
    path("mine/", views.my_dashboard, name="mine"),
    path("zones/<slug:code>/", views.zone_dashboard, name="zone"),
    path("stations/<slug:code>/", views.station_dashboard, name="station"),
]
