"""Demo insight: 25 stories and quotes told with consent, two cases for action with their cost working,
and every piece of free text already in the demo brought in as comments (opinion-map statements,
survey free-text answers, Open Space highlights and actions, meeting minutes).

Most stories may be published without the speaker's name, a few with it, and a few not at all (the
coordinators see those; nobody else does). The cases for action follow the "case for action" papers
community businesses write for the NHS (Memory Matters in Plymouth wrote one on respite for carers of
people with dementia): the unit costs are realistic figures with their sources named, marked as demo.
"""

import random
from datetime import date
from decimal import Decimal

from ostrom.core import audit
from ostrom.demo.clock import Clock
from ostrom.insight.bringing_in import bring_in
from ostrom.insight.models import CaseForAction, CostLine, Insight
from ostrom.places.models import Place

ANONYMISED, NAMED, NOT_PUBLISHED = (
    Insight.Publication.ANONYMISED,
    Insight.Publication.NAMED,
    Insight.Publication.NOT_PUBLISHED,
)
WORDING = {
    ANONYMISED: "I agree that Ostrom's collective may keep and use what I said, and publish it without my name.",
    NAMED: "I agree that Ostrom's collective may keep and use what I said, and publish it with my name.",
    NOT_PUBLISHED: "I agree that the collective's coordinators may use what I said, but it must not be published.",
}

DIABETES_CASE = "A community diabetes-prevention group at the mosque and the community centre"

# (kind, source, ward or locality, publication, speaker's name if named, group they told us, title, text)
STORIES = [
    (
        "story",
        "interview",
        "Ladywood",
        ANONYMISED,
        "",
        "black_caribbean",
        "Two buses to the surgery",
        "My surgery moved to the new health centre. It is two buses now and I cannot stand at the stop for long "
        "with my knees, so I cancelled twice. In the end I went to A&E with my chest because I could not face the trip.",
    ),
    (
        "quote",
        "event",
        "Ladywood",
        ANONYMISED,
        "",
        "",
        "The 8am phone queue",
        "At eight o'clock I am number thirty in the queue and by the time I get through there is nothing left.",
    ),
    (
        "story",
        "event",
        "Soho and Jewellery Quarter",
        NAMED,
        "Winston Clarke",
        "black_caribbean",
        "The lunch club keeps us going",
        "Since my wife passed I eat properly on Tuesdays and Thursdays, at the lunch club. It is the only time I "
        "talk to anyone some weeks. When it closed over Christmas I did not leave the flat for nine days.",
    ),
    (
        "quote",
        "survey",
        "Ladywood",
        ANONYMISED,
        "",
        "asian_pakistani",
        "An interpreter without asking twice",
        "I have to ask for an interpreter every single time, and sometimes they book my son instead, who is fifteen.",
    ),
    (
        "story",
        "interview",
        "Handsworth",
        ANONYMISED,
        "",
        "asian_indian",
        "Carer with no break",
        "I look after my mum, who has dementia, every day and most nights. The one day a week at the memory café "
        "is the only time I sleep properly. Without it I think she would be in a home by now and I would be ill.",
    ),
    (
        "quote",
        "conversation",
        "Ladywood",
        ANONYMISED,
        "",
        "",
        "Walking group",
        "The Saturday walking group got me off my antidepressants. My GP could not believe it.",
    ),
    (
        "story",
        "meeting",
        "Lozells",
        ANONYMISED,
        "",
        "black_african",
        "Diabetes at the mosque",
        "The nurse came to the mosque after Friday prayers and tested forty men. Eleven were at risk and did not "
        "know. Nobody would have gone to the surgery for that.",
    ),
    (
        "quote",
        "event",
        "Handsworth",
        NAMED,
        "Parveen Akhtar",
        "asian_pakistani",
        "Food and health together",
        "You cannot talk to people about eating well when they are choosing between the meter and the shopping.",
    ),
    (
        "case_study",
        "interview",
        "Ladywood",
        ANONYMISED,
        "",
        "white_british",
        "A warm space in January",
        "A man in his seventies came to the warm space every day in January. The volunteers noticed his feet were "
        "swollen and called the practice nurse, who found heart failure early. He says the warm space saved his life.",
    ),
    (
        "quote",
        "survey",
        "Soho and Jewellery Quarter",
        ANONYMISED,
        "",
        "",
        "Evening appointments",
        "I work nights at the hospital and cannot get an appointment for my own children after school.",
    ),
    (
        "story",
        "interview",
        "Nechells",
        NOT_PUBLISHED,
        "",
        "black_african",
        "Afraid to register",
        "I did not register with a doctor for three years because I thought they would ask for my papers. I only "
        "went when my daughter had a fever that would not go.",
    ),
    (
        "quote",
        "event",
        "Ladywood",
        ANONYMISED,
        "",
        "mixed_white_black_caribbean",
        "Nothing for teenagers",
        "There is nothing for teenagers round here after six, so they hang about and everyone is scared of them.",
    ),
    (
        "story",
        "meeting",
        "Handsworth",
        NAMED,
        "Joy Brown",
        "black_caribbean",
        "Peer support after a stroke",
        "After my stroke the hospital was brilliant, but at home nobody came. The stroke club showed me how to "
        "cook one-handed. That is what got me back to myself.",
    ),
    (
        "quote",
        "conversation",
        "Lozells",
        ANONYMISED,
        "",
        "",
        "Pharmacy closes early",
        "The pharmacy shuts at five and on Saturdays at one. If your prescription is late you go without all weekend.",
    ),
    (
        "story",
        "interview",
        "Ladywood",
        NOT_PUBLISHED,
        "",
        "white_other",
        "Sofa surfing",
        "I have been sofa surfing for a year. No fixed address means no GP, and no GP means no sick note.",
    ),
    (
        "quote",
        "survey",
        "Nechells",
        ANONYMISED,
        "",
        "asian_bangladeshi",
        "Same doctor",
        "Seeing the same doctor each time matters. I do not want to tell my story again to a stranger.",
    ),
    (
        "case_study",
        "meeting",
        "Soho and Jewellery Quarter",
        ANONYMISED,
        "",
        "",
        "Social prescribing that worked",
        "A link worker referred a woman with chronic pain to the gardening project. After twelve weeks she had "
        "cut her GP visits from fortnightly to once in three months and was volunteering there herself.",
    ),
    (
        "quote",
        "event",
        "Ladywood",
        ANONYMISED,
        "",
        "black_african",
        "Listened to at last",
        "This is the first time anyone from the NHS has sat in our community centre and listened.",
    ),
    (
        "story",
        "interview",
        "Handsworth",
        NOT_PUBLISHED,
        "",
        "asian_pakistani",
        "Debt and depression",
        "The debt letters made me ill. I could not sleep or eat. The advice worker sorted it in one afternoon and "
        "I felt better than after six months of tablets.",
    ),
    (
        "quote",
        "survey",
        "Ladywood",
        ANONYMISED,
        "",
        "",
        "Online forms",
        "The online form kept timing out and there is no one to help if you are not good with computers.",
    ),
    (
        "story",
        "event",
        "Lozells",
        NAMED,
        "Samuel Okafor",
        "black_african",
        "Men's health checks at the barber",
        "We started blood pressure checks at the barber's. Men who had not seen a doctor in ten years sat in the "
        "chair and talked. Three were sent straight to the surgery.",
    ),
    (
        "quote",
        "conversation",
        "Nechells",
        ANONYMISED,
        "",
        "",
        "Street lights",
        "My street lights have been out for weeks and I do not go out after dark, so I stopped going to my class.",
    ),
    (
        "story",
        "interview",
        "Soho and Jewellery Quarter",
        ANONYMISED,
        "",
        "white_british",
        "Hospital discharge",
        "They discharged Dad on a Friday night with no care package. The neighbours took turns sitting with him "
        "until Monday. He was back in A&E by Wednesday.",
    ),
    (
        "quote",
        "event",
        "Handsworth",
        ANONYMISED,
        "",
        "asian_indian",
        "Yoga for older people",
        "The chair yoga at the gurdwara is the only exercise my mother will do, because it is in Punjabi.",
    ),
    (
        "quote",
        "meeting",
        "Ladywood",
        NOT_PUBLISHED,
        "",
        "",
        "Fear of the council",
        "People will not tell the council about damp because they are afraid of being moved away from family.",
    ),
]

PSSRU = "PSSRU Unit Costs of Health and Social Care 2023 (Jones and others, University of Kent)"
CASES = [
    {
        "title": DIABETES_CASE,
        "place": "Lozells",
        "text": "A weekly group for people at risk of type 2 diabetes, run in Urdu, Punjabi, Somali and English "
        "by trained health champions where people already go, instead of waiting for a referral few take up.",
        "problem": "Type 2 diabetes is rising fast in Lozells and Handsworth, where many people of South Asian and "
        "Black African heritage are at higher risk at a younger age. Few people referred to the national "
        "programme start it, and fewer finish: sessions are in English, far away and at the wrong times.",
        "who_is_affected": "Around 600 adults found at risk by checks at the mosque, the gurdwara and the barber's; "
        "their families; the three practices in the area.",
        "proposed_action": "Fund two health champions to run a nine-month group (60 places a year) in the "
        "community's languages, with the practice nurse visiting monthly, and measure weight and HbA1c.",
        "speaker_name": "Lozells Health Champions",
        "lines": [
            (
                "cost",
                "A place on the community group for one person for nine months",
                "185",
                "Lozells Health Champions' costs for {financial_year}: staff, venue, food and materials",
                "60",
            ),
            (
                "cost",
                "Practice nurse time: one hour a month for checks",
                "50",
                f"{PSSRU}: nurse (GP practice), cost per working hour",
                "12",
            ),
            (
                "saving",
                "Places on the national programme not needed (people who would otherwise be referred)",
                "270",
                "NHS Diabetes Prevention Programme: cost per participant (NHS England)",
                "20",
            ),
            (
                "saving",
                "GP appointments avoided over a year",
                "49",
                f"{PSSRU}: GP, cost per surgery consultation",
                "120",
            ),
            (
                "saving",
                "Cases of type 2 diabetes delayed by a year",
                "2600",
                "Annual NHS cost of treating a person with type 2 diabetes (Hex and others, Diabetic Medicine 2012, uprated to 2023 prices)",
                "5",
            ),
        ],
    },
    {
        "title": "Respite for carers of people with dementia",
        "place": "Handsworth",
        "text": "Like Memory Matters in Plymouth, we collect data on respite hours: a day a week of respite at the "
        "memory café keeps carers well and helps people with dementia stay at home for longer, while the waiting "
        "list for NHS dementia care is long.",
        "problem": "Unpaid carers of people with dementia are exhausted. When a carer breaks down, the person they "
        "care for is often admitted to hospital in a crisis or moves into a care home earlier than they need to.",
        "who_is_affected": "Forty carers on our waiting list in Handsworth and Ladywood, and the people with "
        "dementia they look after; the memory assessment service; the acute hospital's wards.",
        "proposed_action": "Fund a respite day each week for forty carers for a year at the memory café (run with "
        "volunteers and two paid support workers), with a carers' check-in each month.",
        "speaker_name": "Handsworth Memory Café",
        "lines": [
            (
                "cost",
                "A respite day place (one person with dementia, one day)",
                "65",
                "Handsworth Memory Café's costs for {financial_year}: two support workers, volunteers' expenses, venue and lunch",
                "1920",
            ),
            (
                "cost",
                "A monthly carers' check-in with a support worker",
                "30",
                "Handsworth Memory Café's costs for {financial_year}",
                "480",
            ),
            (
                "saving",
                "Weeks of care-home placement delayed",
                "1078",
                f"{PSSRU}: private sector care home for older people, cost per resident week",
                "80",
            ),
            (
                "saving",
                "Emergency admissions avoided",
                "3650",
                "NHS National Cost Collection 2021/22: non-elective inpatient stay for dementia, average cost",
                "12",
            ),
            ("saving", "A&E attendances avoided", "242", f"{PSSRU}: A&E attendance, average cost", "30"),
            ("saving", "GP appointments avoided", "49", f"{PSSRU}: GP, cost per surgery consultation", "150"),
        ],
    },
]
# Written three weeks ago: the decision that funds the diabetes group (ostrom/demo/decisions.py) cites it.
CASES_WRITTEN_DAYS_AGO = 21
CASE_WORDING = "We agree that this case for action may be published with our organisation's name."


def load(rng: random.Random, geography: dict, people: dict, *, today: date | None = None) -> dict:
    """Returns how many comments were brought in from each source on this run (all zero on a second run)."""
    coordinator = people["staff"]["coordinator"]
    clock = Clock.of(today)
    if not Insight.objects.filter(is_demo=True).exists():
        _stories(rng, geography, people, coordinator, clock)
        _cases(geography, coordinator, clock)
    area = geography["place"].parent or geography["place"]
    return bring_in(
        coordinator=coordinator, place=area, sources=["conversations", "surveys", "events", "meetings"]
    )


def _places(geography) -> dict[str, Place]:
    inside = Place.objects.within(geography["place"]).exclude(kind=Place.Kind.LSOA)
    return {place.name: place for place in inside.order_by("-depth")}


def _stories(rng, geography, people, coordinator, clock: Clock) -> None:
    places = _places(geography)
    residents = people["residents"]
    insights = []
    for number, (kind, source, where, publication, name, group, title, text) in enumerate(STORIES):
        # Every fifth speaker has an account: their group then comes from their own consented answers.
        speaker = residents[number * 7 % len(residents)] if number % 5 == 4 else None
        said_on = clock.day(-rng.randint(5, 200))
        insights.append(
            Insight(
                kind=kind,
                source=source,
                place=places.get(where) or geography["place"],
                publication=publication,
                speaker=speaker,
                speaker_name=name,
                speaker_group="" if speaker else group,
                title=title,
                text=text,
                said_on=said_on,
                consent_to_use=True,
                consent_wording=WORDING[publication],
                # Consent was recorded when the story was told.
                consent_recorded_at=clock.at(said_on, hour=16),
                consent_recorded_by=coordinator,
                created_by=coordinator,
                is_demo=True,
            )
        )
    for insight in Insight.objects.bulk_create(insights):
        audit.record(actor=coordinator, action="insight.created", target=insight, note="Demo")


def _cases(geography, coordinator, clock: Clock) -> None:
    places = _places(geography)
    said_on = clock.day(-CASES_WRITTEN_DAYS_AGO)
    # The groups' own costs are this financial year's (April to March), like "2026–27".
    first = said_on.year if said_on.month >= 4 else said_on.year - 1
    financial_year = f"{first}–{(first + 1) % 100:02d}"
    for details in CASES:
        insight = Insight.objects.create(
            kind=Insight.Kind.CASE_FOR_ACTION,
            source=Insight.Source.OTHER,
            place=places.get(details["place"]) or geography["place"],
            title=details["title"],
            text=details["text"],
            said_on=said_on,
            speaker_name=details["speaker_name"],
            consent_to_use=True,
            publication=NAMED,
            consent_wording=CASE_WORDING,
            consent_recorded_at=clock.at(said_on, hour=16),
            consent_recorded_by=coordinator,
            created_by=coordinator,
            is_demo=True,
        )
        case = CaseForAction.objects.create(
            insight=insight,
            problem=details["problem"],
            who_is_affected=details["who_is_affected"],
            proposed_action=details["proposed_action"],
        )
        CostLine.objects.bulk_create(
            CostLine(
                case=case,
                order=order,
                effect=effect,
                description=description,
                unit_cost=Decimal(unit_cost),
                unit_cost_source=source.replace("{financial_year}", financial_year),
                quantity=Decimal(quantity),
            )
            for order, (effect, description, unit_cost, source, quantity) in enumerate(
                details["lines"], start=1
            )
        )
        audit.record(actor=coordinator, action="insight.created", target=insight, note="Demo case for action")
