from django.urls import path

from selaras.sync import views

app_name = "sync"
urlpatterns = [
    path("", views.home, name="home"),
    path("provinsi/<str:region_code>/", views.report, name="report"),
    path("provinsi/<str:region_code>/jalankan/", views.start, name="start"),
    path("provinsi/<str:region_code>/cetak/", views.print_view, name="print"),
    path("provinsi/<str:region_code>/ekspor.xlsx", views.export, name="export"),
    path("jalan/<int:run_id>/", views.run_detail, name="run"),
    path("jalan/<int:run_id>/konfirmasi/", views.run_confirm, name="run_confirm"),
    path("wilayah/<str:region_code>/", views.region, name="region"),
    path("usulan/<int:proposal_id>/jawab/", views.answer, name="answer"),
    path("usulan/<int:proposal_id>/pks/", views.open_agreement, name="agreement"),
]
