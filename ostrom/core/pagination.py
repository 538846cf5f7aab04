"""The API's one way of paging through a list: `?page=N`, 50 to a page unless an operation says so.

django-ninja's page number has no upper bound, so `?page=172714658772715044864` reached the database as
an offset no integer column holds (SQLite: "datatype mismatch", PostgreSQL: "bigint out of range"), a
server error. Here the page number is bounded, and a page past the end is an empty list as before."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

# 50 a page for a million pages: far more than any list here will hold, and far below any overflow.
LAST_PAGE = 1_000_000


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=LAST_PAGE)
        page_size: int | None = Field(None, ge=1, le=LAST_PAGE)
