from django.urls import path

from selaras.audit import views

app_name = "audit"
urlpatterns = [
    path("wilayah/<region:code>/", views.region_trail, name="region"),
    path("objek/<str:model_label>/<str:object_id>/", views.object_trail, name="object"),
]
