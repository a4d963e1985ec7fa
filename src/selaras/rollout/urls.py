from django.urls import path

from selaras.rollout import views

app_name = "rollout"
urlpatterns = [
    path("", views.scenario_list, name="list"),
    path("baru/", views.scenario_new, name="new"),
    path("<int:scenario_id>/", views.scenario_detail, name="detail"),
    path("<int:scenario_id>/anggaran/", views.scenario_budgets, name="budgets"),
    path("<int:scenario_id>/hitung/", views.scenario_solve, name="solve"),
    path("<int:scenario_id>/ekspor/", views.scenario_export, name="export"),
    path("<int:scenario_id>/adopsi/", views.scenario_adopt, name="adopt"),
]
