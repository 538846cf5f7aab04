"""What of a survey can be translated: its title and introduction, each section's title, and each
question's words and answer options, in the order a person answering meets them. The seven SWEMWBS
statements are not among them: only their licensed translations may be used."""

from django.utils.translation import gettext_lazy as _

from ostrom.translations.registry import DocumentKind, Item

from .models import Option, Question, Section, Survey


def title_item(survey: Survey) -> Item:
    return Item(survey, "title", _("Title"))


def list_items(surveys) -> list[Item]:
    """What the list of surveys reads: each one's title."""
    return [title_item(survey) for survey in surveys]


def items(survey: Survey) -> list[Item]:
    found = [title_item(survey), Item(survey, "introduction", _("Introduction"), long=True)]
    for section_number, section in enumerate(survey.sections.prefetch_related("questions__options"), start=1):
        found.append(Item(section, "title", _("Section %(number)s") % {"number": section_number}))
        for number, question in enumerate(section.questions.all(), start=1):
            where = _("Section %(section)s, question %(number)s") % {
                "section": section_number,
                "number": number,
            }
            found.append(Item(question, "text", where))
            found.append(Item(question, "hint", _("%(question)s: hint") % {"question": where}))
            if question.kind == Question.Kind.SCALE:
                found.append(
                    Item(question, "min_label", _("%(question)s: lowest point") % {"question": where})
                )
                found.append(
                    Item(question, "max_label", _("%(question)s: highest point") % {"question": where})
                )
            if question.has_options:
                for option in question.options.all():
                    found.append(
                        Item(
                            option,
                            "label",
                            _("%(question)s: answer “%(answer)s”")
                            % {"question": where, "answer": option.label},
                        )
                    )
    return [item for item in found if item.original]


SURVEY = DocumentKind(
    key="surveys.survey",
    label=_("Survey"),
    model=Survey,
    items=items,
    places=lambda survey: [survey.place],
    reader_url=lambda survey: survey.get_absolute_url(),
    current=lambda: (
        Survey.objects.exclude(status=Survey.Status.CLOSED).select_related("place").order_by("title")
    ),
    item_models=[Section, Question, Option],
)
