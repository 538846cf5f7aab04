"""Demo community assets: about 120 entries in the demo wards of Ladywood and Perry Barr.

A Life-Rooms-like wellbeing hub with many services; one service of each member organisation of the
collective (the same organisations, never copies); and, in every ward, the things a link worker refers
to most – a walk, a community pantry, a café, a carers' coffee morning, a debt advice drop-in, a faith
community's wellbeing session, a men's shed or garden, an arts group, English classes and a lunch club
– run by organisations that are only in the directory (status "listed"). Each has a location at a demo
postcode with its position around west Birmingham, weekly opening times, cost options (most free),
languages, accessibility features and wellbeing categories. Most were checked in the last few months;
ten have not been checked for over six months, and three changes wait for a coordinator's review.

Idempotent: when demo entries exist nothing is added. Its own random numbers, so the rest of the demo
draws the same as without it.
"""

import random
import uuid
from datetime import date, time, timedelta
from decimal import Decimal

from ostrom.assets.models import (
    Accessibility,
    CostOption,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceChange,
    TaxonomyTerm,
)
from ostrom.assets.taxonomy import install_wellbeing_taxonomy
from ostrom.demo.clock import Clock
from ostrom.network.models import Organisation
from ostrom.places.models import Place, Postcode

# Ward -> (centre latitude, longitude, a park, a place of worship).
WARDS = {
    "Ladywood": (52.4781, -1.9205, "Edgbaston Reservoir", ("St John's Church", "church")),
    "Soho and Jewellery Quarter": (52.4905, -1.9240, "Black Patch Park", ("Guru Nanak Gurdwara", "gurdwara")),
    "Nechells": (52.4925, -1.8760, "Nechells Park", ("Masjid Noor", "mosque")),
    "North Edgbaston": (52.4700, -1.9480, "Summerfield Park", ("Summerfield Methodist Church", "church")),
    "Handsworth": (52.5050, -1.9340, "Handsworth Park", ("Guru Nanak Nishkam Gurdwara", "gurdwara")),
    "Lozells": (52.5030, -1.9050, "Lozells Recreation Ground", ("Lozells Central Mosque", "mosque")),
    "Handsworth Wood": (52.5190, -1.9290, "Perry Park", ("St Mary's Church Handsworth", "church")),
    "Perry Barr": (52.5350, -1.8990, "Perry Hall Park", ("Perry Barr Jamia Masjid", "mosque")),
}

ENGLISH = ("en", "English")
LANGUAGES = {
    "ur": "Urdu",
    "pa": "Punjabi",
    "bn": "Bengali",
    "ar": "Arabic",
    "so": "Somali",
    "pl": "Polish",
}

# Organisations only in the directory, and what each runs in every ward: (name pattern, categories,
# description, extra languages, day(s), opens, closes, cost in pounds or None for free).
LISTED = [
    (
        "Walking for Health Birmingham",
        "Walk at {park}",
        ["physical-activity", "nature", "meeting-people"],
        "A gentle hour's walk with a trained walk leader, at your own pace, then tea together.",
        ["ur", "pa"],
        "TU",
        (10, 0),
        (11, 30),
        None,
    ),
    (
        "Birmingham Community Pantries",
        "{ward} Community Pantry",
        ["food", "money-advice"],
        "Choose £20 of food for £5 each week, with advice on bills and benefits on the day.",
        ["ur", "bn", "so", "pl"],
        "WE,FR",
        (12, 0),
        (15, 0),
        "5.00",
    ),
    (
        "{ward} Community Association",
        "{ward} Community Café",
        ["food", "meeting-people"],
        "A pay-as-you-feel café run by volunteers: hot meals, company and a warm place to sit.",
        ["pa", "ar"],
        "MO,TH",
        (11, 0),
        (14, 0),
        None,
    ),
    (
        "Carers Hub Birmingham",
        "Carers' coffee morning, {ward}",
        ["carers", "mental-wellbeing"],
        "Time out for people who look after someone: a chat, a cuppa and help with carers' assessments.",
        ["ur", "bn"],
        "TH",
        (10, 0),
        (12, 0),
        None,
    ),
    (
        "Citizens Advice Birmingham",
        "Money and debt advice drop-in, {ward}",
        ["money-advice", "housing"],
        "Free, confidential advice on debt, benefits, energy bills and housing. Bring any letters.",
        ["ur", "pa", "ar", "so", "pl"],
        "MO",
        (9, 30),
        (12, 30),
        None,
    ),
    (
        "{worship}",
        "Wellbeing circle at {worship}",
        ["faith-and-culture", "mental-wellbeing", "meeting-people"],
        "A weekly wellbeing session open to people of any faith or none: gentle exercise, a talk and food.",
        ["ur", "pa", "bn", "ar"],
        "SA",
        (11, 0),
        (13, 0),
        None,
    ),
    (
        "Growing Together Birmingham",
        "{ward} Men's Shed and garden",
        ["nature", "meeting-people", "mental-wellbeing"],
        "Woodwork, repairs and growing vegetables, shoulder to shoulder. Tools and tea provided.",
        [],
        "TU,FR",
        (10, 0),
        (15, 0),
        None,
    ),
    (
        "Creative Communities Birmingham",
        "Arts and crafts afternoon, {ward}",
        ["arts-and-creativity", "mental-wellbeing"],
        "Painting, sewing, pottery and music: no experience needed, all materials provided.",
        ["pl"],
        "WE",
        (13, 30),
        (15, 30),
        "2.00",
    ),
    (
        "Birmingham Adult Education Service",
        "English classes (ESOL), {ward}",
        ["learning-and-work"],
        "Free English classes for adults, from beginners up, with help towards work and volunteering.",
        ["ur", "bn", "ar", "so", "pl"],
        "MO,WE",
        (18, 0),
        (20, 0),
        None,
    ),
    (
        "Age UK Birmingham",
        "Lunch and friendship club, {ward}",
        ["later-life", "meeting-people", "food"],
        "A two-course lunch, bingo and company for people over 60. Transport can be arranged.",
        ["pa"],
        "TH",
        (12, 0),
        (14, 30),
        "4.50",
    ),
]

# The Life-Rooms-like hub: many services under one roof, run by a member organisation.
HUB_ORGANISATION = "Ladywood Community Health Network"
HUB_WARD = "Ladywood"
HUB_SERVICES = [
    (
        "Wellbeing Hub: drop-in welcome",
        ["mental-wellbeing", "meeting-people"],
        "MO,TU,WE,TH,FR",
        (9, 30),
        (16, 30),
    ),
    (
        "Wellbeing Hub: Recovery College courses",
        ["learning-and-work", "mental-wellbeing"],
        "TU,TH",
        (10, 0),
        (12, 0),
    ),
    ("Wellbeing Hub: stress and anxiety course", ["mental-wellbeing"], "WE", (14, 0), (16, 0)),
    ("Wellbeing Hub: chair yoga", ["physical-activity", "later-life"], "MO", (11, 0), (12, 0)),
    ("Wellbeing Hub: cook and eat together", ["food", "meeting-people"], "FR", (12, 0), (14, 0)),
    ("Wellbeing Hub: benefits and debt advice", ["money-advice"], "TU", (10, 0), (15, 0)),
    ("Wellbeing Hub: housing surgery", ["housing"], "TH", (13, 0), (16, 0)),
    ("Wellbeing Hub: volunteering and work club", ["learning-and-work"], "WE", (10, 0), (12, 0)),
    ("Wellbeing Hub: carers' support", ["carers"], "FR", (10, 0), (12, 0)),
    ("Wellbeing Hub: living well with diabetes", ["health-conditions"], "MO", (14, 0), (16, 0)),
    ("Wellbeing Hub: parents and little ones", ["children-and-families"], "TH", (9, 30), (11, 30)),
    ("Wellbeing Hub: digital skills drop-in", ["learning-and-work", "later-life"], "WE", (13, 0), (15, 0)),
]

# The members' own services: organisation -> (service, categories, extra languages, cost or None).
MEMBER_SERVICES = {
    "Soho Road Gurdwara Wellbeing Group": (
        "Langar and wellbeing chat",
        ["faith-and-culture", "food"],
        ["pa"],
        None,
    ),
    "Handsworth Carers Circle": ("Carers' circle", ["carers", "meeting-people"], ["ur", "pa"], None),
    "Lozells Mums and Tots": ("Stay and play", ["children-and-families"], ["bn", "so"], None),
    "Nechells Food Co-operative": ("Fruit and veg stall", ["food"], ["ur", "so"], "3.00"),
    "Perry Barr Walking Football": (
        "Walking football for over-50s",
        ["physical-activity", "later-life"],
        [],
        "2.00",
    ),
    "Al-Noor Mosque Women's Group": (
        "Women's wellbeing morning",
        ["faith-and-culture", "mental-wellbeing"],
        ["ur", "ar"],
        None,
    ),
    "New Testament Church Health Ministry": (
        "Health MOT and fellowship",
        ["faith-and-culture", "health-conditions"],
        [],
        None,
    ),
    "Jewellery Quarter Men's Shed": ("Men's Shed workshop", ["meeting-people", "mental-wellbeing"], [], None),
    "Birmingham African Families Forum": (
        "Family support drop-in",
        ["children-and-families", "money-advice"],
        ["so", "ar"],
        None,
    ),
    "Caribbean Elders Lunch Club": (
        "Elders' lunch club",
        ["later-life", "food", "meeting-people"],
        [],
        "3.50",
    ),
    "Bangladeshi Youth Forum": (
        "Youth football and mentoring",
        ["physical-activity", "learning-and-work"],
        ["bn"],
        None,
    ),
    "Handsworth Wood Allotment Society": (
        "Community allotment",
        ["nature", "physical-activity"],
        ["pa"],
        None,
    ),
    "Somali Parents Network": (
        "Somali parents' coffee morning",
        ["children-and-families", "meeting-people"],
        ["so"],
        None,
    ),
    "Kashmiri Welfare Association": (
        "Advice and welfare surgery",
        ["money-advice", "housing"],
        ["ur", "pa"],
        None,
    ),
    "North Edgbaston Residents Association": ("Friday friendship group", ["meeting-people"], [], None),
    "Sickle Cell Support Group West Midlands": (
        "Sickle cell peer support",
        ["health-conditions", "mental-wellbeing"],
        [],
        None,
    ),
    "Punjabi Elders Yoga": ("Yoga for elders", ["physical-activity", "later-life"], ["pa", "ur"], "1.00"),
    "Ladywood Boxing Academy": ("Boxing fitness for all", ["physical-activity"], [], "3.00"),
    "Asthma Friends Birmingham": ("Breathe easy group", ["health-conditions"], [], None),
    "Perry Barr Baptist Church Food Bank": ("Food bank", ["food", "faith-and-culture"], ["pl"], None),
    "Diabetes Peer Support Birmingham": (
        "Diabetes peer support",
        ["health-conditions", "food"],
        ["ur", "pa", "bn"],
        None,
    ),
    "Nechells Young Carers": ("Young carers' club", ["carers", "children-and-families"], [], None),
    "Lozells Refugee Welcome": (
        "Welcome café and advice",
        ["meeting-people", "money-advice"],
        ["ar", "so"],
        None,
    ),
    "Soho Community Radio": (
        "Radio skills course",
        ["arts-and-creativity", "learning-and-work"],
        ["pa"],
        None,
    ),
    "Handsworth Library Friends": (
        "Reading and knit group",
        ["arts-and-creativity", "meeting-people"],
        [],
        None,
    ),
    "Breastfeeding Buddies Ladywood": (
        "Breastfeeding support group",
        ["children-and-families"],
        ["ur", "bn"],
        None,
    ),
    "Black Men's Health Forum": (
        "Barbershop health chats",
        ["health-conditions", "mental-wellbeing"],
        [],
        None,
    ),
    "Yemeni Community Association": (
        "Arabic community wellbeing club",
        ["faith-and-culture", "meeting-people"],
        ["ar"],
        None,
    ),
    "Ladywood Health and Care Centre PPG": (
        "Patients' walk and talk",
        ["physical-activity", "meeting-people"],
        [],
        None,
    ),
}

STALE = 10
STREETS = ["High Street", "Church Road", "Park Lane", "Victoria Road", "Albert Street", "Heath Street"]
FEATURES = [
    Accessibility.Feature.STEP_FREE,
    Accessibility.Feature.ACCESSIBLE_TOILET,
    Accessibility.Feature.HEARING_LOOP,
    Accessibility.Feature.BLUE_BADGE_PARKING,
    Accessibility.Feature.QUIET_SPACE,
    Accessibility.Feature.LARGE_PRINT,
]
DAYS = "MO,TU,WE,TH,FR"


def load(geography: dict, *, today: date | None = None) -> list[Service]:
    """The demo entries (made on the first run, found on later runs)."""
    existing = list(Service.objects.filter(is_demo=True).order_by("pk"))
    if existing:
        return existing
    install_wellbeing_taxonomy()
    rng = random.Random("ostrom-demo-assets")
    # Open Referral UK ids from numbers of their own, so two loads give the same ids.
    ids = random.Random("ostrom-demo-assets-ids")

    def new_id() -> uuid.UUID:
        return uuid.UUID(int=ids.getrandbits(128), version=4)

    today = Clock.of(today).today
    terms = {term.code: term for term in TaxonomyTerm.objects.wellbeing()}
    wards = {place.name: place for place in Place.objects.filter(is_demo=True, kind=Place.Kind.WARD)}
    postcodes = _postcodes_by_ward(wards)
    members = {
        organisation.name: organisation
        for organisation in Organisation.objects.filter(status=Organisation.Status.MEMBER)
    }

    entries = []  # (organisation, ward name, name, categories, description, languages, days, opens, closes, cost)
    hub = members.get(HUB_ORGANISATION)
    if hub is not None:
        for name, categories, days, opens, closes in HUB_SERVICES:
            entries.append(
                (
                    hub,
                    HUB_WARD,
                    name,
                    categories,
                    _hub_description(name),
                    ["ur", "pa", "bn", "so"],
                    days,
                    opens,
                    closes,
                    None,
                )
            )
    ward_names = [name for name in WARDS if name in wards]
    for organisation_name, (name, categories, languages, cost) in MEMBER_SERVICES.items():
        organisation = members.get(organisation_name)
        if organisation is None:
            continue
        served = [
            place.name for place in organisation.places_served.order_by("pk") if place.name in ward_names
        ]
        ward = served[0] if served else rng.choice(ward_names)
        day = rng.choice(DAYS.split(","))
        start = rng.choice([9, 10, 11, 13, 14, 18])
        entries.append(
            (
                organisation,
                ward,
                name,
                categories,
                f"{name}, run by {organisation_name}. Everyone welcome; just come along or ask your link worker.",
                languages,
                day,
                (start, 0),
                (start + 2, 0),
                cost,
            )
        )
    listed: dict[str, Organisation] = {}
    for ward in ward_names:
        park, (worship, _) = WARDS[ward][2], WARDS[ward][3]
        for (
            organisation_pattern,
            pattern,
            categories,
            description,
            languages,
            days,
            opens,
            closes,
            cost,
        ) in LISTED:
            organisation_name = organisation_pattern.format(ward=ward, worship=worship)
            if organisation_name not in listed:
                listed[organisation_name] = _listed_organisation(
                    organisation_name, ward, wards, new_id(), today
                )
            name = pattern.format(ward=ward, park=park, worship=worship)
            entries.append(
                (
                    listed[organisation_name],
                    ward,
                    name,
                    categories,
                    description,
                    languages,
                    days,
                    opens,
                    closes,
                    cost,
                )
            )

    stale = set(rng.sample(range(len(entries)), min(STALE, len(entries))))
    services, locations, schedules, costs, languages, phones, categories = ([] for _ in range(7))
    location_of: dict = {}
    features: dict = {}
    for number, (
        organisation,
        ward,
        name,
        codes,
        description,
        spoken,
        days,
        opens,
        closes,
        cost,
    ) in enumerate(entries):
        latitude, longitude = WARDS[ward][0], WARDS[ward][1]
        postcode = rng.choice(postcodes[ward])
        checked = today - timedelta(days=rng.randint(200, 420) if number in stale else rng.randint(3, 150))
        service = Service(
            oruk_id=new_id(),
            organisation=organisation,
            name=name,
            description=description,
            email=f"hello{number:03d}@example.org",
            eligibility_description="Adults living in or near " + ward,
            minimum_age=60 if "later-life" in codes else (None if "children-and-families" in codes else 18),
            fees_description="Free" if cost is None else f"£{cost} a session",
            assured_date=checked,
            assurer_email="coordinator@demo.ostrom.invalid",
            is_demo=True,
        )
        key = "hub" if organisation.name == HUB_ORGANISATION and name.startswith("Wellbeing Hub") else number
        if key not in location_of:
            location_of[key] = Location(
                oruk_id=new_id(),
                organisation=organisation,
                name="The Wellbeing Hub" if key == "hub" else organisation.name,
                address_1=f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
                city="Birmingham",
                postal_code=postcode.postcode,
                latitude=Decimal(f"{latitude + rng.uniform(-0.009, 0.009):.6f}"),
                longitude=Decimal(f"{longitude + rng.uniform(-0.014, 0.014):.6f}"),
                place=postcode.lsoa,
                is_demo=True,
            )
            features[key] = rng.sample(FEATURES, rng.randint(1, 3))
        location = location_of[key]
        services.append(service)
        locations.append(location)
        extra = [code for code in spoken if rng.random() < 0.7]
        languages.append([ENGLISH, *((code, LANGUAGES[code]) for code in extra)])
        categories.append([terms[code] for code in codes])
        schedules.append((days, time(*opens), time(*closes)))
        costs.append(cost)
        phones.append(f"0121 496 0{number:03d}")  # Ofcom's numbers for drama: never a real line
    Service.objects.bulk_create(services)
    Location.objects.bulk_create(location_of.values())
    ServiceAtLocation.objects.bulk_create(
        ServiceAtLocation(oruk_id=new_id(), service=service, location=location)
        for service, location in zip(services, locations, strict=True)
    )
    Service.categories.through.objects.bulk_create(
        Service.categories.through(service_id=service.pk, taxonomyterm_id=term.pk)
        for service, terms_of in zip(services, categories, strict=True)
        for term in terms_of
    )
    Schedule.objects.bulk_create(
        Schedule(
            oruk_id=new_id(), service=service, freq="WEEKLY", byday=days, opens_at=opens, closes_at=closes
        )
        for service, (days, opens, closes) in zip(services, schedules, strict=True)
    )
    CostOption.objects.bulk_create(
        CostOption(
            oruk_id=new_id(),
            service=service,
            option="Free" if cost is None else "Per session",
            amount=Decimal(cost or "0"),
        )
        for service, cost in zip(services, costs, strict=True)
    )
    Language.objects.bulk_create(
        Language(oruk_id=new_id(), service=service, code=code, name=name)
        for service, spoken in zip(services, languages, strict=True)
        for code, name in spoken
    )
    Accessibility.objects.bulk_create(
        Accessibility(oruk_id=new_id(), location=location, feature=feature)
        for key, location in location_of.items()
        for feature in features[key]
    )
    Phone.objects.bulk_create(
        Phone(oruk_id=new_id(), service=service, number=number)
        for service, number in zip(services, phones, strict=True)
    )
    _waiting_changes(services, members, postcodes, today)
    return services


def _hub_description(name: str) -> str:
    what = name.split(": ", 1)[-1]
    return (
        f"{what.capitalize()} at the Wellbeing Hub, the Ladywood Community Health Network's centre where "
        "link workers, peer supporters and local groups work under one roof."
    )


def _postcodes_by_ward(wards: dict[str, Place]) -> dict[str, list[Postcode]]:
    chosen = {}
    for name, ward in wards.items():
        found = list(
            Postcode.objects.select_related("lsoa")
            .filter(is_demo=True, lsoa__parent=ward)
            .order_by("postcode")[:40]
        )
        chosen[name] = found
    return chosen


def _listed_organisation(name: str, ward: str, wards: dict[str, Place], oruk_id, today) -> Organisation:
    organisation, created = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "oruk_id": oruk_id,
            # In the directory for a year or more.
            "applied_at": Clock(today).at(-400, hour=10),
            "kind": Organisation.Kind.FAITH_GROUP
            if any(word in name for word in ("Church", "Masjid", "Mosque", "Gurdwara"))
            else Organisation.Kind.VCSE,
            "status": Organisation.Status.LISTED,
            "contact_name": "Enquiries",
            "contact_email": f"enquiries@{name.lower().replace(' ', '-').replace(chr(39), '')}.example.org",
            "description": f"{name}: in the community assets directory.",
        },
    )
    if created and ward in wards:
        organisation.places_served.add(wards[ward])
    return organisation


def _waiting_changes(services: list[Service], members: dict, postcodes: dict, today) -> None:
    """Three changes waiting for a coordinator: two members' edits and one new entry."""
    by_organisation = {}
    for service in services:
        by_organisation.setdefault(service.organisation.name, service)
    proposer_of = {
        organisation.name: organisation.memberships.filter(is_contact=True).first()
        for organisation in members.values()
    }
    edits = [
        (
            "Caribbean Elders Lunch Club",
            {"description": "Now on Thursdays too: a two-course Caribbean lunch, dominoes and company."},
        ),
        ("Punjabi Elders Yoga", {"alert": "From next month we meet at the Soho Road community hall."}),
    ]
    for organisation_name, changed in edits:
        service = by_organisation.get(organisation_name)
        if service is None:
            continue
        membership = proposer_of.get(organisation_name)
        ServiceChange.objects.create(
            organisation=service.organisation,
            service=service,
            proposed=_entry_of(service) | changed,
            proposed_by=membership.user if membership else None,
        )
    organisation = members.get("Handsworth Carers Circle")
    ward_postcodes = postcodes.get("Handsworth") or []
    if organisation is not None and ward_postcodes:
        membership = proposer_of.get(organisation.name)
        ServiceChange.objects.create(
            organisation=organisation,
            proposed={
                "name": "Carers' evening support group",
                "description": "For carers who work in the day: an evening to talk, with a trained facilitator.",
                "url": "",
                "email": "",
                "status": "active",
                "eligibility_description": "Anyone who looks after a family member or friend",
                "minimum_age": 18,
                "maximum_age": None,
                "fees_description": "Free",
                "alert": "",
                "categories": ["carers", "mental-wellbeing"],
                "location": {
                    "name": "Handsworth community hall",
                    "address_1": "12 Church Road",
                    "city": "Birmingham",
                    "postal_code": ward_postcodes[0].postcode,
                    "latitude": "52.5058",
                    "longitude": "-1.9331",
                },
                "accessibility": ["step_free"],
                "schedules": [{"byday": "TU", "opens_at": "18:30", "closes_at": "20:00"}],
                "costs": [{"option": "Free", "amount": "0.00"}],
                "languages": [{"code": "en", "name": "English"}, {"code": "pa", "name": "Punjabi"}],
                "contact": {"name": "", "email": "", "phone": ""},
            },
            proposed_by=membership.user if membership else None,
        )


def _entry_of(service: Service) -> dict:
    """The whole entry as it stands, in the shape a proposed change holds."""
    at = service.service_at_locations.select_related("location").first()
    location = at.location if at else None
    schedule = service.schedules.first()
    return {
        "name": service.name,
        "description": service.description,
        "url": service.url,
        "email": service.email,
        "status": service.status,
        "eligibility_description": service.eligibility_description,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "fees_description": service.fees_description,
        "alert": service.alert,
        "categories": sorted(service.categories.values_list("code", flat=True)),
        "location": None
        if location is None
        else {
            "name": location.name,
            "address_1": location.address_1,
            "city": location.city,
            "postal_code": location.postal_code,
            "latitude": f"{location.latitude:.6f}",
            "longitude": f"{location.longitude:.6f}",
        },
        "accessibility": sorted(location.accessibility.values_list("feature", flat=True)) if location else [],
        "schedules": []
        if schedule is None
        else [
            {
                "byday": schedule.byday,
                "opens_at": schedule.opens_at.strftime("%H:%M"),
                "closes_at": schedule.closes_at.strftime("%H:%M"),
            }
        ],
        "costs": [
            {"option": cost.option, "amount": f"{cost.amount:.2f}"} for cost in service.cost_options.all()
        ],
        "languages": [{"code": language.code, "name": language.name} for language in service.languages.all()],
        "contact": {"name": "", "email": "", "phone": ""},
    }
