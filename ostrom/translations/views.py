from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ostrom.accounts import permissions
from ostrom.accounts.languages import language_name, reading_languages
from ostrom.accounts.models import Role
from ostrom.accounts.permissions import ensure
from ostrom.places.models import Place

from . import presenters, services
from .forms import TranslationsForm, TranslatorForm
from .registry import document_kind


def _document(kind_key: str, pk: int):
    kind = document_kind(kind_key)
    if kind is None:
        raise Http404("There is no such kind of document")
    return kind, get_object_or_404(kind.model, pk=pk)


@login_required
def work(request):
    ensure(
        permissions.is_any_translator(request.user),
        gettext("Only coordinators and volunteer translators can translate"),
    )
    return render(
        request,
        "translations/work.html",
        {
            "rows": presenters.work_for(request.user),
            "can_name_translators": permissions.is_any_coordinator(request.user),
        },
    )


@login_required
def document(request, kind, pk):
    kind, document = _document(kind, pk)
    services.ensure_can_translate(actor=request.user, kind=kind, document=document)
    return render(
        request,
        "translations/document.html",
        {"kind": kind, "document": document, "progress": presenters.language_progress(kind, document)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def translate(request, kind, pk, language):
    kind, document = _document(kind, pk)
    services.ensure_can_translate(actor=request.user, kind=kind, document=document)
    if language not in dict(reading_languages()):
        raise Http404("Ostrom does not offer this language")
    items = services.items_to_translate(kind, document, language)
    existing = presenters.existing_translations(items, language)
    form = TranslationsForm(request.POST or None, items=items, existing=existing)
    if form.is_valid():
        try:
            changed = services.save_translations(
                actor=request.user, kind=kind, document=document, language=language, texts=form.texts()
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, _("Translations saved: %(count)s changed") % {"count": changed})
            return redirect("translations:translate", kind=kind.key, pk=document.pk, language=language)
    return render(
        request,
        "translations/translate.html",
        {
            "kind": kind,
            "document": document,
            "language": language,
            "language_name": language_name(language),
            "form": form,
            "rows": presenters.text_rows(form, items, existing, language),
        },
    )


def _places_named_for(user):
    """The places a coordinator may name translators for: the places of their coordinator roles and
    everything inside them (every place for an unscoped coordinator or an admin)."""
    if user.is_admin:
        return Place.objects.all()
    scoped = user.role_places(Role.Kind.COORDINATOR)
    return Place.objects.all() if scoped is None else Place.objects.within_any(scoped)


@login_required
@require_http_methods(["GET", "POST"])
def translators(request):
    ensure(permissions.is_any_coordinator(request.user), gettext("Only coordinators can name translators"))
    places = _places_named_for(request.user).order_by("name")
    form = TranslatorForm(request.POST or None, places=places)
    if form.is_valid():
        try:
            role = services.name_translator(
                actor=request.user, email=form.cleaned_data["email"], place=form.cleaned_data["place"]
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(
                request,
                _("%(name)s can now translate for %(place)s")
                % {"name": role.user.display_name, "place": role.place},
            )
            return redirect("translations:translators")
    roles = (
        Role.objects.filter(kind=Role.Kind.TRANSLATOR, place__in=places)
        .select_related("user", "place")
        .order_by("place__name", "user__full_name")
    )
    return render(request, "translations/translators.html", {"form": form, "roles": roles})


@login_required
@require_POST
def stop_translator(request, role_id):
    role = get_object_or_404(
        Role.objects.select_related("user", "place"), pk=role_id, kind=Role.Kind.TRANSLATOR
    )
    services.stop_translator(actor=request.user, role=role)
    messages.success(
        request,
        _("%(name)s no longer translates for %(place)s")
        % {"name": role.user.display_name, "place": role.place},
    )
    return redirect("translations:translators")
