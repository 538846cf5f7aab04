"""Ostrom's small wellbeing taxonomy: the categories people search the directory by and link workers
refer to. Installed by a data migration; `install_wellbeing_taxonomy()` is idempotent, so tests and
the demo can call it too."""

from .models import WELLBEING_TAXONOMY, Taxonomy, TaxonomyTerm

WELLBEING_TERMS: list[tuple[str, str, str]] = [
    ("physical-activity", "Physical activity", "Walking groups, exercise classes, sport and dance"),
    ("food", "Food", "Food banks, community cafés, shared meals and cooking together"),
    ("mental-wellbeing", "Mental wellbeing", "Peer support, talking groups and wellbeing courses"),
    ("money-advice", "Money and debt advice", "Benefits, debt, energy bills and budgeting"),
    ("carers", "Carers", "Support and breaks for people who care for someone"),
    ("faith-and-culture", "Faith and culture", "Wellbeing sessions in places of worship and cultural groups"),
    ("meeting-people", "Meeting people", "Friendship groups, lunch clubs and drop-ins against loneliness"),
    ("arts-and-creativity", "Arts and creativity", "Music, crafts, art and writing groups"),
    ("nature", "Nature and green spaces", "Gardening, allotments, parks and conservation"),
    ("housing", "Housing advice", "Help with damp, repairs, tenancies and homelessness"),
    ("learning-and-work", "Learning, volunteering and work", "Courses, volunteering and help into work"),
    ("health-conditions", "Living with a health condition", "Groups for long-term conditions and recovery"),
    ("children-and-families", "Children and families", "Parents' groups, play and family support"),
    ("later-life", "Later life", "Groups and help for older people"),
]


def install_wellbeing_taxonomy() -> Taxonomy:
    taxonomy, _ = Taxonomy.objects.get_or_create(
        name=WELLBEING_TAXONOMY,
        defaults={
            "description": "The categories Ostrom's community assets directory is searched by.",
            "version": "1",
        },
    )
    for code, name, description in WELLBEING_TERMS:
        TaxonomyTerm.objects.get_or_create(
            taxonomy=taxonomy, code=code, defaults={"name": name, "description": description}
        )
    return taxonomy
