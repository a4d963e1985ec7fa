from django.urls import path

from selaras.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("baru/", views.meeting_create, name="create"),
    path("pengingat/baca/", views.reminders_read, name="reminders_read"),
    path("pengingat/kirim/", views.reminders_send, name="reminders_send"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/peserta/", views.participant_add, name="participant_add"),
    path("<int:meeting_id>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:meeting_id>/sinkronisasi/", views.run_attach, name="run_attach"),
    path("<int:meeting_id>/bandingkan/", views.compare, name="compare"),
    path("<int:meeting_id>/kesepakatan/", views.decision_add, name="decision_add"),
    path("<int:meeting_id>/berita-acara.pdf", views.berita_acara, name="berita_acara"),
    path("<int:meeting_id>/daftar-hadir.pdf", views.daftar_hadir, name="daftar_hadir"),
    path("<int:meeting_id>/register.xlsx", views.register, name="register"),
    path("<int:meeting_id>/berita-acara-ttd/", views.signed_upload, name="signed_upload"),
    path("<int:meeting_id>/berita-acara-ttd.pdf", views.signed_download, name="signed_download"),
    path("kesepakatan/<int:decision_id>/tindak-lanjut/", views.followup_add, name="followup_add"),
    path("tindak-lanjut/<int:followup_id>/", views.followup_detail, name="followup"),
    path("tindak-lanjut/<int:followup_id>/selesai/", views.followup_mark_done, name="followup_done"),
    path("tindak-lanjut/<int:followup_id>/konfirmasi/", views.followup_confirm, name="followup_confirm"),
    path("tindak-lanjut/<int:followup_id>/bukti.pdf", views.evidence_download, name="evidence"),
]
