"""Association notices, the station's queue of reported call centres, and the inbox (mounted at /registry/notices/)."""
from django.urls import path

from . import views_returns as views

urlpatterns = [
    path("", views.notice_list, name="notice-list"),
    path("new/", views.notice_create, name="notice-create"),
    path("queue/", views.station_queue, name="station-queue"),
    path("<int:pk>/", views.notice_detail, name="notice-detail"),
    path("inbox/<int:pk>/read/", views.notification_read, name="notification-read"),
]
