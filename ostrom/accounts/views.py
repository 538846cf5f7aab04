import json

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_POST

from ostrom.core.ratelimits import limit_posts

from . import permissions, services
from .consent import EQUALITY_MONITORING
from .forms import ApiTokenForm, EqualityAnswersForm, ErasureForm, SignInForm, SignUpForm
from .models import Consent, EqualityAnswer
from .redirects import safe_next, with_next

# The session key holding where to go once the emailed link confirms a new account's address.
NEXT_AFTER_CONFIRMING = "next_after_confirming_email"


def permission_denied(request, exception=None):
    """The 403 page (handler403): why, from `NotAllowed`'s message where a rule gave one, and a way
    on: sign in (coming back here) for someone signed out, the home page for everyone."""
    reason = str(exception) if isinstance(exception, permissions.NotAllowed) else ""
    context = {
        "reason": (reason or "You do not have permission to see this page").rstrip("."),
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
                f"Your account has been created. We have sent an email to {user.email}: follow the link "
                "in it to confirm your address. You need to do this before you can vote.",
            )
            return redirect(next_url or "accounts:my-account")
    return render(request, "accounts/sign_up.html", {"form": form, "next": next_url})


def _network_address(request) -> str:
    """The caller's address, from the same request header the rate limits count by."""
    return request.META.get(settings.RATELIMIT_IP_META_KEY, "")


@require_http_methods(["GET"])
def confirm_email(request, uidb64, token):
    """Following the link proves the person reads mail at that address, so a plain GET confirms it."""
    try:
        services.confirm_email(uidb64=uidb64, token=token)
    except services.LinkNotValid:
        return render(request, "accounts/confirm_email_failed.html", status=400)
    messages.success(request, "Thank you. Your email address is confirmed")
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
    messages.success(request, f"We have sent the link again to {request.user.email}")
    return redirect("accounts:my-account")


class SignInView(auth_views.LoginView):
    """Back to `next` (checked to be on this site by Django's LoginView), else to what needs doing."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    next_page = "overview:what-needs-doing"


@require_http_methods(["GET", "POST"])
def sign_out(request):
    if request.method == "POST":
        logout(request)
        return redirect("core:home")
    return render(request, "accounts/sign_out.html")


@method_decorator(limit_posts("password-reset"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
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
    context = {
        "email_confirmation": f"Yes, on {date_format(timezone.localtime(user.email_confirmed_at), 'j F Y')}"
        if user.has_confirmed_email
        else "Not yet",
        "roles": user.roles.select_related("place", "subgroup"),
        "consent": Consent.objects.active().filter(user=user, purpose=EQUALITY_MONITORING.purpose).first(),
        "answer": EqualityAnswer.objects.filter(user=user).select_related("lsoa").first(),
        "sections": services.account_sections(user),
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
            messages.success(request, "Your answers have been saved")
            return redirect("accounts:my-account")
    return render(request, "accounts/equality_answers.html", {"form": form, "wording": EQUALITY_MONITORING})


@login_required
@require_POST
def withdraw_equality_consent(request):
    services.withdraw_consent(user=request.user, purpose=EQUALITY_MONITORING.purpose)
    messages.success(request, "You have withdrawn your consent and your answers have been deleted")
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
        messages.success(request, "Your personal data has been erased")
        return redirect("core:home")
    return render(request, "accounts/erase.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if form.is_valid():
        new_token = services.create_api_token(user=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = request.user.api_tokens.usable().order_by("-created_at")
    return render(
        request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "new_token": new_token}
    )


@login_required
@require_POST
def revoke_api_token(request, token_id):
    api_token = get_object_or_404(request.user.api_tokens.usable(), pk=token_id)
    services.revoke_api_token(user=request.user, api_token=api_token)
    messages.success(request, "The token has been revoked")
    return redirect("accounts:api-tokens")
