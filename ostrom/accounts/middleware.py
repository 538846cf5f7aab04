"""Staff sign-in: sessions that end when idle, and two-step verification before any other page; a
signed-in person's chosen language."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from . import permissions, two_factor
from .languages import content_only_languages
from .redirects import with_next

# Set while a staff session is open in this browser, and kept for a while after it: when the session
# has ended and this is still here, the person did not sign out, so the sign-in page says the session
# ended because they had been away. It holds nothing but "1".
STAFF_SESSION_COOKIE = "ostrom_staff_session"
STAFF_SESSION_COOKIE_AGE = 12 * 60 * 60


class StaffIdleSessionMiddleware:
    """A staff person's session ends STAFF_IDLE_MINUTES after their last request: each of their requests
    sets the session's expiry that far ahead (in the session store and on the cookie). Residents keep the
    normal session length."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        staff = permissions.holds_staff_role(request.user)
        if staff:
            request.session.set_expiry(settings.STAFF_IDLE_MINUTES * 60)
        response = self.get_response(request)
        if staff and request.user.is_authenticated:
            response.set_cookie(
                STAFF_SESSION_COOKIE,
                "1",
                max_age=STAFF_SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif staff:  # signed out (or erased) during this request: not an idle timeout
            response.delete_cookie(STAFF_SESSION_COOKIE)
        return response


class TwoFactorMiddleware:
    """Someone signed in with their password but not yet with a code sees only the pages to enter the code
    (or, staff who must use two-step verification and have not set it up, to set it up) and to sign out.

    API calls with a personal token never ask for a code; an API call relying on such a session is
    refused (403), and the session is not trusted beside a token."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths = None

    def open_paths(self) -> tuple[str, ...]:
        if self._open_paths is None:
            self._open_paths = (
                reverse("accounts:two-factor-code"),
                reverse("accounts:two-factor-setup"),
                reverse("accounts:sign-out"),
                reverse("accounts:login"),
                reverse("core:alive"),
                reverse("core:ready"),
            )
        return self._open_paths

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified() or self._may_pass(request):
            return self.get_response(request)
        has_app = two_factor.is_on(user)
        if not has_app and not permissions.must_use_two_factor(user):
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            if request.headers.get("Authorization", "").lower().startswith("bearer "):
                request.user = AnonymousUser()  # the token alone decides who is calling
                return self.get_response(request)
            return JsonResponse(
                {"detail": "Enter your two-step verification code in the browser first"}, status=403
            )
        next_url = request.get_full_path() if request.method == "GET" else ""
        return redirect(
            with_next("accounts:two-factor-code" if has_app else "accounts:two-factor-setup", next_url)
        )

    def _may_pass(self, request) -> bool:
        path = request.path_info
        if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        # The setup page itself sends someone who has an app to the code page.
        return path in self.open_paths()


def set_language_cookie(response, language: str) -> None:
    """The language cookie, as Django's set_language sets it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class AccountLanguageMiddleware:
    """The language a signed-in person chose (User.language), on a browser that has not chosen one yet: it
    is used for this request and set in the language cookie, as if they had used the switcher here. So it
    applies from the first page after signing in on another browser, and a choice made on this browser (the
    cookie, ahead of Accept-Language in LocaleMiddleware) stands. Runs after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._account_language(request)
        if language and language not in content_only_languages():
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            set_language_cookie(response, language)
        return response

    @staticmethod
    def _account_language(request) -> str | None:
        if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or not request.user.is_authenticated:
            return None
        if not request.user.language:
            return None
        if request.user.language in content_only_languages():  # pages in English, content in theirs
            return request.user.language
        try:  # a language no longer offered (its catalogue removed) is passed over
            return translation.get_supported_language_variant(request.user.language, strict=True)
        except LookupError:
            return None
