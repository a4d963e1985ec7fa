from django.urls import path

from selaras.uploads import views

app_name = "uploads"
urlpatterns = [
    path("<str:token>/masalah.xlsx", views.marked, name="marked"),
]
