from django.urls import path

from selaras.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("baru/", views.plan_create, name="create"),
    path("impor-provinsi/", views.province_import, name="province_import"),
    path("nomenklatur/", views.nomenclature_list, name="nomenclature"),
    path("nomenklatur/muat/", views.nomenclature_load, name="nomenclature_load"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/grid/", views.plan_grid, name="grid"),
    path("<int:plan_id>/capaian/", views.plan_chart, name="chart"),
    path("<int:plan_id>/capaian/<int:indicator_id>/", views.realization_set, name="realization"),
    path("<int:plan_id>/impor/", views.plan_import, name="import"),
    path("<int:plan_id>/templat.xlsx", views.plan_template, name="template"),
    path("<int:plan_id>/program.xlsx", views.plan_export_rows, name="export_rows"),
    path("<int:plan_id>/tabel/<str:table>.xlsx", views.plan_export_table, name="export_table"),
    path("<int:plan_id>/tabel/<str:table>/", views.plan_print_table, name="print_table"),
    path("<int:plan_id>/ajukan/", views.plan_submit, name="submit"),
    path("<int:plan_id>/setujui/", views.plan_approve, name="approve"),
    path("<int:plan_id>/tolak/", views.plan_reject, name="reject"),
    path("<int:plan_id>/buka/", views.plan_unlock, name="unlock"),
]
