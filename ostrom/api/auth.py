"""Who is calling: a signed-in browser (session, with CSRF) or a partner's system (personal token)."""

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from ostrom.accounts.models import ApiToken


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
    """For public reads: lets anyone in, but recognises a session or token when there is one."""

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            user = PersonalToken().authenticate(request, header.split(" ", 1)[1].strip())
            if user is not None:
                return user
        return request.user if request.user.is_authenticated else True


signed_in = [SessionAuth(), PersonalToken()]
anyone = OptionalAuth()
