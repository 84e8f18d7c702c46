"""Registry pages (mounted at /registry/), one block per sub-domain."""
from django.urls import path

from .views import callcentres, duplicates, exports, imports, inbox, notices, premises, returns

app_name = "registry"
urlpatterns = [
    # Call centres, and exports of the filtered list.
    path("call-centres/", callcentres.callcentre_list_view, name="callcentre-list"),
    path("call-centres/new/", callcentres.callcentre_create_view, name="callcentre-create"),
    path("call-centres/lookup/", callcentres.callcentre_lookup_view, name="callcentre-lookup"),
    path("call-centres/export/", exports.callcentre_export_view, name="callcentre-export"),
    path("call-centres/export/<int:pk>/download/", exports.export_download_view, name="export-download"),
    path("call-centres/<int:pk>/", callcentres.callcentre_detail_view, name="callcentre-detail"),
    path("call-centres/<int:pk>/edit/", callcentres.callcentre_edit_view, name="callcentre-edit"),
    path("call-centres/<int:pk>/status/", callcentres.callcentre_status_view, name="callcentre-status"),
    path("call-centres/<int:pk>/move/", callcentres.callcentre_move_view, name="callcentre-move"),
    # Premises.
    path("premises/", premises.premises_list_view, name="premises-list"),
    path("premises/<int:pk>/", premises.premises_detail_view, name="premises-detail"),
    path("premises/<int:pk>/edit/", premises.premises_edit_view, name="premises-edit"),
    # Duplicates and merges.
    path("duplicates/", duplicates.duplicate_list_view, name="duplicates"),
    path("duplicates/merge/<int:pk>/<int:other>/", duplicates.merge_view, name="merge"),
    path("duplicates/not-duplicate/<int:pk>/<int:other>/", duplicates.duplicate_dismiss_view,
         name="duplicate-dismiss"),
    path("duplicates/not-duplicate/<int:pk>/undo/", duplicates.duplicate_dismiss_undo_view,
         name="duplicate-dismiss-undo"),
    path("merges/<int:pk>/undo/", duplicates.merge_undo_view, name="merge-undo"),
    # Station returns and the completeness board.
    path("returns/", returns.return_list_view, name="return-list"),
    path("returns/new/", returns.return_create_view, name="return-create"),
    path("returns/completeness/", returns.completeness_view, name="completeness"),
    path("returns/chase/", returns.return_chase_view, name="return-chase"),
    path("returns/<int:pk>/", returns.return_detail_view, name="return-detail"),
    path("returns/<int:pk>/entries/add/", returns.return_entry_add_view, name="return-entry-add"),
    path("returns/<int:pk>/entries/fill/", returns.return_fill_view, name="return-fill"),
    path("returns/<int:pk>/entries/<int:entry_pk>/", returns.return_entry_edit_view, name="return-entry-edit"),
    path("returns/<int:pk>/entries/<int:entry_pk>/close/", returns.return_entry_close_view, name="return-entry-close"),
    path("returns/<int:pk>/entries/<int:entry_pk>/remove/", returns.return_entry_remove_view,
         name="return-entry-remove"),
    path("returns/<int:pk>/submit/", returns.return_submit_view, name="return-submit"),
    path("returns/<int:pk>/review/", returns.return_review_view, name="return-review"),
    path("returns/<int:pk>/pdf/", returns.return_pdf_view, name="return-pdf"),
    path("returns/pdf/<int:pk>/", returns.return_pdf_file_view, name="return-pdf-file"),
    # Association notices, the station's queue, and the inbox.
    path("notices/", notices.notice_list_view, name="notice-list"),
    path("notices/new/", notices.notice_create_view, name="notice-create"),
    path("notices/queue/", notices.station_queue_view, name="station-queue"),
    path("notices/<int:pk>/", notices.notice_detail_view, name="notice-detail"),
    path("notices/inbox/<int:pk>/read/", inbox.notification_read_view, name="notification-read"),
    # Bulk import of call centres.
    path("imports/", imports.import_list_view, name="import-list"),
    path("imports/upload/", imports.import_upload_view, name="import-upload"),
    path("imports/template/", imports.import_template_view, name="import-template"),
    path("imports/<int:pk>/", imports.import_preview_view, name="import-preview"),
    path("imports/<int:pk>/confirm/", imports.import_confirm_view, name="import-confirm"),
    path("imports/<int:pk>/lines/<int:line>/", imports.import_row_decision_view, name="import-row-decision"),
]
