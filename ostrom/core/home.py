"""What the home page says is happening now: rounds, conversations and panels open to take part in.

Core imports no domain app, so the app that reads them all (`ostrom.overview`) registers the function
that lists them, in its `AppConfig.ready()`. Each item has `text`, `href`, `detail` (where, and what it
is) and `window` (a `core.windows.Window`)."""

from collections.abc import Callable

_lists: list[Callable[[], list]] = []


def register_happening_now(list_items: Callable[[], list]) -> None:
    if list_items not in _lists:
        _lists.append(list_items)


def happening_now() -> list:
    return [item for list_items in _lists for item in list_items()]
