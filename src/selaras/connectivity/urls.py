from django.urls import path

from selaras.connectivity import views

app_name = "connectivity"
urlpatterns = [
    path("", views.home, name="home"),
    path("target/", views.progress_target, name="progress_target"),
    path("peta/", views.map_page, name="map"),
    path("ekspor/<str:export_kind>/", views.export, name="export"),
    path("desa/<region:village_code>/", views.village, name="village"),
    path("desa/<region:village_code>/catat/<str:record_kind>/", views.village_record, name="village_record"),
    path("titik/<int:access_point_id>/status/", views.access_point_status, name="access_point_status"),
    path("impor/", views.imports, name="imports"),
    path("impor/unggah/", views.import_upload, name="import_upload"),
    path("impor/<int:survey_id>/", views.import_detail, name="import_detail"),
    path("impor/<int:survey_id>/pemetaan/", views.import_mapping, name="import_mapping"),
    path("impor/<int:survey_id>/baris/<int:row_id>/", views.import_resolve, name="import_resolve"),
    path("impor/<int:survey_id>/terima-saran/", views.import_accept_suggestions, name="import_accept"),
    path("impor/<int:survey_id>/simpan/", views.import_commit, name="import_commit"),
]
