"""What counts as an answer to each kind of question, and the route through a survey's sections.

The answer pages and the API send what people gave (text from a form, JSON from the API) through
`clean_answer`, so both refuse the same things with the same words, each naming the question. The
route follows skip logic: a single-choice answer whose option says "skip to" a later section jumps there.
"""

import datetime
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from . import swemwbs
from .models import Question, Section

TEXT_LIMIT = 2000
NUMBER_LIMIT = 10**9
EMPTY = (None, "", [], ())


def _quoted(question: Question) -> str:
    # Translators: a question's text in quotation marks, as this language writes them.
    return gettext("“%(question)s”") % {"question": question.text}


def _whole_number(value):
    """An int from an int or from text of digits (with a sign); None if it is not a whole number."""
    if type(value) is int:
        return value
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text[:1] in "+-" else text
        if digits.isdecimal() and len(digits) <= 12:
            return int(text)
    return None


def is_empty(question: Question, value) -> bool:
    if question.kind == Question.Kind.SWEMWBS:
        return not isinstance(value, list | tuple) or all(item in EMPTY for item in value)
    return value in EMPTY or (isinstance(value, str) and not value.strip())


def clean_answer(question: Question, value, *, options: Sequence | None = None):
    """The answer to store for `question` (None when not answered), or a ValidationError keyed by the
    question's field name whose message names the question. Required questions are checked by
    `check_required`, not here, so a half-finished page can still be saved through the API."""
    field, name = question.field_name, _quoted(question)
    if is_empty(question, value):
        return None
    kind = question.kind
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        ids = {option.pk for option in (options if options is not None else question.options.all())}
        chosen = value if kind == Question.Kind.MULTIPLE else [value]
        if not isinstance(chosen, list | tuple):
            raise ValidationError(
                {field: gettext("%(question)s: choose from the answers given") % {"question": name}}
            )
        numbers = [_whole_number(item) for item in chosen]
        if any(number not in ids for number in numbers):
            raise ValidationError(
                {field: gettext("%(question)s: choose from the answers given") % {"question": name}}
            )
        return numbers[0] if kind == Question.Kind.SINGLE else sorted(set(numbers))
    if kind in (Question.Kind.SCALE, Question.Kind.NUMBER):
        number = _whole_number(value)
        low = question.min_value if question.min_value is not None else -NUMBER_LIMIT
        high = question.max_value if question.max_value is not None else NUMBER_LIMIT
        if number is None or not low <= number <= high:
            if question.min_value is not None and question.max_value is not None:
                message = gettext("%(question)s: enter a whole number from %(low)s to %(high)s")
            elif question.min_value is not None:
                message = gettext("%(question)s: enter a whole number of %(low)s or more")
            elif question.max_value is not None:
                message = gettext("%(question)s: enter a whole number of %(high)s or less")
            else:
                message = gettext("%(question)s: enter a whole number, like 12")
            words = {"question": name, "low": question.min_value, "high": question.max_value}
            raise ValidationError({field: message % words})
        return number
    if kind == Question.Kind.TEXT:
        if not isinstance(value, str):
            raise ValidationError({field: gettext("%(question)s: enter text") % {"question": name}})
        if "\x00" in value:
            raise ValidationError(
                {field: gettext("%(question)s: remove the invisible control character") % {"question": name}}
            )
        if len(value) > TEXT_LIMIT:
            raise ValidationError(
                {
                    field: gettext("%(question)s: write %(limit)s characters or fewer")
                    % {"question": name, "limit": f"{TEXT_LIMIT:,}"}
                }
            )
        return value.strip()
    if kind == Question.Kind.DATE:
        try:
            day = datetime.date.fromisoformat(value.strip()) if isinstance(value, str) else None
        except ValueError:
            day = None
        if day is None:
            raise ValidationError(
                {field: gettext("%(question)s: enter a real date, like 2026-11-23") % {"question": name}}
            )
        return day.isoformat()
    if kind == Question.Kind.SWEMWBS:
        if not isinstance(value, list | tuple) or len(value) != len(swemwbs.ITEMS):
            raise ValidationError(
                {
                    field: gettext("%(question)s: give an answer for each of the 7 statements")
                    % {"question": name}
                }
            )
        items = []
        for number, (item, wording) in enumerate(zip(value, swemwbs.ITEMS, strict=True), start=1):
            if item in EMPTY:
                items.append(None)
                continue
            whole = _whole_number(item)
            if not swemwbs.is_item_value(whole):
                raise ValidationError(
                    {
                        field: gettext(
                            "%(question)s, statement %(number)s (“%(statement)s”): choose an answer from "
                            "%(lowest)s (%(lowest_words)s) to %(highest)s (%(highest_words)s)"
                        )
                        % {
                            "question": name,
                            "number": number,
                            "statement": gettext(wording),
                            "lowest": swemwbs.LOWEST,
                            "lowest_words": gettext(swemwbs.SCALE[0][1]),
                            "highest": swemwbs.HIGHEST,
                            "highest_words": gettext(swemwbs.SCALE[-1][1]),
                        }
                    }
                )
            items.append(whole)
        return items
    raise ValidationError(
        {field: gettext("%(question)s: this kind of question cannot be answered") % {"question": name}}
    )


def missing_message(question: Question, value) -> str | None:
    """What to say about a required question left unanswered (or a SWEMWBS block left part-done)."""
    if not question.required:
        return None
    if question.kind == Question.Kind.SWEMWBS and isinstance(value, list) and any(v is None for v in value):
        return gettext("%(question)s: answer all 7 statements") % {"question": _quoted(question)}
    if value is None or value == []:
        return gettext("Answer %(question)s") % {"question": _quoted(question)}
    return None


def route(
    sections: Sequence[Section], answers: Mapping[int, object], options_by_id: Mapping[int, object]
) -> list:
    """The sections a person goes through, in order, given their answers so far (question id → value).

    From each section the next one is the next in order, unless a single-choice answer in it picked an
    option that skips to a later section. A skip to an earlier section (never offered) is ignored."""
    position = {section.pk: index for index, section in enumerate(sections)}
    path, index = [], 0
    while index < len(sections):
        section = sections[index]
        path.append(section)
        following = index + 1
        for question in section.questions.all():
            if question.kind != Question.Kind.SINGLE:
                continue
            option = options_by_id.get(answers.get(question.pk))
            target = getattr(option, "skip_to_id", None)
            if target in position and position[target] > index:
                following = position[target]
                break
        index = following
    return path
