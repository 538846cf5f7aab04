from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-up/", views.sign_up, name="sign-up"),
    path("confirm-email/<uidb64>/<token>/", views.confirm_email, name="confirm-email"),
    path("my-account/confirm-email/send/", views.send_confirmation_again, name="send-confirmation"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("sign-in/code/", views.two_factor_code, name="two-factor-code"),
    path("my-account/two-step-verification/", views.two_factor_setup, name="two-factor-setup"),
    path("my-account/two-step-verification/turn-off/", views.two_factor_turn_off, name="two-factor-turn-off"),
    path("two-step-verification/reset/", views.two_factor_reset, name="two-factor-reset"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("my-account/", views.my_account, name="my-account"),
    path("language/", views.choose_language, name="language"),
    path("my-account/equality/", views.equality_answers, name="equality-answers"),
    path("my-account/equality/withdraw/", views.withdraw_equality_consent, name="withdraw-equality-consent"),
    path("my-account/download/", views.download_my_data, name="download-my-data"),
    path("my-account/erase/", views.erase_my_data, name="erase-my-data"),
    path("my-account/api-tokens/", views.api_tokens, name="api-tokens"),
    path("my-account/api-tokens/<int:token_id>/revoke/", views.revoke_api_token, name="revoke-api-token"),
]
