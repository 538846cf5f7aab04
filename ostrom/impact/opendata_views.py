from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET

from . import opendata
from .models import Programme


def _page_url(request, programme) -> str:
    return request.build_absolute_uri(reverse("impact:open-data", args=[programme.slug]))


@require_GET
def open_data(request, slug):
    """Public: the package holds only what may be public (impact/opendata.py)."""
    programme = get_object_or_404(Programme.objects.select_related("place"), slug=slug)
    tables = opendata.tables_of(programme)
    dictionary = [
        {
            "caption": ngettext(
                "%(title)s (data/%(name)s.csv and .json): %(count)s row",
                "%(title)s (data/%(name)s.csv and .json): %(count)s rows",
                len(table.rows),
            )
            % {"title": table.title, "name": table.name, "count": f"{len(table.rows):,}"},
            "captionSize": "s",
            "firstCellIsHeader": True,
            "responsive": True,
            "head": [
                {"text": gettext("Field")},
                {"text": gettext("Type")},
                {"text": gettext("What it means")},
            ],
            # Field names and types are the package's identifiers, the same in every language: code, not words.
            "rows": [
                [
                    {"html": format_html("<code>{}</code>", f.name)},
                    {"html": format_html("<code>{}</code>", f.type)},
                    {"text": f.description},
                ]
                for f in table.fields
            ],
            "description": table.description,
        }
        for table in tables
    ]
    return render(
        request,
        "impact/opendata/download.html",
        {
            "programme": programme,
            "dictionary": dictionary,
            "licence": opendata.LICENCE,
            # The licence's name has official translations; the package itself keeps the English one.
            "licence_title": gettext("Creative Commons Attribution 4.0"),
            "file_name": opendata.file_name(programme),
        },
    )


@require_GET
def open_data_download(request, slug):
    programme = get_object_or_404(Programme.objects.select_related("place"), slug=slug)
    response = HttpResponse(
        opendata.package_zip(programme, page_url=_page_url(request, programme)),
        content_type="application/zip",
    )
    response["Content-Disposition"] = f'attachment; filename="{opendata.file_name(programme)}"'
    return response
