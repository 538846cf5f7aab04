from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
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
            "caption": f"{table.title} (data/{table.name}.csv and .json): "
            + (f"{len(table.rows):,} rows" if len(table.rows) != 1 else "1 row"),
            "captionSize": "s",
            "firstCellIsHeader": True,
            "responsive": True,
            "head": [{"text": "Field"}, {"text": "Type"}, {"text": "What it means"}],
            "rows": [[{"text": f.name}, {"text": f.type}, {"text": f.description}] for f in table.fields],
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
