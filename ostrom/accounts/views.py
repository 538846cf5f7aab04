import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .consent import EQUALITY_MONITORING
from .forms import ApiTokenForm, EqualityAnswersForm, ErasureForm, SignInForm, SignUpForm
from .models import Consent, EqualityAnswer


@require_http_methods(["GET", "POST"])
def sign_up(request):
    form = SignUpForm(request.POST or None)
    if form.is_valid():
        try:
            user = services.sign_up(**form.cleaned_data)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Your account has been created")
            return redirect("accounts:my-account")
    return render(request, "accounts/sign_up.html", {"form": form})


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm


@require_http_methods(["GET", "POST"])
def sign_out(request):
    if request.method == "POST":
        logout(request)
        return redirect("core:home")
    return render(request, "accounts/sign_out.html")


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


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def my_account(request):
    user = request.user
    context = {
        "roles": user.roles.select_related("place", "subgroup"),
        "consent": Consent.objects.active().filter(user=user, purpose=EQUALITY_MONITORING.purpose).first(),
        "answer": EqualityAnswer.objects.filter(user=user).select_related("lsoa").first(),
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
    services.revoke_api_token(user=request.user, token_id=token_id)
    messages.success(request, "The token has been revoked")
    return redirect("accounts:api-tokens")
