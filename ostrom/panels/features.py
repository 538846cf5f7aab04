"""The selection features a volunteer is asked about, and how population figures map onto them."""

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
