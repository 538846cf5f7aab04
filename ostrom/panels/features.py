"""The selection features a volunteer is asked about, and how population figures map onto them."""

from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import equality

PREFER_NOT = equality.PREFER_NOT_TO_SAY_LABEL

AGE_BANDS = [label for code, label in equality.AGE_BAND_CHOICES if code != equality.PREFER_NOT_TO_SAY]
SEXES = ["Female", "Male"]
ETHNIC_GROUPS = [group for group, _ in equality.ETHNIC_GROUPS]
DEPRIVATION = ["Most deprived fifth", "Second fifth", "Middle fifth", "Fourth fifth", "Least deprived fifth"]
DISABILITY = ["Yes", "No"]
LIVED_EXPERIENCE = ["Yes", "No"]

# Feature -> its values, in the order pages show them. "Prefer not to say" is added where allowed.
FEATURES = {
    "Age band": AGE_BANDS,
    "Sex": SEXES,
    "Ethnic group": ETHNIC_GROUPS,
    "Deprivation of home area": DEPRIVATION,
    "Disability": DISABILITY,
    "Lived experience of the topic": LIVED_EXPERIENCE,
}
# Features whose make-up in the place's population we know (from places.AreaStatistic).
POPULATION_DIMENSION = {
    "Age band": "age_band",
    "Sex": "sex",
    "Ethnic group": "ethnic_group",
    "Deprivation of home area": "imd_decile",
}
AGE_LABEL = {code: label for code, label in equality.AGE_BAND_CHOICES}

# What a person reads for each feature and value: the keys above stay English (they are stored with each
# volunteer and each quota), the words shown are translated. Listed as literals so Babel extracts them.
SHOWN = {
    "Age band": gettext_lazy("Age band"),
    "Sex": gettext_lazy("Sex"),
    "Ethnic group": gettext_lazy("Ethnic group"),
    "Deprivation of home area": gettext_lazy("Deprivation of home area"),
    "Disability": gettext_lazy("Disability"),
    "Lived experience of the topic": gettext_lazy("Lived experience of the topic"),
    "16 to 24": gettext_lazy("16 to 24"),
    "25 to 34": gettext_lazy("25 to 34"),
    "35 to 44": gettext_lazy("35 to 44"),
    "45 to 54": gettext_lazy("45 to 54"),
    "55 to 64": gettext_lazy("55 to 64"),
    "65 to 74": gettext_lazy("65 to 74"),
    "75 or over": gettext_lazy("75 or over"),
    "Female": gettext_lazy("Female"),
    "Male": gettext_lazy("Male"),
    "Asian, Asian British or Asian Welsh": gettext_lazy("Asian, Asian British or Asian Welsh"),
    "Black, Black British, Black Welsh, Caribbean or African": gettext_lazy(
        "Black, Black British, Black Welsh, Caribbean or African"
    ),
    "Mixed or Multiple ethnic groups": gettext_lazy("Mixed or Multiple ethnic groups"),
    "White": gettext_lazy("White"),
    "Other ethnic group": gettext_lazy("Other ethnic group"),
    "Most deprived fifth": gettext_lazy("Most deprived fifth"),
    "Second fifth": gettext_lazy("Second fifth"),
    "Middle fifth": gettext_lazy("Middle fifth"),
    "Fourth fifth": gettext_lazy("Fourth fifth"),
    "Least deprived fifth": gettext_lazy("Least deprived fifth"),
    "Yes": gettext_lazy("Yes"),
    "No": gettext_lazy("No"),
    "Prefer not to say": gettext_lazy("Prefer not to say"),
}


def shown(text: str) -> str:
    """A feature or value as a person reads it, in the page's language."""
    return str(SHOWN[text]) if text in SHOWN else text


def shown_group(feature: str, value: str) -> str:
    """A quota's group as a person reads it: "Age band: 16 to 24"."""
    return gettext("%(feature)s: %(value)s") % {"feature": shown(feature), "value": shown(value)}


def quintile_label(decile: int) -> str:
    return DEPRIVATION[(decile - 1) // 2]


def population_category_to_value(feature: str, category: str) -> str | None:
    """The feature value a population figure's category belongs to (None if it has none)."""
    if feature == "Age band":
        return AGE_LABEL.get(category)
    if feature == "Sex":
        return {"female": "Female", "male": "Male"}.get(category)
    if feature == "Ethnic group":
        return equality.HIGH_LEVEL_GROUP.get(category)
    if feature == "Deprivation of home area":
        return quintile_label(int(category)) if category.isdecimal() else None
    return None


# Worked out from the volunteer's postcode, never asked.
DERIVED = "Deprivation of home area"
ASKED = [feature for feature in FEATURES if feature != DERIVED]


def allowed_values(assembly) -> dict[str, set[str]]:
    """Feature -> the answers a volunteer may give, "Prefer not to say" included where the assembly allows it."""
    extra = {PREFER_NOT} if assembly.allows_prefer_not_to_say else set()
    return {feature: set(values) | extra for feature, values in FEATURES.items()}


def deprivation_label(decile: int | None) -> str:
    return quintile_label(decile) if decile else PREFER_NOT
