from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from selaras.accounts import selectors, services
from selaras.accounts.api_permissions import ManagesAccounts
from selaras.accounts.models import Role, User
from selaras.regions.models import Region
from selaras.web.api_params import RegionByCode


class UserSerializer(serializers.ModelSerializer[User]):
    full_name = serializers.CharField(source="first_name", required=False, allow_blank=True)
    # The model allows a blank role (superusers have none); an account managed here always has one.
    role = serializers.ChoiceField(choices=Role.choices)
    region = RegionByCode(queryset=Region.objects.all())

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "role", "region", "is_active"]
        read_only_fields = ["id", "username"]


class UserCreateSerializer(serializers.Serializer[User]):
    username = serializers.RegexField(r"^[\w.@+-]+$", max_length=150)
    password = serializers.CharField(write_only=True)
    full_name = serializers.CharField(required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=Role.choices)
    region = RegionByCode(queryset=Region.objects.all())


class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[User],
):
    """Accounts of the caller's province; provincial administrators only."""

    permission_classes = [ManagesAccounts]
    serializer_class = UserSerializer

    def get_queryset(self) -> Any:
        return selectors.user_list_manageable(actor=self.request.user)

    def get_serializer_class(self) -> Any:
        return UserCreateSerializer if self.action == "create" else UserSerializer

    @extend_schema(request=UserCreateSerializer, responses=UserSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = UserCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = services.user_create(
            actor=request.user,
            username=data["username"],
            password=data["password"],
            role=data["role"],
            region=data["region"],
            full_name=data["full_name"],
            email=data["email"],
        )
        return Response(UserSerializer(user).data, status=201)

    def perform_update(self, serializer: Any) -> None:
        account, data = serializer.instance, serializer.validated_data
        services.user_update(
            actor=self.request.user,
            user=account,
            role=data.get("role", account.role),
            region=data.get("region", account.region),
            full_name=data.get("first_name", account.first_name),
            email=data.get("email", account.email),
            is_active=data.get("is_active", account.is_active),
        )


class MeSerializer(serializers.Serializer[Any]):
    username = serializers.CharField()
    role = serializers.CharField()
    region = serializers.CharField(allow_null=True)
    is_superuser = serializers.BooleanField()


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request: Request) -> Response:
    user = request.user
    return Response(
        {
            "username": user.username,
            "role": user.role,
            "region": user.region_id,
            "is_superuser": user.is_superuser,
        }
    )
