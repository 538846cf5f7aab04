"""Pages for exchanging the directory as Open Referral UK: the export download, importing a file or feed,
and each import's report. Views handle HTTP only."""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ostrom.accounts import permissions

from . import exchange_presenters, exchange_services, oruk
from .exchange_forms import OrukImportForm
from .models import OrukImport


def export(request):
    """The whole public directory as Open Referral UK JSON (a service package: fully nested services)."""
    response = HttpResponse(
        json.dumps(oruk.service_package(), ensure_ascii=False, indent=1), content_type="application/json"
    )
    filename = f"ostrom-community-assets-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def exchange(request):
    permissions.ensure(permissions.can_exchange_directory(request.user), exchange_services.ONLY_EXCHANGERS)
    form = OrukImportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if form.is_valid():
        upload = form.cleaned_data.get("file")
        the_import = exchange_services.start_oruk_import(
            coordinator=request.user,
            content=upload.read() if upload else None,
            filename=upload.name if upload else "",
            url=form.cleaned_data.get("url", ""),
        )
        return redirect("assets:exchange-import", the_import.pk)
    imports = OrukImport.objects.select_related("started_by", "progress")[:50]
    return render(
        request,
        "assets/exchange/exchange.html",
        {"form": form, "import_rows": exchange_presenters.import_rows(imports)},
    )


def import_detail(request, import_id):
    permissions.ensure(permissions.can_exchange_directory(request.user), exchange_services.ONLY_EXCHANGERS)
    the_import = get_object_or_404(OrukImport.objects.select_related("progress", "started_by"), pk=import_id)
    report = the_import.report or {}
    return render(
        request,
        "assets/exchange/import.html",
        {
            "the_import": the_import,
            "report": report,
            "outcome": exchange_presenters.outcome(the_import),
            "shape": exchange_presenters.shape(report),
            "started": exchange_presenters.started(the_import),
            "rejection_rows": exchange_presenters.rejection_rows(report),
            "change_rows": exchange_presenters.change_rows(report),
            "note_rows": exchange_presenters.note_rows(report),
        },
    )
