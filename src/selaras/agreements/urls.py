from django.urls import path

from selaras.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("baru/", views.village_internet_new, name="new"),
    path("baru/umum/", views.agreement_new, name="new_general"),
    path("pemantauan/", views.monitoring, name="monitoring"),
    path("pengingat/baca/", views.reminders_read, name="reminders_read"),
    path("pengingat/kirim/", views.reminders_send, name="reminders_send"),
    path("<int:agreement_id>/", views.agreement_detail, name="detail"),
    path("<int:agreement_id>/cetak/", views.agreement_print, name="print"),
    path("<int:agreement_id>/ekspor/", views.agreement_export, name="export"),
    path("<int:agreement_id>/pihak/<int:party_id>/tanda-tangan/", views.party_sign, name="sign"),
    path("<int:agreement_id>/kewajiban/baru/", views.obligation_add, name="obligation_add"),
    path("<int:agreement_id>/adendum/", views.amendment_add, name="amend"),
    path("<int:agreement_id>/akhiri/", views.agreement_terminate, name="terminate"),
    path("kewajiban/<int:obligation_id>/", views.obligation_detail, name="obligation"),
    path("kewajiban/<int:obligation_id>/perbarui/", views.obligation_update, name="obligation_update"),
    path("berkas/<int:document_id>/", views.document_download, name="document"),
]
