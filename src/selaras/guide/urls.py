from django.urls import path

from selaras.guide import views

app_name = "guide"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.role_guide, name="role"),
    path("gambar/<slug:slug>/<slug:shot>.png", views.screenshot, name="screenshot"),
]
