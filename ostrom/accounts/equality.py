"""Equality monitoring categories: ONS Census 2021 ethnic groups, age bands, sex, disability.

Every question allows "Prefer not to say". The ethnic groups are the ONS 2021 output labels
(19 categories in 5 high-level groups; tests/data/standards/ethnicity/).
"""

from django.utils.translation import gettext, gettext_lazy

PREFER_NOT_TO_SAY = "prefer_not_to_say"
PREFER_NOT_TO_SAY_LABEL = "Prefer not to say"

ETHNIC_GROUPS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Asian, Asian British or Asian Welsh",
        [
            ("asian_bangladeshi", "Bangladeshi"),
            ("asian_chinese", "Chinese"),
            ("asian_indian", "Indian"),
            ("asian_pakistani", "Pakistani"),
            ("asian_other", "Any other Asian background"),
        ],
    ),
    (
        "Black, Black British, Black Welsh, Caribbean or African",
        [
            ("black_african", "African"),
            ("black_caribbean", "Caribbean"),
            ("black_other", "Any other Black, Black British, or Caribbean background"),
        ],
    ),
    (
        "Mixed or Multiple ethnic groups",
        [
            ("mixed_white_asian", "White and Asian"),
            ("mixed_white_black_african", "White and Black African"),
            ("mixed_white_black_caribbean", "White and Black Caribbean"),
            ("mixed_other", "Any other Mixed or Multiple background"),
        ],
    ),
    (
        "White",
        [
            ("white_british", "English, Welsh, Scottish, Northern Irish or British"),
            ("white_irish", "Irish"),
            ("white_gypsy_traveller", "Gypsy or Irish Traveller"),
            ("white_roma", "Roma"),
            ("white_other", "Any other White background"),
        ],
    ),
    (
        "Other ethnic group",
        [
            ("other_arab", "Arab"),
            ("other_any", "Any other ethnic group"),
        ],
    ),
]

ETHNIC_GROUP_CHOICES = [
    (code, f"{group}: {label}") for group, options in ETHNIC_GROUPS for code, label in options
] + [(PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL)]
HIGH_LEVEL_GROUP = {code: group for group, options in ETHNIC_GROUPS for code, _ in options}

AGE_BAND_CHOICES = [
    ("16-24", "16 to 24"),
    ("25-34", "25 to 34"),
    ("35-44", "35 to 44"),
    ("45-54", "45 to 54"),
    ("55-64", "55 to 64"),
    ("65-74", "65 to 74"),
    ("75+", "75 or over"),
    (PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL),
]
SEX_CHOICES = [("female", "Female"), ("male", "Male"), (PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL)]
DISABILITY_CHOICES = [
    ("limited_a_lot", "Yes, limited a lot"),
    ("limited_a_little", "Yes, limited a little"),
    ("no", "No"),
    (PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL),
]

# What people read, in their language. The lists above stay plain English because other apps keep those
# words as data (panels.features builds its stored features from them, referrals' reports split them), so
# translation happens only where a label is shown: through this mapping, keyed by the English label.
LABELS = {
    "Asian, Asian British or Asian Welsh": gettext_lazy("Asian, Asian British or Asian Welsh"),
    "Bangladeshi": gettext_lazy("Bangladeshi"),
    "Chinese": gettext_lazy("Chinese"),
    "Indian": gettext_lazy("Indian"),
    "Pakistani": gettext_lazy("Pakistani"),
    "Any other Asian background": gettext_lazy("Any other Asian background"),
    "Black, Black British, Black Welsh, Caribbean or African": gettext_lazy(
        "Black, Black British, Black Welsh, Caribbean or African"
    ),
    "African": gettext_lazy("African"),
    "Caribbean": gettext_lazy("Caribbean"),
    "Any other Black, Black British, or Caribbean background": gettext_lazy(
        "Any other Black, Black British, or Caribbean background"
    ),
    "Mixed or Multiple ethnic groups": gettext_lazy("Mixed or Multiple ethnic groups"),
    "White and Asian": gettext_lazy("White and Asian"),
    "White and Black African": gettext_lazy("White and Black African"),
    "White and Black Caribbean": gettext_lazy("White and Black Caribbean"),
    "Any other Mixed or Multiple background": gettext_lazy("Any other Mixed or Multiple background"),
    "White": gettext_lazy("White"),
    "English, Welsh, Scottish, Northern Irish or British": gettext_lazy(
        "English, Welsh, Scottish, Northern Irish or British"
    ),
    "Irish": gettext_lazy("Irish"),
    "Gypsy or Irish Traveller": gettext_lazy("Gypsy or Irish Traveller"),
    "Roma": gettext_lazy("Roma"),
    "Any other White background": gettext_lazy("Any other White background"),
    "Other ethnic group": gettext_lazy("Other ethnic group"),
    "Arab": gettext_lazy("Arab"),
    "Any other ethnic group": gettext_lazy("Any other ethnic group"),
    PREFER_NOT_TO_SAY_LABEL: gettext_lazy("Prefer not to say"),
    "16 to 24": gettext_lazy("16 to 24"),
    "25 to 34": gettext_lazy("25 to 34"),
    "35 to 44": gettext_lazy("35 to 44"),
    "45 to 54": gettext_lazy("45 to 54"),
    "55 to 64": gettext_lazy("55 to 64"),
    "65 to 74": gettext_lazy("65 to 74"),
    "75 or over": gettext_lazy("75 or over"),
    "Female": gettext_lazy("Female"),
    "Male": gettext_lazy("Male"),
    "Yes, limited a lot": gettext_lazy("Yes, limited a lot"),
    "Yes, limited a little": gettext_lazy("Yes, limited a little"),
    "No": gettext_lazy("No"),
}


def label(english: str) -> str:
    """An English label of the lists above, in the active language."""
    return str(LABELS.get(english, english))


def ethnic_group_choices() -> list[tuple[str, str]]:
    """ETHNIC_GROUP_CHOICES as the form shows them, in the active language (a callable, so a form field
    words them when the page is drawn)."""
    return [
        (code, gettext("%(group)s: %(option)s") % {"group": label(group), "option": label(option)})
        for group, options in ETHNIC_GROUPS
        for code, option in options
    ] + [(PREFER_NOT_TO_SAY, label(PREFER_NOT_TO_SAY_LABEL))]


def _translated(choices: list[tuple[str, str]]):
    return lambda: [(code, label(english)) for code, english in choices]


age_band_choices = _translated(AGE_BAND_CHOICES)
sex_choices = _translated(SEX_CHOICES)
disability_choices = _translated(DISABILITY_CHOICES)


def answer_labels(answer) -> dict[str, str]:
    """An EqualityAnswer's answers as its owner reads them ("" where a question was not answered)."""
    shown = dict(ethnic_group_choices())
    return {
        "ethnic_group": shown.get(answer.ethnic_group, ""),
        "age_band": label(dict(AGE_BAND_CHOICES).get(answer.age_band, "")),
        "sex": label(dict(SEX_CHOICES).get(answer.sex, "")),
        "disability": label(dict(DISABILITY_CHOICES).get(answer.disability, "")),
    }
