from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django_ratelimit.exceptions import Ratelimited

from ostrom.accounts.api import router as accounts_router
from ostrom.api.errors import OstromAPI
from ostrom.assets.api import router as assets_router
from ostrom.assets.oruk_api import router as oruk_router
from ostrom.conversations import services as conversation_services
from ostrom.conversations.api import router as conversations_router
from ostrom.core import ratelimits
from ostrom.decisions.api import router as decisions_router
from ostrom.events.api import router as events_router
from ostrom.grants.api import router as grants_router
from ostrom.grants.services import rules as grant_rules
from ostrom.impact.api import router as impact_router
from ostrom.impact.returns_api import router as returns_router
from ostrom.impact.wellbeing_api import router as wellbeing_router
from ostrom.insight.api import router as insight_router
from ostrom.insight.theme_api import router as themes_router
from ostrom.money.api import router as money_router
from ostrom.network.api import router as network_router
from ostrom.panels.api import router as panels_router
from ostrom.places.api import router as places_router
from ostrom.referrals.api import router as referrals_router
from ostrom.referrals.report_api import router as referral_reports_router
from ostrom.surveys.api import router as surveys_router
from ostrom.translations.api import router as translations_router

api = OstromAPI(
    title="Ostrom API",
    version="1.0.0",
    description="Community-powered decision-making in health and care. Public reads need no sign-in; "
    "writes need a signed-in session (with CSRF token) or a personal API token (Authorization: Bearer …).",
    urls_namespace="api-1.0.0",
)
api.add_router("/places/", places_router)
api.add_router("/", network_router)
api.add_router("/me/", accounts_router)
api.add_router("/", grants_router)
api.add_router("/", conversations_router)
api.add_router("/", panels_router)
api.add_router("/", decisions_router)
api.add_router("/", events_router)
api.add_router("/", surveys_router)
api.add_router("/", insight_router)
api.add_router("/", impact_router)
api.add_router("/", wellbeing_router)
api.add_router("/", returns_router)
api.add_router("/", money_router)
api.add_router("/", themes_router)
api.add_router("/", assets_router)
api.add_router("/oruk/", oruk_router)
api.add_router("/", referrals_router)
api.add_router("/", referral_reports_router)
api.add_router("/", translations_router)


@api.exception_handler(PermissionDenied)
def forbidden(request, problem):
    return api.create_response(request, {"detail": str(problem) or "You do not have permission"}, status=403)


@api.exception_handler(Ratelimited)
def too_many_requests(request, problem):
    response = api.create_response(
        request,
        {
            "detail": gettext("Too many attempts from your network. %(wait)s.")
            % {"wait": ratelimits.wait_of(problem)}
        },
        status=429,
    )
    if isinstance(problem, ratelimits.TooManyAttempts):
        response["Retry-After"] = str(problem.retry_after)
    return response


@api.exception_handler(ValidationError)
def invalid(request, problem):
    detail = problem.message_dict if hasattr(problem, "error_dict") else {"__all__": problem.messages}
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(grant_rules.PhaseClosed)
@api.exception_handler(conversation_services.ConversationClosed)
def phase_closed(request, problem):
    return api.create_response(request, {"detail": str(problem)}, status=409)
