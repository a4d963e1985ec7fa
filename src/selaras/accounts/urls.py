from django.contrib.auth import views as auth_views
from django.urls import path

from selaras.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.SignInView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("saya/", views.me, name="me"),
    path("saya/token/baru/", views.token_renew, name="token_renew"),
    path("saya/token/cabut/", views.token_revoke, name="token_revoke"),
    path("akun/", views.account_list, name="list"),
    path("akun/baru/", views.account_create, name="create"),
    path("akun/<int:pk>/", views.account_edit, name="edit"),
    path("akun/<int:pk>/kata-sandi/", views.account_password, name="password"),
    path("akun/<int:pk>/buka-kunci/", views.account_unlock, name="unlock"),
]
