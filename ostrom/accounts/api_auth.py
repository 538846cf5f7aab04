"""Who is calling: a signed-in browser (session, with CSRF) or a partner's system (personal token).

A personal token is tried first. A browser never sends an Authorization header on its own, so a
request carrying a valid token cannot be a forged cross-site request and needs no CSRF token; a
request that relies on the session cookie must carry one for every write."""

from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from ostrom.accounts.models import ApiToken

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class PersonalToken(HttpBearer):
    def authenticate(self, request, token):
        api_token = (
            ApiToken.objects.usable().select_related("user").filter(token_hash=ApiToken.hash(token)).first()
        )
        if api_token is None:
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user


class OptionalAuth:
    """For public operations: lets anyone in, but recognises a token or a session when there is one.
    A write that relies on the session still needs its CSRF token."""

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            user = PersonalToken().authenticate(request, header.split(" ", 1)[1].strip())
            if user is not None:
                return user
        if not request.user.is_authenticated:
            return True
        if request.method not in SAFE_METHODS and check_csrf(request):
            raise HttpError(403, "CSRF check failed: reload the page and try again")
        return request.user


signed_in = [PersonalToken(), SessionAuth()]
anyone = OptionalAuth()
