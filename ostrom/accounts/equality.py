"""Equality monitoring categories: ONS Census 2021 ethnic groups, age bands, sex, disability.

Every question allows "Prefer not to say". The ethnic groups are the ONS 2021 output labels
(19 categories in 5 high-level groups; tests/data/standards/ethnicity/).
"""

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
