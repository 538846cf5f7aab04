"""The Jinja2 environment for our pages: NHS.UK frontend macros plus a few Django helpers."""

from django.conf import settings
from django.contrib import messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from jinja2 import ChoiceLoader, Environment, PackageLoader
from markupsafe import Markup

from ostrom.core.navigation import breadcrumb_items, header_items
from ostrom.core.nhsuk_select import select
from ostrom.core.nhsuk_table import table
from ostrom.core.presenters import bar_cell, breakdown_table, chart_heading


def environment(**options):
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja")])
    # {% do rows.append(…) %} lets a template lay out the rows of the NHS.UK table macro in a loop.
    options.setdefault("extensions", []).extend(["jinja2.ext.i18n", "jinja2.ext.do"])
    env = Environment(**options)
    # Strings marked {{ _("…") }} in templates go through Django's translations, in the language
    # LocaleMiddleware activated ("Translating Ostrom" in the README: make makemessages, compilemessages).
    env.install_gettext_translations(translation, newstyle=True)
    env.globals.update(
        static=static,
        url=url,
        error_list=error_list,
        error_message=error_message,
        choice_items=choice_items,
        get_messages=messages.get_messages,
        csrf_token_value=get_token,
        service_name=settings.SERVICE_NAME,
        bar_cell=bar_cell,
        chart_heading=chart_heading,
        breakdown_table=breakdown_table,
        # The NHS.UK table component, drawn in Python at a fraction of the macro's cost (docs/adr/0006).
        table=table,
        # And the select, whose options the macro drew at about 0.1 ms each.
        select=select,
        breadcrumb_items=breadcrumb_items,
        link=link,
        header_items=header_items,
        # The active language for <html lang dir> (base.html), and whether there is a language to switch to.
        get_language=translation.get_language,
        get_language_bidi=translation.get_language_bidi,
        has_language_choice=has_language_choice,
    )
    env.filters.update(date=format_date, datetime=format_datetime, money=format_money, number=format_number)
    return env


def has_language_choice() -> bool:
    """More than English is offered (page languages in settings.LANGUAGES, or languages content is translated
    into in settings.CONTENT_LANGUAGES), so the header links to the language page."""
    return len(settings.LANGUAGES) + len(settings.CONTENT_LANGUAGES) > 1


def url(name, *args, **kwargs):
    """reverse() with positional args as in templates: url('network:organisation-detail', org.pk)."""
    if len(args) == 1 and isinstance(args[0], list | tuple):
        args = tuple(args[0])
    return reverse(name, args=args or None, kwargs=kwargs or None)


def link(href, text, fragment: str = "") -> Markup:
    """An NHS.UK link as HTML for a component's "html" parameter, its text and address escaped.

    Joining strings in a template cannot do this: `'<a …>' ~ text|e ~ '</a>'` escapes the tags too,
    because Jinja escapes every part of a join once one part is already HTML."""
    return Markup('<a class="nhsuk-link" href="{}">{}</a>').format(f"{href}{fragment}", text)


def error_message(field):
    """The errorMessage parameter of an NHS.UK field component, or None if the field is fine."""
    return {"text": field.errors[0]} if field.errors else None


def error_list(form):
    """The error summary's list: errors about the whole form first, then one link per field."""
    return [{"text": e} for e in form.non_field_errors()] + [
        {"text": f.errors[0], "href": f"#{f.auto_id}"} for f in form if f.errors
    ]


def choice_items(field, mark: str = "checked") -> list[dict]:
    """The items of an NHS.UK radios, checkboxes or select for a bound choice field, marking the
    chosen ones (mark="selected" for a select), so a re-shown form keeps what the person chose.

    An option whose object has a `choice_label` (a place: "Ladywood (locality)") shows that label, so
    every picker of those objects tells apart two with the same name."""
    value = field.value()
    chosen = (
        {str(v) for v in value} if isinstance(value, list | tuple) else {"" if value is None else str(value)}
    )
    return [
        {
            "value": str(option_value),
            "text": _choice_label(option_value, text),
            mark: str(option_value) in chosen,
        }
        for option_value, text in field.field.choices
        if mark == "selected" or str(option_value) != ""
    ]


def _choice_label(option_value, text) -> str:
    instance = getattr(option_value, "instance", None)  # a ModelChoiceField's option carries its object
    return getattr(instance, "choice_label", text)


def format_date(value):
    """Dates as NHS.UK writes them: 23 November 2026."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = localtime(value)
    return date_format(value, "j F Y")


def format_datetime(value):
    """A moment as "23 November 2026 at 2:30pm", worded in the active language: a translation may give
    the time with %(hour24)d (0 to 23) instead of the 12-hour %(hour)d."""
    if value is None:
        return ""
    moment = localtime(value)
    numbers = {"hour": moment.hour % 12 or 12, "hour24": moment.hour, "minute": moment.minute}
    if moment.hour < 12:
        time = translation.gettext("%(hour)d:%(minute)02dam") % numbers
    else:
        time = translation.gettext("%(hour)d:%(minute)02dpm") % numbers
    return translation.gettext("%(date)s at %(time)s") % {"date": date_format(moment, "j F Y"), "time": time}


def format_money(value):
    if value is None:
        return ""
    return f"£{value:,.2f}".replace(".00", "")


def format_number(value):
    return "" if value is None else f"{value:,}"
