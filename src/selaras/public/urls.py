from django.urls import path

from selaras.public import views

app_name = "public"
urlpatterns = [
    path("", views.provinces, name="provinces"),
    path("<region:province_code>/", views.province, name="province"),
    path("<region:province_code>/peta.geojson", views.province_map, name="map"),
]
