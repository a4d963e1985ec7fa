from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from selaras.accounts import selectors, services, throttle
from selaras.accounts.access import Action, require
from selaras.accounts.forms import (
    AccountCreateForm,
    AccountUpdateForm,
    OwnPasswordForm,
    PasswordForm,
    SignInForm,
)


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


def _attach_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error("password1" if "password1" in form.fields else None, error)


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """What axes answers a locked sign-in: how long the lock lasts, and who can lift it."""
    minutes = throttle.lockout_minutes(request, credentials)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@require_http_methods(["GET"])
def account_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_ACCOUNTS, request.user.region_code)
    accounts = list(selectors.user_list_manageable(actor=request.user))
    locked = throttle.locked_usernames([a.username for a in accounts])
    return render(request, "accounts/list.html", {"accounts": accounts, "locked": locked})


@require_http_methods(["GET", "POST"])
def account_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    """A provincial administrator lifts the sign-in lock of an account of the province."""
    account = selectors.user_get_manageable(actor=request.user, pk=pk)
    if request.method == "POST":
        services.user_unlock(actor=request.user, user=account)
        messages.success(request, _("Sign-in lock of %(username)s lifted.") % {"username": account.username})
        return redirect("accounts:list")
    ends = throttle.lock_ends(account.username, None)
    return render(
        request,
        "accounts/unlock.html",
        {
            "account": account,
            "ends": ends,
            "locked": account.username in throttle.locked_usernames([account.username]),
        },
    )


@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_ACCOUNTS, request.user.region_code)
    form = AccountCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                password=data["password1"],
                role=data["role"],
                region=data["region"],
                full_name=data["full_name"],
                email=data["email"],
            )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("Account %(username)s created.") % {"username": user.username})
            return redirect("accounts:list")
    return render(request, "accounts/form.html", {"form": form, "creating": True})


@require_http_methods(["GET", "POST"])
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.user_get_manageable(actor=request.user, pk=pk)
    initial = {
        "full_name": account.first_name,
        "email": account.email,
        "role": account.role,
        "region": account.region,
        "is_active": account.is_active,
    }
    form = AccountUpdateForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(
                actor=request.user,
                user=account,
                role=data["role"],
                region=data["region"],
                full_name=data["full_name"],
                email=data["email"],
                is_active=data["is_active"],
            )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("Account %(username)s saved.") % {"username": account.username})
            return redirect("accounts:list")
    return render(request, "accounts/form.html", {"form": form, "account": account})


@require_http_methods(["GET", "POST"])
def account_password(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.user_get_manageable(actor=request.user, pk=pk)
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(
                actor=request.user, user=account, password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("Password of %(username)s changed.") % {"username": account.username})
            return redirect("accounts:list")
    return render(request, "accounts/password.html", {"form": form, "account": account})


@require_http_methods(["GET", "POST"])
def me(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own page: change password (which revokes the API token), manage the API token."""
    form = OwnPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(
                actor=request.user, user=request.user, password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(
                request, _("Your password was changed. Your API token, if you had one, was revoked.")
            )
            return redirect("accounts:me")
    return render(request, "accounts/me.html", {"form": form, "token": request.user.api_tokens.first()})


@require_POST
def token_renew(request: HttpRequest) -> HttpResponse:
    key = services.token_renew(user=request.user)
    return render(
        request,
        "accounts/me.html",
        {
            "form": OwnPasswordForm(user=request.user),
            "token": request.user.api_tokens.first(),
            "new_token": key,
        },
    )


@require_POST
def token_revoke(request: HttpRequest) -> HttpResponse:
    services.token_revoke(user=request.user)
    messages.success(request, _("Your API token was revoked."))
    return redirect("accounts:me")
