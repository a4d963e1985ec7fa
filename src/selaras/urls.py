from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, register_converter
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from selaras.accounts import api as accounts_api
from selaras.agreements import api as agreements_api
from selaras.connectivity import api as connectivity_api
from selaras.jobs import api as jobs_api
from selaras.meetings import api as meetings_api
from selaras.ops.views import healthz
from selaras.planning import api as planning_api
from selaras.regions import api as regions_api
from selaras.regions.converters import RegionCodeConverter
from selaras.rollout import api as rollout_api
from selaras.sync import api as sync_api
from selaras.web.admin import site as admin_site

register_converter(RegionCodeConverter, "region")

router = DefaultRouter()
router.register("regions", regions_api.RegionViewSet, basename="region")
router.register("users", accounts_api.UserViewSet, basename="user")
planning_api.register(router)
connectivity_api.register(router)
agreements_api.register(router)
sync_api.register(router)
rollout_api.register(router)
jobs_api.register(router)
meetings_api.register(router)

urlpatterns = [
    path("", include(("selaras.web.urls", "web"))),
    path("", include("selaras.accounts.urls")),
    path("wilayah/", include("selaras.regions.urls")),
    path("audit/", include("selaras.audit.urls")),
    path("tugas/", include("selaras.jobs.urls")),
    path("rencana/", include("selaras.planning.urls")),
    path("konektivitas/", include("selaras.connectivity.urls")),
    path("pks/", include("selaras.agreements.urls")),
    path("sinkronisasi/", include("selaras.sync.urls")),
    path("rollout/", include("selaras.rollout.urls")),
    path("rakorda/", include("selaras.meetings.urls")),
    path("unggahan/", include("selaras.uploads.urls")),
    path("publik/", include("selaras.public.urls")),
    path("data/", include("selaras.opendata.urls")),
    path("panduan/", include("selaras.guide.urls")),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/v1/", include((router.urls, "api"))),
    path("api/v1/me/", accounts_api.me, name="api-me"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema", template_name="web/api_docs.html"),
        name="api-docs",
    ),
    path(f"{settings.ADMIN_PATH}/", admin_site.urls),
]

handler400 = "selaras.web.views.error_400"
handler403 = "selaras.web.views.error_403"
handler404 = "selaras.web.views.error_404"
handler500 = "selaras.web.views.error_500"
