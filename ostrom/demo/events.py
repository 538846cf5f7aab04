"""Demo Open Space: "What matters to me for my wellbeing living in Ladywood", eight weeks before the day
the demo is loaded (so the decisions that cite its actions come after it), at the Ladywood Community Centre: 60 people (36 demo residents of Ladywood with accounts, 24 without), 14
topics on a wall of 3 spaces × 5 slots, highlights, 40 actions across the three kinds (some under way,
a few done), a closing circle, and the report published."""

import random
from datetime import date, timedelta

from ostrom.accounts.models import User
from ostrom.demo.clock import Clock
from ostrom.events import services
from ostrom.events.models import Action, ActionUpdate, Event, Going, Highlight, Impression, Participant, Topic
from ostrom.places.models import Place

from .collective import DEMO_DOMAIN

TITLE = "What matters to me for my wellbeing living in Ladywood"
OURS, TOGETHER, FOR_US = "ourselves", "together", "for_us"

# (topic, proposer, leaning, highlights, actions as (kind, text, owner))
TOPICS = [
    (
        "Getting to hospital appointments without a car",
        "Amira",
        FOR_US,
        [
            "The 8 bus does not go to the QE; two changes with a wheelchair is not possible",
            "Patient transport is refused to people who could manage a taxi they cannot afford",
        ],
        [
            (
                FOR_US,
                "Publish who qualifies for patient transport in plain English and community languages",
                "BSol ICB",
            ),
            (
                TOGETHER,
                "Run a community car scheme with the Ladywood Health Champions",
                "Ladywood Health Champions",
            ),
            (OURS, "Share lifts through the mosque and church WhatsApp groups", "Bilal"),
        ],
    ),
    (
        "Loneliness after losing someone",
        "Jean",
        OURS,
        ["Weekends are the worst: everything closes", "People do not know about the bereavement café"],
        [
            (OURS, "Start a Sunday afternoon tea at the community centre", "Jean"),
            (
                TOGETHER,
                "GP practices to tell bereaved families about local groups",
                "Ladywood PCN social prescribers",
            ),
            (FOR_US, "Fund bereavement counselling with no waiting list", ""),
        ],
    ),
    (
        "Mental health support in my own language",
        "Farhan",
        FOR_US,
        ["Talking therapies in Urdu have a six-month wait", "Young men will not go to a clinic"],
        [
            (
                FOR_US,
                "Commission talking therapies in Urdu, Punjabi and Bengali",
                "BSol ICB mental health commissioners",
            ),
            (TOGETHER, "Train faith leaders in mental health first aid", "Birmingham Mind"),
            (OURS, "A men's walking group that meets after Friday prayers", "Farhan"),
        ],
    ),
    (
        "Damp and mould in our flats",
        "Grace",
        TOGETHER,
        ["Children's asthma gets worse every winter", "Repairs are reported and closed without a visit"],
        [
            (TOGETHER, "GPs to write to the housing team when damp is making someone ill", "Ladywood PCN"),
            (
                FOR_US,
                "The council to inspect every reported case within two weeks",
                "Birmingham City Council housing",
            ),
            (OURS, "Tenants to photograph and log damp together so reports are not lost", "Grace"),
        ],
    ),
    (
        "Somewhere safe for teenagers to go",
        "Kezia",
        TOGETHER,
        ["The youth club closed in 2019", "Parents want something after 6pm"],
        [
            (
                TOGETHER,
                "Reopen the youth club two evenings a week with youth workers",
                "Ladywood Youth Forum",
            ),
            (OURS, "Parents to run a Saturday football session", "Kezia"),
            (FOR_US, "Keep the leisure centre's free swim for under-16s", ""),
        ],
    ),
    (
        "Food costs and eating well",
        "Siobhan",
        OURS,
        ["Fresh vegetables cost more here than in town", "The food bank cannot store chilled food"],
        [
            (OURS, "A cooking-on-a-budget class at the community kitchen", "Siobhan"),
            (TOGETHER, "Healthy Start vouchers promoted at every baby clinic", "Health visitors"),
            (FOR_US, "A fridge for the food bank", "Ladywood Food Bank"),
            (OURS, "Start a growing space on the Ledsam Street green", ""),
        ],
    ),
    (
        "Seeing a GP when I need to",
        "Tariq",
        FOR_US,
        ["The 8am phone queue came up again", "People do not know pharmacists can help"],
        [
            (FOR_US, "A call-back option instead of holding in the queue", "Ladywood PCN"),
            (TOGETHER, "Pharmacy First explained at community events", "Community pharmacists"),
            (OURS, "Health Champions to help neighbours use the NHS App", "Ladywood Health Champions"),
        ],
    ),
    (
        "Caring for a parent with dementia",
        "Mei",
        TOGETHER,
        ["Carers do not know they are carers", "Respite is impossible to book"],
        [
            (TOGETHER, "A carers' clinic at the surgery once a month", "Carers Trust"),
            (FOR_US, "Respite care that can be booked at a week's notice", "Adult social care"),
            (OURS, "A carers' coffee morning alongside the memory café", "Mei"),
        ],
    ),
    (
        "Feeling safe walking at night",
        "Lucy",
        TOGETHER,
        ["Street lights out on the canal path", "Women walk in pairs or not at all"],
        [
            (FOR_US, "Fix the street lights on the canal path", "Birmingham City Council"),
            (OURS, "Walking buddies for the evening bus stop", "Lucy"),
        ],
    ),
    (
        "Money worries and my health",
        "Patrick",
        TOGETHER,
        ["Debt keeps people awake at night", "People are missing benefits they are owed"],
        [
            (TOGETHER, "Citizens Advice sessions at the surgery", "Citizens Advice Birmingham"),
            (FOR_US, "Benefit checks offered at every health check", ""),
            (OURS, "Share the energy-bill help leaflet in five languages", "Patrick"),
        ],
    ),
    (
        "Support after having a baby",
        "Aisha",
        FOR_US,
        ["New mums feel alone after the first visits", "Breastfeeding support stops at 6 weeks"],
        [
            (FOR_US, "Breastfeeding support for as long as a mother wants it", "Maternity services"),
            (OURS, "A baby and parent group in the community centre", "Aisha"),
            (TOGETHER, "Health visitors to drop in at the parent group", "Health visiting team"),
        ],
    ),
    (
        "Staying active when you have a long-term condition",
        "Winston",
        OURS,
        ["The gym feels like it is not for us", "Chair exercise was popular before Covid"],
        [
            (OURS, "Restart chair exercise on Tuesday mornings", "Winston"),
            (TOGETHER, "Physios to run a session at the community centre", "Community physiotherapy"),
        ],
    ),
    (
        "Drugs and alcohol on our estate",
        "Danny",
        TOGETHER,
        ["Needles in the play area", "People want help, not judgement"],
        [
            (FOR_US, "Weekly needle sweeps of the play area", "Birmingham City Council"),
            (TOGETHER, "An outreach worker at the community centre drop-in", "Change Grow Live"),
        ],
    ),
    (
        "Being listened to by services",
        "Nadia",
        TOGETHER,
        ["We have said all this before", "Come back and tell us what changed"],
        [
            (
                TOGETHER,
                "Come back in six months and report on every action from today",
                "Ladywood locality partnership",
            ),
            (FOR_US, "Put a resident on the locality partnership board", "Ladywood locality partnership"),
            (OURS, "Keep this group going: meet every two months", "Nadia"),
        ],
    ),
]
SPACES = ["Main hall", "Room 2", "Garden room"]
SLOT_STARTS = [(10, 30), (11, 30), (12, 30), (13, 30), (14, 30)]
WITHOUT_ACCOUNTS = [
    "Amira", "Jean", "Farhan", "Grace", "Kezia", "Siobhan", "Tariq", "Mei", "Lucy", "Patrick", "Aisha",
    "Winston", "Danny", "Nadia", "R.K.", "Shabana", "M.", "Yusuf", "Claire", "Hamid", "J.B.", "Rukhsana",
    "Tom", "Precious",
]  # fmt: skip
IMPRESSIONS = [
    ("I came not knowing anyone and I am leaving with three new friends", "Jean"),
    ("For once people from the NHS sat and listened", ""),
    ("I did not think my topic would matter. Twelve people came to it", "Amira"),
    ("Please come back and tell us what happened", "Nadia"),
    ("Having an interpreter made all the difference for my mother", "Farhan"),
    ("More young people next time", "Kezia"),
    ("The lunch was lovely", ""),
    ("I feel hopeful about the car scheme", "Bilal"),
    ("Hard to hear in the main hall when all three groups were talking", ""),
    ("I will tell my neighbours about the carers' clinic", "Mei"),
    ("Good to know we can do some of this ourselves", "Winston"),
    ("Thank you for the step-free room", ""),
]
UPDATES = {
    # action text -> [(days after the event, status, update)]
    "Start a Sunday afternoon tea at the community centre": [
        (7, "under_way", "The centre has offered the small hall on Sundays for free"),
        (14, "done", "First Sunday tea held: 18 people came"),
    ],
    "Restart chair exercise on Tuesday mornings": [(10, "done", "Running again every Tuesday at 10am")],
    "Run a community car scheme with the Ladywood Health Champions": [
        (12, "under_way", "Six volunteer drivers checked; insurance being arranged"),
    ],
    "Come back in six months and report on every action from today": [
        (5, "under_way", "Date booked for the report-back meeting"),
    ],
    "A cooking-on-a-budget class at the community kitchen": [(15, "done", "Four-week course started")],
    "Fix the street lights on the canal path": [
        (9, "under_way", "Reported to the council; job number given")
    ],
}


HELD_DAYS_AGO = 56


def load(rng: random.Random, geography: dict, people: dict, *, today: date | None = None) -> None:
    if Event.objects.filter(title=TITLE).exists():
        return
    ladywood = Place.objects.get(name="Ladywood", kind=Place.Kind.LOCALITY)
    coordinator = people["staff"]["coordinator"]
    day = Clock.of(today).day(-HELD_DAYS_AGO)

    def at(hour, minute=0):
        return Clock(day).at(0, hour=hour, minute=minute)

    event = services.create_event(
        coordinator=coordinator,
        title=TITLE,
        place=ladywood,
        description=(
            "No agenda and no speeches: you bring what matters to you. Lunch, childcare and interpreters "
            "(Urdu, Punjabi, Bengali and BSL) are provided. (A demo: the people and what they said are made up.)"
        ),
        venue_name="Ladywood Community Centre",
        venue_address="Ledsam Street, Birmingham B16 8DN",
        access_notes="Step-free entrance from the car park; hearing loop in the main hall; quiet room upstairs (lift).",
        starts_at=at(10),
        ends_at=at(15, 45),
        spaces=SPACES,
        slots=[(at(h, m), at(h, m) + timedelta(minutes=45)) for h, m in SLOT_STARTS],
        # A member of the collective hosts it.
        host_name="Ladywood Community Health Network",
        facilitator=coordinator,
        capacity=80,
    )
    # Set up a month before; its check-in link's token from numbers of the demo's own, not the system's.
    Event.objects.filter(pk=event.pk).update(
        created_at=at(9) - timedelta(days=30), check_in_token=f"{random.Random(TITLE).getrandbits(128):032x}"
    )
    inside = Place.objects.within(ladywood)
    residents = list(
        User.objects.filter(
            email__startswith="resident", email__endswith=DEMO_DOMAIN, equality_answer__lsoa__in=inside
        ).order_by("pk")[:36]
    )
    participants = Participant.objects.bulk_create(
        [
            Participant(
                event=event,
                user=user,
                name=user.full_name.split(" ")[0],
                signed_up_at=at(9) - timedelta(days=rng.randint(2, 20)),
                checked_in_at=at(9, 30) + timedelta(minutes=rng.randint(0, 50)),
                interpreting="Urdu" if n % 11 == 0 else "",
                access_needs="Wheelchair user" if n % 13 == 0 else "",
            )
            for n, user in enumerate(residents)
        ]
        + [
            Participant(
                event=event, name=name, checked_in_at=at(9, 40) + timedelta(minutes=rng.randint(0, 40))
            )
            for name in WITHOUT_ACCOUNTS[: 60 - len(residents)]
        ]
    )
    by_name = {p.name: p for p in participants if p.user_id is None}
    spaces, slots = list(event.spaces.all()), list(event.slots.all())
    places_on_wall = [(space, slot) for slot in slots for space in spaces][: len(TOPICS)]
    topics, highlights, actions = [], [], []
    for n, (title, proposer, leaning, _notes, _todo) in enumerate(TOPICS):
        space, slot = places_on_wall[n]
        topic = Topic(
            event=event,
            title=title,
            proposer=by_name.get(proposer),
            proposer_name=proposer,
            leaning=leaning,
            space=space,
            slot=slot,
            created_at=at(10, 5) + timedelta(minutes=n),
        )
        topics.append(topic)
    Topic.objects.bulk_create(topics)
    for topic, (_, _, _, notes, todo) in zip(topics, TOPICS, strict=True):
        highlights += [Highlight(topic=topic, text=text, created_at=topic.slot.ends_at) for text in notes]
        actions += [
            Action(event=event, topic=topic, kind=kind, text=text, owner=owner, created_at=topic.slot.ends_at)
            for kind, text, owner in todo
        ]
    Highlight.objects.bulk_create(highlights)
    Action.objects.bulk_create(actions)
    goings = set()
    for participant in participants:
        for slot_topics in _by_slot(topics):
            goings.add((participant.pk, rng.choice(slot_topics).pk))
    Going.objects.bulk_create([Going(participant_id=p, topic_id=t) for p, t in sorted(goings)])
    Impression.objects.bulk_create(
        [Impression(event=event, text=text, name=name, created_at=at(15, 30)) for text, name in IMPRESSIONS]
    )
    for action in Action.objects.filter(event=event, text__in=UPDATES).order_by("pk"):
        for days, status, text in UPDATES[action.text]:
            ActionUpdate.objects.create(
                action=action,
                on=day + timedelta(days=days),
                status=status,
                text=text,
                recorded_by=coordinator,
                created_at=at(17) + timedelta(days=days),
            )
            action.status = status
            action.done_on = day + timedelta(days=days) if status == "done" else None
        action.save(update_fields=["status", "done_on"])
    services.publish_report(by=coordinator, event=event)
    # The report went up the evening after the day.
    Event.objects.filter(pk=event.pk).update(report_published_at=at(18) + timedelta(days=1))


def _by_slot(topics):
    slots: dict = {}
    for topic in topics:
        slots.setdefault(topic.slot_id, []).append(topic)
    return list(slots.values())
