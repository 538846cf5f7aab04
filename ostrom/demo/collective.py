"""Demo people, organisations, subgroups and meetings of the collective."""

import random
import uuid
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password

from ostrom.accounts import equality
from ostrom.accounts.consent import EQUALITY_MONITORING
from ostrom.accounts.models import Consent, EqualityAnswer, Role, User
from ostrom.demo.clock import Clock
from ostrom.demo.places import AGE_SHARES, ethnic_weights_for
from ostrom.network.models import Attendance, Meeting, Membership, Organisation, Subgroup, SubgroupMembership

DEMO_PASSWORD = "ostrom-demo"
DEMO_DOMAIN = "demo.ostrom.invalid"

SUBGROUPS = [
    (
        "building-trust",
        "Building trust",
        "Rebuilding trust between communities and health services, starting with listening and keeping promises.",
    ),
    (
        "primary-care-access",
        "Primary care access",
        "Making it easier to see a GP, nurse or pharmacist: booking, language, and getting there.",
    ),
    (
        "best-start-in-life",
        "Best start in life",
        "Support for parents, babies and young children, from pregnancy to starting school.",
    ),
    (
        "diabetes-obesity-asthma",
        "Diabetes, obesity and asthma",
        "Preventing and living well with the long-term conditions that hit our communities hardest.",
    ),
    (
        "communications",
        "Communications",
        "Getting health information to people in the languages, places and voices they trust.",
    ),
]

ORGANISATIONS = [
    ("Ladywood Community Health Network", "vcse"),
    ("Soho Road Gurdwara Wellbeing Group", "faith_group"),
    ("Handsworth Carers Circle", "vcse"),
    ("Lozells Mums and Tots", "vcse"),
    ("Nechells Food Co-operative", "community_business"),
    ("Perry Barr Walking Football", "vcse"),
    ("Al-Noor Mosque Women's Group", "faith_group"),
    ("New Testament Church Health Ministry", "faith_group"),
    ("Jewellery Quarter Men's Shed", "vcse"),
    ("Birmingham African Families Forum", "vcse"),
    ("Caribbean Elders Lunch Club", "vcse"),
    ("Bangladeshi Youth Forum", "vcse"),
    ("Handsworth Wood Allotment Society", "community_business"),
    ("Somali Parents Network", "vcse"),
    ("Kashmiri Welfare Association", "vcse"),
    ("North Edgbaston Residents Association", "vcse"),
    ("Sickle Cell Support Group West Midlands", "vcse"),
    ("Punjabi Elders Yoga", "vcse"),
    ("Ladywood Boxing Academy", "community_business"),
    ("Asthma Friends Birmingham", "vcse"),
    ("Perry Barr Baptist Church Food Bank", "faith_group"),
    ("Diabetes Peer Support Birmingham", "vcse"),
    ("Nechells Young Carers", "vcse"),
    ("Lozells Refugee Welcome", "vcse"),
    ("Soho Community Radio", "community_business"),
    ("Handsworth Library Friends", "vcse"),
    ("Breastfeeding Buddies Ladywood", "vcse"),
    ("Black Men's Health Forum", "vcse"),
    ("Yemeni Community Association", "vcse"),
    ("Ladywood Health and Care Centre PPG", "statutory"),
]

FIRST_NAMES = [
    "Amina",
    "Mohammed",
    "Grace",
    "Ravinder",
    "Fatima",
    "Delroy",
    "Priya",
    "Abdul",
    "Chloe",
    "Yusuf",
    "Hannah",
    "Kwame",
    "Aisha",
    "Jaswinder",
    "Tom",
    "Nadia",
    "Marcus",
    "Shabana",
    "Ola",
    "Imran",
    "Sarah",
    "Tariq",
    "Precious",
    "Harpreet",
    "Ibrahim",
    "Joy",
    "Sunita",
    "Winston",
    "Halima",
    "Liam",
]
LAST_NAMES = [
    "Khan",
    "Ahmed",
    "Campbell",
    "Singh",
    "Begum",
    "Brown",
    "Patel",
    "Hussain",
    "Walker",
    "Ali",
    "Okafor",
    "Kaur",
    "Mahmood",
    "Clarke",
    "Mensah",
    "Iqbal",
    "Johnson",
    "Sharma",
    "Osman",
    "Williams",
]


def load(rng: random.Random, places: dict, *, today: date | None = None) -> dict:
    clock = Clock.of(today)
    # What the models would otherwise draw from the system's randomness (a person's record key for the
    # cell-key method, an organisation's Open Referral UK id), from numbers of the demo's own, so two
    # loads give the same story, down to the perturbed counts.
    keys = random.Random("ostrom-demo-keys")
    password = make_password(DEMO_PASSWORD)
    now = clock.now
    lsoas, postcodes = places["lsoas"], places["postcodes"]
    # The staff have been with the collective for two years, longer than anything in the story.
    joined = clock.at(-730, hour=9)
    staff = {
        "admin": _person("admin", "Alex Morgan", password, Role.Kind.ADMIN, joined, keys, superuser=True),
        "coordinator": _person(
            "coordinator", "Nasreen Akhtar", password, Role.Kind.COORDINATOR, joined, keys
        ),
        "partner": _person("partner", "Dr Helen Price", password, Role.Kind.PARTNER, joined, keys),
    }
    subgroups = []
    for slug, name, description in SUBGROUPS:
        subgroup, _ = Subgroup.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        subgroups.append(subgroup)

    residents = list(
        User.objects.filter(email__startswith="resident", email__endswith=DEMO_DOMAIN).order_by("pk")
    )
    if not residents:
        residents = _residents(rng, password, lsoas, postcodes, count=300, now=now, keys=keys)

    wards = sorted({lsoa.parent for lsoa in lsoas}, key=lambda ward: ward.code)
    if not Organisation.objects.exists():
        for number, (name, kind) in enumerate(ORGANISATIONS):
            contact = residents[number]
            joined_on = (now - timedelta(days=rng.randint(30, 700))).date()
            organisation = Organisation.objects.create(
                oruk_id=uuid.UUID(int=keys.getrandbits(128), version=4),
                name=name,
                kind=kind,
                status=Organisation.Status.MEMBER,
                # They asked to join a fortnight before the coordinator approved them.
                applied_at=clock.at(joined_on - timedelta(days=14), hour=10),
                joined_on=joined_on,
                contact_name=contact.full_name,
                contact_email=contact.email,
                description=f"{name} is a member of the collective. Made up for the demo.",
                decided_by=staff["coordinator"],
            )
            organisation.places_served.set(rng.sample(wards, rng.randint(1, 3)))
            organisation.subgroups.set(rng.sample(subgroups, rng.randint(1, 2)))
            Membership.objects.create(
                user=contact,
                organisation=organisation,
                is_contact=True,
                role_title="Coordinator",
                joined_at=clock.at(joined_on - timedelta(days=14), hour=10),
            )
            Role.objects.get_or_create(user=contact, kind=Role.Kind.ORGANISATION_CONTACT)
        # One organisation waiting for the coordinator, so the approval step can be seen.
        waiting = Organisation.objects.create(
            oruk_id=uuid.UUID(int=keys.getrandbits(128), version=4),
            name="Ladywood Sikh Youth Project",
            kind="vcse",
            contact_name=residents[40].full_name,
            contact_email=residents[40].email,
            description="Sport and mentoring for young people. Made up for the demo.",
            applied_at=clock.at(-3, hour=19),
        )
        waiting.places_served.set(wards[:1])
        Membership.objects.create(
            user=residents[40], organisation=waiting, is_contact=True, joined_at=clock.at(-3, hour=19)
        )

    if not SubgroupMembership.objects.exists():
        for resident in residents:
            for subgroup in rng.sample(subgroups, rng.choice([0, 1, 1, 1, 2])):
                SubgroupMembership.objects.create(
                    user=resident, subgroup=subgroup, joined_at=resident.date_joined
                )
    if not Meeting.objects.exists():
        _meetings(rng, subgroups, wards, staff["coordinator"], now)
    return {"staff": staff, "residents": residents, "subgroups": subgroups}


def _person(handle, name, password, kind, joined, keys, superuser=False) -> User:
    user, created = User.objects.get_or_create(
        email=f"{handle}@{DEMO_DOMAIN}",
        defaults={
            "full_name": name,
            "password": password,
            "is_staff": superuser,
            "is_superuser": superuser,
            "date_joined": joined,
            "email_confirmed_at": joined,
            "record_key": keys.randrange(256),
        },
    )
    Role.objects.get_or_create(user=user, kind=kind)
    return user


def _residents(rng, password, lsoas, postcodes, count, now, keys) -> list[User]:
    postcodes_by_lsoa: dict[int, list[str]] = {}
    for postcode, lsoa in postcodes.items():
        postcodes_by_lsoa.setdefault(lsoa.pk, []).append(postcode)
    people = [
        User(
            email=f"resident{n:03d}@{DEMO_DOMAIN}",
            full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            password=password,
            date_joined=now - timedelta(days=rng.randint(1, 600)),
            record_key=keys.randrange(256),
        )
        for n in range(1, count + 1)
    ]
    for person in people:  # demo residents confirmed their email address when they signed up
        person.email_confirmed_at = person.date_joined
    users = User.objects.bulk_create(people)
    Role.objects.bulk_create([Role(user=user, kind=Role.Kind.RESIDENT) for user in users])
    consents = Consent.objects.bulk_create(
        [
            Consent(
                user=user,
                given_at=user.date_joined,
                purpose=EQUALITY_MONITORING.purpose,
                wording_version=EQUALITY_MONITORING.version,
                wording=EQUALITY_MONITORING.text,
            )
            for user in users
        ]
    )
    weights_by_lsoa = {lsoa.pk: ethnic_weights_for(lsoa) for lsoa in lsoas}
    answers = []
    for user, consent in zip(users, consents, strict=True):
        lsoa = rng.choice(lsoas)
        weights = weights_by_lsoa[lsoa.pk]
        ethnic_group = rng.choices(list(weights), weights=list(weights.values()))[0]
        answers.append(
            EqualityAnswer(
                user=user,
                consent=consent,
                ethnic_group=equality.PREFER_NOT_TO_SAY if rng.random() < 0.04 else ethnic_group,
                age_band=rng.choices(list(AGE_SHARES), weights=[12, 18, 20, 18, 14, 11, 7])[0],
                sex=rng.choices(["female", "male", equality.PREFER_NOT_TO_SAY], weights=[58, 40, 2])[0],
                disability=rng.choices(
                    ["limited_a_lot", "limited_a_little", "no", equality.PREFER_NOT_TO_SAY],
                    weights=[9, 12, 75, 4],
                )[0],
                postcode=rng.choice(postcodes_by_lsoa.get(lsoa.pk, [""])),
                lsoa=lsoa,
            )
        )
    EqualityAnswer.objects.bulk_create(answers)
    return users


AGENDA = (
    "1. Welcome and introductions\n2. What we heard from residents this month\n"
    "3. Update from NHS partners\n4. Actions and who will do them\n5. Any other business"
)


def _meetings(rng, subgroups, wards, coordinator, now) -> None:
    topics = {
        "building-trust": [
            "Listening event planning",
            "Feedback from the mosque health day",
            "Trust survey results",
        ],
        "primary-care-access": [
            "Pharmacy First in Ladywood",
            "GP booking by phone: what residents told us",
            "Interpreters at the practice",
        ],
        "best-start-in-life": [
            "Breastfeeding support in Lozells",
            "Family hubs: who knows about them?",
            "Healthy Start vouchers take-up",
        ],
        "diabetes-obesity-asthma": [
            "Diabetes prevention in Ramadan",
            "Asthma plans for schoolchildren",
            "Walking groups through the winter",
        ],
        "communications": [
            "WhatsApp groups as a channel",
            "Health messages in Punjabi, Urdu and Bengali",
            "Community radio slots",
        ],
    }
    # Each subgroup's next meeting is in three weeks; the two before it were two and seven weeks ago
    # (decisions cite what the older ones said, so they come before those decisions).
    for subgroup in subgroups:
        members = list(subgroup.members.order_by("pk"))
        for number, title in enumerate(topics[subgroup.slug]):
            starts_at = (now + timedelta(days=21 - 35 * number)).replace(
                hour=18, minute=30, second=0, microsecond=0
            )
            place = rng.choice(wards)
            venue = rng.choice(["Ladywood Community Centre", "Handsworth Library", "Online", "Nechells Hub"])
            if subgroup.slug == "communications" and number == 0:
                venue = "Online"  # so the demo always has an upcoming meeting to join online
            meeting = Meeting.objects.create(
                subgroup=subgroup,
                title=title,
                starts_at=starts_at,
                place=place,
                venue=venue,
                # Online meetings have a link; only people who sign up (and coordinators) see it.
                online_url=f"https://meet.example.org/{subgroup.slug}-{number + 1}"
                if venue == "Online"
                else "",
                agenda=AGENDA,
                created_by=coordinator,
            )
            if meeting.has_happened:
                meeting.minutes = (
                    f"{len(members)} members were invited. We heard about {title.lower()}. "
                    "Actions: the coordinator will take the points raised to the locality partnership."
                )
                meeting.save(update_fields=["minutes"])
                came = rng.sample(members, min(len(members), rng.randint(6, 18)))
                Attendance.objects.bulk_create([Attendance(meeting=meeting, user=person) for person in came])
            else:
                # Some members have already signed up to attend. A random source of its own, so the
                # demo's other records come out as they did before sign-ups existed.
                signing_up = random.Random(title)
                going = signing_up.sample(members, min(len(members), signing_up.randint(3, 9)))
                Attendance.objects.bulk_create(
                    [
                        Attendance(
                            meeting=meeting,
                            user=person,
                            signed_up_at=now - timedelta(days=signing_up.randint(1, 9)),
                            came=False,
                        )
                        for person in going
                    ]
                )
