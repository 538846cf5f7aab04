"""Display shaping shared by every app: pagination parameters for the NHS.UK pagination component."""

from urllib.parse import urlencode


def pagination(page, request) -> dict | None:
    """Numbered NHS.UK pagination for a Django page, keeping the other query parameters (the filters)."""
    if page.paginator.num_pages <= 1:
        return None
    query = request.GET.copy()

    def href(number):
        query["page"] = number
        return f"?{urlencode(sorted(query.items()))}"

    items = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "href": href(number), "current": number == page.number})
    return {
        "previous": {"href": href(page.previous_page_number())} if page.has_previous() else None,
        "next": {"href": href(page.next_page_number())} if page.has_next() else None,
        "items": items,
    }
