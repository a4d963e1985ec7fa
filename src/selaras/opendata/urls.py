from django.urls import path

from selaras.opendata import views

app_name = "opendata"
urlpatterns = [
    path("catalog.jsonld", views.catalog_jsonld, name="catalog_jsonld"),
    path("catalog.ttl", views.catalog_turtle, name="catalog_ttl"),
    path("<region:province>/kelola/", views.manage, name="manage"),
    path("<region:province>/kelola/portal/", views.portal, name="portal"),
    path("<region:province>/kelola/portal/ckan/", views.ckan_push, name="ckan_push"),
    path("<region:province>/<slug:dataset_key>.schema.json", views.schema, name="schema"),
    path("<region:province>/<slug:dataset_key>.<slug:suffix>", views.distribution, name="distribution"),
]
