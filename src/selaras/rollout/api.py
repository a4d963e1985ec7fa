from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    """Add this capability's API endpoints to the shared router (selaras/urls.py calls it)."""
