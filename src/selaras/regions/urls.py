from django.urls import path

from selaras.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.home, name="home"),
    path("cari/", views.search, name="search"),
    path("<region:code>/", views.detail, name="detail"),
    path("<region:code>/muat/", views.load, name="load"),
]
