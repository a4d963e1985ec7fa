from django.urls import path

from selaras.rollout import views, views_inputs, views_results

app_name = "rollout"
urlpatterns = [
    path("", views.scenario_list, name="list"),
    path("baru/", views.scenario_new, name="new"),
    path("<int:scenario_id>/", views.scenario_detail, name="detail"),
    path("<int:scenario_id>/anggaran/", views.scenario_budgets, name="budgets"),
    path("<int:scenario_id>/hitung/", views.scenario_solve, name="solve"),
    path("<int:scenario_id>/ekspor/", views.scenario_export, name="export"),
    path("<int:scenario_id>/adopsi/", views.scenario_adopt, name="adopt"),
    path("<int:scenario_id>/peta.geojson", views_results.scenario_map, name="map"),
    path("banding/", views_results.compare, name="compare"),
    path("banding/ekspor/", views_results.compare_export, name="compare_export"),
    path("fiber/", views_inputs.fiber, name="fiber"),
    path("fiber/unggah/", views_inputs.fiber_upload, name="fiber_upload"),
    path("fiber/unduh/", views_inputs.fiber_download, name="fiber_download"),
    path("fiber/templat/", views_inputs.fiber_template, name="fiber_template"),
    path("fasilitas/", views_inputs.facilities, name="facilities"),
    path("fasilitas/unggah/", views_inputs.facilities_upload, name="facilities_upload"),
    path("fasilitas/unduh/", views_inputs.facilities_download, name="facilities_download"),
    path("fasilitas/templat/", views_inputs.facilities_template, name="facilities_template"),
    path("listrik/", views_inputs.grid, name="grid"),
    path("listrik/unggah/", views_inputs.grid_upload, name="grid_upload"),
    path("listrik/unduh/", views_inputs.grid_download, name="grid_download"),
    path("listrik/templat/", views_inputs.grid_template, name="grid_template"),
    path("layanan/", views_inputs.service_catalogue, name="catalogue"),
    path("layanan/simpan/", views_inputs.service_catalogue_save, name="catalogue_save"),
]
