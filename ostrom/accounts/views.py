import json

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from ostrom.core.ratelimits import client_address, limit_posts

from . import equality, permissions, services, two_factor
from .consent import EQUALITY_MONITORING
from .forms import (
    ApiTokenForm,
    EqualityAnswersForm,
    ErasureForm,
    LanguageForm,
    PasswordResetForm,
    ResetTwoFactorForm,
    SignInForm,
    SignUpForm,
    TwoFactorCodeForm,
)
from .languages import content_only_languages, reading_languages
from .middleware import STAFF_SESSION_COOKIE, set_language_cookie
from .models import Consent, EqualityAnswer, User
from .presenters import language_items
from .redirects import safe_next, with_next

# The session key holding where to go once the emailed link confirms a new account's address.
NEXT_AFTER_CONFIRMING = "next_after_confirming_email"


def permission_denied(request, exception=None):
    """The 403 page (handler403): why, from `NotAllowed`'s message where a rule gave one, and a way
    on: sign in (coming back here) for someone signed out, the home page for everyone."""
    reason = str(exception) if isinstance(exception, permissions.NotAllowed) else ""
    context = {
        "reason": (reason or _("You do not have permission to see this page")).rstrip("."),
        "sign_in_url": None
        if request.user.is_authenticated
        else with_next("accounts:login", request.get_full_path()),
    }
    return render(request, "403.html", context, status=403)


@require_http_methods(["GET", "POST"])
@limit_posts("sign-up")
def sign_up(request):
    form = SignUpForm(request.POST or None)
    next_url = safe_next(request)
    if form.is_valid():
        try:
            user = services.sign_up(
                **form.cleaned_data,
                network_address=_network_address(request),
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if next_url:
                # Following the confirmation link later, in this browser, comes back here too.
                request.session[NEXT_AFTER_CONFIRMING] = next_url
            messages.success(
                request,
                _(
                    "Your account has been created. We have sent an email to %(email)s: follow the link "
                    "in it to confirm your address. You need to do this before you can vote."
                )
                % {"email": user.email},
            )
            return redirect(next_url or "accounts:my-account")
    return render(request, "accounts/sign_up.html", {"form": form, "next": next_url})


def _network_address(request) -> str:
    """The caller's address, from the same request header the rate limits count by."""
    return client_address(request)


@require_http_methods(["GET"])
def confirm_email(request, uidb64, token):
    """Following the link proves the person reads mail at that address, so a plain GET confirms it."""
    try:
        services.confirm_email(uidb64=uidb64, token=token)
    except services.LinkNotValid:
        return render(request, "accounts/confirm_email_failed.html", status=400)
    messages.success(request, _("Thank you. Your email address is confirmed"))
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return redirect(
        safe_next(request, request.session.pop(NEXT_AFTER_CONFIRMING, "")) or "accounts:my-account"
    )


@login_required
@require_POST
@limit_posts("confirm-email")
def send_confirmation_again(request):
    services.send_email_confirmation(user=request.user, site_url=request.build_absolute_uri("/"))
    messages.success(request, _("We have sent the link again to %(email)s") % {"email": request.user.email})
    return redirect("accounts:my-account")


class SignInView(auth_views.LoginView):
    """Back to `next` (checked to be on this site by Django's LoginView), else to what needs doing.
    Someone with two-step verification on goes on to enter a code first; staff who must use it and have
    not set it up go on to set it up."""

    template_name = "accounts/login.html"
    extra_context = {"breadcrumbs": []}  # its parent is the home page
    authentication_form = SignInForm
    next_page = "overview:what-needs-doing"

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if two_factor.is_on(user):
            return redirect(with_next("accounts:two-factor-code", self.get_success_url()))
        if permissions.must_use_two_factor(user):
            return redirect(with_next("accounts:two-factor-setup", self.get_success_url()))
        return response

    def form_invalid(self, form):
        # When this attempt paused signing in, django-axes' middleware answers with the pause page instead.
        if getattr(self.request, "axes_locked_out", False):
            self.request.signing_in_pause = two_factor.signing_in_pause(
                self.request, getattr(self.request, "axes_credentials", None)
            )
        return super().form_invalid(form)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self._timed_out():
            response.delete_cookie(STAFF_SESSION_COOKIE)  # said once
        return response

    def _timed_out(self) -> bool:
        """A staff session was open in this browser and ended without signing out: it went idle."""
        return (
            not self.request.user.is_authenticated and self.request.COOKIES.get(STAFF_SESSION_COOKIE) == "1"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, timed_out=self._timed_out(), idle_minutes=settings.STAFF_IDLE_MINUTES
        )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
@limit_posts("two-factor")
def two_factor_code(request):
    """After the password, the code from the authenticator app (or a backup code). Wrong codes make the
    next try wait longer (django-otp) and count towards the sign-in pause (django-axes)."""
    user = request.user
    next_url = safe_next(request)
    if user.is_verified() or not two_factor.is_on(user):
        return redirect(next_url or "overview:what-needs-doing")
    credentials = {"username": user.email}
    form = TwoFactorCodeForm(request.POST or None)
    if form.is_valid():
        if AxesProxyHandler.is_locked(request, credentials):
            request.signing_in_pause = two_factor.signing_in_pause(request, credentials)
            logout(request)
            return get_lockout_response(request, None, credentials)
        try:
            device = services.verify_two_factor_code(user=user, code=form.cleaned_data["code"])
        except services.CodeNotAccepted as problem:
            form.add_error("code", str(problem))
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                request.signing_in_pause = two_factor.signing_in_pause(request, credentials)
                logout(request)  # django-axes' middleware answers with the "signing in is paused" page
        else:
            django_otp.login(request, device)
            if device.persistent_id.startswith("otp_static"):
                left = two_factor.backup_codes_left(user)
                messages.warning(
                    request,
                    _(
                        "You used a backup code: it will not work again. You have %(left)s left. "
                        "Set up your authenticator app again from your account page if you lost your phone."
                    )
                    % {"left": left},
                )
            return redirect(next_url or "overview:what-needs-doing")
    return render(request, "accounts/two_factor_code.html", {"form": form, "next": next_url})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
@limit_posts("two-factor")
def two_factor_setup(request):
    """Set up an authenticator app: scan the QR code (or type the secret), confirm with its first code,
    then see the backup codes once."""
    user = request.user
    next_url = safe_next(request)
    if two_factor.is_on(user) and not user.is_verified():
        return redirect(with_next("accounts:two-factor-code", next_url))
    device = services.start_two_factor_setup(user=user)
    form = TwoFactorCodeForm(request.POST or None)
    if form.is_valid():
        try:
            codes = services.turn_on_two_factor(user=user, device=device, code=form.cleaned_data["code"])
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            django_otp.login(request, device)
            return render(
                request,
                "accounts/two_factor_backup_codes.html",
                {"codes": codes, "next": next_url or reverse("accounts:my-account")},
            )
    context = {
        "form": form,
        "next": next_url,
        "qr_code": two_factor.qr_code_svg(device),
        "secret": two_factor.secret_in_groups(device),
        "required": permissions.must_use_two_factor(user),
        "replacing": two_factor.is_on(user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@require_POST
def two_factor_turn_off(request):
    services.turn_off_two_factor(user=request.user)
    messages.success(request, _("Two-step verification is off. You now sign in with your password only"))
    return redirect("accounts:my-account")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_reset(request):
    """An administrator resets someone's two-step verification when they have lost their phone."""
    permissions.ensure(
        permissions.can_reset_two_factor(request.user),
        _("Only an administrator can reset two-step verification"),
    )
    form = ResetTwoFactorForm(request.POST or None)
    if form.is_valid():
        person = User.objects.filter(email=form.cleaned_data["email"], is_active=True).first()
        if person is None:
            form.add_error("email", _("There is no active account with this email address"))
        else:
            services.reset_two_factor(user=person, reset_by=request.user)
            messages.success(
                request,
                _(
                    "Two-step verification is reset for %(email)s. "
                    "If they are staff, they will set up an authenticator app again when they next sign in"
                )
                % {"email": person.email},
            )
            return redirect("accounts:two-factor-reset")
    return render(request, "accounts/two_factor_reset.html", {"form": form})


@require_http_methods(["GET", "POST"])
def sign_out(request):
    if request.method == "POST":
        logout(request)
        return redirect("core:home")
    return render(request, "accounts/sign_out.html")


@method_decorator(limit_posts("password-reset"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        # A new password ends a sign-in pause for this account, as the locked-out page promises.
        axes_reset(username=form.user.email)
        return super().form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def my_account(request):
    user = request.user
    answer = EqualityAnswer.objects.filter(user=user).select_related("lsoa").first()
    context = {
        "email_confirmation": _("Yes, on %(date)s")
        % {"date": date_format(timezone.localtime(user.email_confirmed_at), "j F Y")}
        if user.has_confirmed_email
        else _("Not yet"),
        "roles": user.roles.select_related("place", "subgroup"),
        "consent": Consent.objects.active().filter(user=user, purpose=EQUALITY_MONITORING.purpose).first(),
        "answer": answer,
        "answer_labels": equality.answer_labels(answer) if answer else {},
        "sections": services.account_sections(user),
        "language_name": dict(reading_languages()).get(user.language, _("Not chosen yet")),
    }
    return render(request, "accounts/my_account.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def equality_answers(request):
    answer = EqualityAnswer.objects.filter(user=request.user).first()
    initial = {"consent": answer is not None}
    if answer:
        initial.update(
            ethnic_group=answer.ethnic_group,
            age_band=answer.age_band,
            sex=answer.sex,
            disability=answer.disability,
            postcode=answer.postcode,
        )
    form = EqualityAnswersForm(request.POST or None, initial=initial)
    if form.is_valid():
        answers = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
        try:
            services.give_consent(user=request.user, wording=EQUALITY_MONITORING)
            services.save_equality_answers(user=request.user, **answers)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, _("Your answers have been saved"))
            return redirect("accounts:my-account")
    return render(request, "accounts/equality_answers.html", {"form": form, "wording": EQUALITY_MONITORING})


@login_required
@require_POST
def withdraw_equality_consent(request):
    services.withdraw_consent(user=request.user, purpose=EQUALITY_MONITORING.purpose)
    messages.success(request, _("You have withdrawn your consent and your answers have been deleted"))
    return redirect("accounts:my-account")


@login_required
def download_my_data(request):
    data = services.export_personal_data(user=request.user)
    response = HttpResponse(json.dumps(data, indent=2), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-data-from-ostrom.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase_my_data(request):
    form = ErasureForm(request.POST or None)
    if form.is_valid():
        user = request.user
        services.erase_person(user=user, requested_by=user)
        logout(request)
        messages.success(request, _("Your personal data has been erased"))
        return redirect("core:home")
    return render(request, "accounts/erase.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_token = None
    may_create = permissions.can_create_api_token(request.user, verified=request.user.is_verified())
    if may_create and form.is_valid():
        new_token = services.create_api_token(
            user=request.user, name=form.cleaned_data["name"], verified=request.user.is_verified()
        )
        form = ApiTokenForm()
    tokens = request.user.api_tokens.usable().order_by("-created_at")
    context = {"form": form, "tokens": tokens, "new_token": new_token, "may_create": may_create}
    return render(request, "accounts/api_tokens.html", context)


@login_required
@require_POST
def revoke_api_token(request, token_id):
    api_token = get_object_or_404(request.user.api_tokens.usable(), pk=token_id)
    services.revoke_api_token(user=request.user, api_token=api_token)
    messages.success(request, _("The token has been revoked"))
    return redirect("accounts:api-tokens")


@require_http_methods(["GET", "POST"])
def choose_language(request):
    """The language switcher, for anyone. A signed-in person's choice is kept on their account too, so it
    follows them when they sign in on another browser (AccountLanguageMiddleware)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen not in content_only_languages():
        chosen = translation.get_language()
    form = LanguageForm(request.POST or None, initial={"language": chosen})
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            services.choose_language(user=request.user, language=language)
        # Django's own view goes back to `next` when it is on this site and sets the language cookie, but
        # only for a language Django has a catalogue of: a content-only language (Somali) is set here.
        response = set_language(request)
        set_language_cookie(response, language)
        return response
    next_url = request.POST.get("next") or request.GET.get("next", "")
    return render(
        request,
        "accounts/language.html",
        {"form": form, "language_items": language_items(form), "next_url": next_url},
    )
