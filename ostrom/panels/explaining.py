"""Why no panel can meet the quotas, and the smallest change that helps, in the reader's language.

The sortition engine finds the conflicts and the relaxation as data (ostrom/sortition/feasibility.py:
`Problem` with its `Conflict` and numbers, `Relaxation`); the words coordinators read are the app's, so
they are translated with the rest of the pages."""

from django.utils.translation import gettext, ngettext

from ostrom.sortition.feasibility import Conflict, Feasibility, Problem, Relaxation


def feasibility_text(feasibility: Feasibility) -> str:
    if feasibility.is_feasible:
        return gettext("At least one panel meets every quota.")
    sentences = [problem_text(problem) for problem in feasibility.problems]
    if feasibility.relaxations:
        sentences.append(gettext("The smallest change that makes a panel possible:"))
        sentences.extend(relaxation_text(relaxation) for relaxation in feasibility.relaxations)
    return " ".join(sentences)


def problem_text(problem: Problem) -> str:
    numbers = {
        "size": problem.size,
        "count": problem.count,
        "minimum": problem.minimum,
        "feature": problem.feature,
        "value": problem.value,
    }
    if problem.conflict is Conflict.TOO_FEW_PEOPLE and problem.households:
        return (
            ngettext(
                "No panel of %(size)s can be drawn: only %(count)s household can be chosen.",
                "No panel of %(size)s can be drawn: only %(count)s households can be chosen.",
                problem.count,
            )
            % numbers
        )
    if problem.conflict is Conflict.TOO_FEW_PEOPLE:
        return (
            ngettext(
                "No panel of %(size)s can be drawn: only %(count)s volunteer can be chosen.",
                "No panel of %(size)s can be drawn: only %(count)s volunteers can be chosen.",
                problem.count,
            )
            % numbers
        )
    if problem.conflict is Conflict.TOO_FEW_VOLUNTEERED:
        return (
            gettext(
                "No panel of %(size)s can have ≥ %(minimum)s people with %(feature)s “%(value)s”: "
                "only %(count)s volunteered."
            )
            % numbers
        )
    if problem.conflict is Conflict.MINIMUM_ABOVE_SIZE:
        return (
            gettext("No panel of %(size)s can have ≥ %(minimum)s people with %(feature)s “%(value)s”.")
            % numbers
        )
    if problem.conflict is Conflict.MINIMUMS_ADD_UP:
        return (
            gettext("The minimums for %(feature)s add up to %(count)s, more than the %(size)s seats.")
            % numbers
        )
    if problem.conflict is Conflict.MAXIMUMS_TOO_LOW:
        return (
            gettext(
                "The maximums for %(feature)s, given who volunteered, allow at most %(count)s people, "
                "fewer than the %(size)s seats."
            )
            % numbers
        )
    return (
        gettext(
            "No panel of %(size)s meets all the quotas together, although each quota can be met on its own."
        )
        % numbers
    )


def relaxation_text(relaxation: Relaxation) -> str:
    numbers = {
        "feature": relaxation.feature,
        "value": relaxation.value,
        "minimum": relaxation.minimum,
        "new_minimum": relaxation.new_minimum,
        "maximum": relaxation.maximum,
        "new_maximum": relaxation.new_maximum,
    }
    lower = relaxation.new_minimum < relaxation.minimum
    raise_ = relaxation.new_maximum > relaxation.maximum
    if lower and raise_:
        text = gettext(
            "For %(feature)s “%(value)s”, lower the minimum from %(minimum)s to %(new_minimum)s and raise the "
            "maximum from %(maximum)s to %(new_maximum)s."
        )
    elif lower:
        text = gettext("For %(feature)s “%(value)s”, lower the minimum from %(minimum)s to %(new_minimum)s.")
    else:
        text = gettext("For %(feature)s “%(value)s”, raise the maximum from %(maximum)s to %(new_maximum)s.")
    return text % numbers
