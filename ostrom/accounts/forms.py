from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from . import equality
from .languages import in_language_of, reading_languages


class SignUpForm(forms.Form):
    full_name = forms.CharField(max_length=150, error_messages={"required": gettext_lazy("Enter your name")})
    email = forms.EmailField(
        error_messages={
            "required": gettext_lazy("Enter your email address"),
            "invalid": gettext_lazy("Enter an email address in the correct format, like name@example.com"),
        }
    )
    password = forms.CharField(strip=False, error_messages={"required": gettext_lazy("Enter a password")})

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password"):
            try:
                password_validation.validate_password(cleaned["password"])
            except forms.ValidationError as problem:
                self.add_error("password", problem)
        return cleaned


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy("Enter the email address and password you signed up with"),
        "inactive": gettext_lazy("This account is no longer active"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = gettext_lazy("Enter your email address")
        self.fields["password"].error_messages["required"] = gettext_lazy("Enter your password")
        # Django sets the field's max_length after it is made, so nothing enforces it; without this, an
        # overlong address reaches django-axes, whose record of failed attempts cannot hold it.
        self.fields["username"].validators.append(
            MaxLengthValidator(254, gettext_lazy("Email address must be 254 characters or fewer"))
        )


class EqualityAnswersForm(forms.Form):
    consent = forms.BooleanField(
        error_messages={"required": gettext_lazy("Tick the box to agree to us keeping your answers")}
    )
    ethnic_group = forms.ChoiceField(choices=equality.ethnic_group_choices, required=False)
    age_band = forms.ChoiceField(choices=equality.age_band_choices, required=False)
    sex = forms.ChoiceField(choices=equality.sex_choices, required=False)
    disability = forms.ChoiceField(choices=equality.disability_choices, required=False)
    postcode = forms.CharField(max_length=8, required=False)

    def clean_postcode(self):
        postcode = "".join(self.cleaned_data["postcode"].split()).upper()
        if postcode and not (5 <= len(postcode) <= 7 and postcode[-3].isdecimal()):
            raise forms.ValidationError(gettext("Enter a real postcode, like B16 8AA"))
        return postcode


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        error_messages={"required": gettext_lazy("Enter a name for the token")},
        help_text=gettext_lazy('Say what will use it, like "ICB dashboard"'),
    )


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        error_messages={"required": gettext_lazy("Tick the box to confirm you want your data erased")}
    )


class TwoFactorCodeForm(forms.Form):
    """A 6-digit code from the authenticator app, or (when signing in) one of the backup codes."""

    code = forms.CharField(
        max_length=20,
        error_messages={
            "required": gettext_lazy("Enter the 6-digit code your authenticator app shows"),
            "max_length": gettext_lazy(
                "Enter the 6-digit code your authenticator app shows, or a backup code"
            ),
        },
    )


class ResetTwoFactorForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": gettext_lazy("Enter the email address of the person who lost their phone"),
            "invalid": gettext_lazy("Enter an email address in the correct format, like name@example.com"),
        },
    )
    confirm = forms.BooleanField(
        error_messages={"required": gettext_lazy("Tick the box to confirm you checked who is asking")}
    )

    def clean_email(self):
        return self.cleaned_data["email"].lower()


class LanguageForm(forms.Form):
    """The language switcher: one of the offered languages (the page languages, then the languages only
    content is translated into), nothing else."""

    language = forms.ChoiceField(
        choices=(),
        error_messages={"required": "Select a language", "invalid_choice": "Select a language from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = reading_languages()


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, writing each email in the language its recipient chose (else the page's)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        with in_language_of(context["user"], otherwise=translation.get_language()):
            super().send_mail(
                subject_template_name, email_template_name, context, from_email, to_email, **kwargs
            )
