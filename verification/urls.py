"""Pages of verification, under /verification/: the licence check and inspections."""
from django.urls import path

from . import views

app_name = "verification"
urlpatterns = [
    path("call-centres/<int:pk>/licences/", views.licence_list_view, name="licences"),
    path("inspections/", views.inspection_home, name="inspection-home"),
    path("inspections/propose/", views.inspection_propose, name="inspection-propose"),
    path("inspections/risk/", views.inspection_risk, name="inspection-risk"),
    path("inspections/stations/<slug:code>/", views.inspection_station, name="inspection-station"),
    path("inspections/plans/<int:pk>/", views.inspection_plan, name="inspection-plan"),
    path("inspections/plans/<int:pk>/approve/", views.inspection_plan_approve, name="inspection-plan-approve"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection-detail"),
    path("inspections/<int:pk>/move/", views.inspection_move, name="inspection-move"),
    path("inspections/<int:pk>/officers/", views.inspection_officers, name="inspection-officers"),
    path("inspections/<int:pk>/reschedule/", views.inspection_reschedule, name="inspection-reschedule"),
    path("inspections/<int:pk>/outcome/", views.inspection_outcome, name="inspection-outcome"),
    path("inspections/photos/<uuid:key>/", views.inspection_photo, name="inspection-photo"),
]
