"""Pages of verification, under /verification/: the licence check, letters to agencies, inspections."""
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
    path("letters/", views.letter_list_view, name="letter-list"),
    path("letters/request/", views.letter_request_view, name="letter-request"),
    path("letters/other/", views.letter_other_create_view, name="letter-other-create"),
    path("letters/<int:pk>/", views.letter_detail_view, name="letter-detail"),
    path("letters/<int:pk>/pdf/", views.letter_pdf_view, name="letter-pdf"),
    path("letters/<int:pk>/redraw/", views.letter_redraw_view, name="letter-redraw"),
    path("letters/<int:pk>/reply/", views.letter_reply_add_view, name="letter-reply-add"),
    path("letters/<int:pk>/answers/", views.answers_upload_view, name="answers-upload"),
    path("letters/<int:pk>/reconciliation/", views.letter_reconciliation_view, name="letter-reconciliation"),
    path("letters/answers/<int:pk>/", views.answers_preview_view, name="answers-preview"),
    path("letters/<int:pk>/<slug:step>/", views.letter_step_view, name="letter-step"),
    path("letters/replies/<int:pk>/", views.letter_reply_view, name="letter-reply"),
]
