from django.urls import path

from selaras.web import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
