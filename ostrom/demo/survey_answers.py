"""Answers for the demo's open-link survey question "What one thing would most improve your health and
wellbeing where you live?", written from phrase banks in the voice of West Birmingham residents.

Each topic has things people want (to follow "For me it would be …") and things people say about it
(whole sentences). `answers(rng, count)` mixes them with seeded variety: short and long answers, an
opener or a closing remark now and then, and the typos people make on a phone. Same seed, same answers.
"""

import random

# (topic, how often it comes up, what people want, what people say)
TOPICS: list[tuple[str, int, list[str], list[str]]] = [
    (
        "GP access",
        16,
        [
            "being able to get a GP appointment without ringing at 8am",
            "getting through to the surgery on the phone",
            "a GP appointment the same week",
            "seeing the same doctor each time",
            "face to face appointments with the GP again",
            "more GPs at our practice",
            "a call back from the surgery instead of waiting on hold",
            "being able to book the doctor online without the form closing by 8.30",
            "a doctor who has time to listen",
            "evening and weekend GP appointments for people who work",
        ],
        [
            "You ring at 8am, you're 30th in the queue and by the time you get through there's nothing left.",
            "I've been trying to get a GP appointment for my son for three weeks.",
            "The receptionist tells you to ring back tomorrow and it starts again.",
            "I ended up going to A&E because I couldn't see my GP.",
            "My mum waited on hold for 45 minutes and then got cut off.",
            "The online form is closed by half eight every morning.",
            "You never see the same doctor twice so you have to explain everything again.",
            "Phone appointments are fine for some things but not when you need examining.",
            "The practice has lost two GPs this year and nobody replaced them.",
            "Getting a doctor's appointment is the hardest thing about living round here.",
        ],
    ),
    (
        "Waiting lists",
        8,
        [
            "shorter waiting lists for operations",
            "being told how long the wait for my hospital appointment will be",
            "quicker referrals to the hospital",
            "someone to contact while you are on the waiting list",
            "physio sooner rather than after a year",
        ],
        [
            "I've been on the waiting list for a knee operation for 18 months and I can barely walk.",
            "My husband is waiting for a hip replacement and he's in pain every day.",
            "Nobody tells you where you are on the list, you just wait.",
            "I was referred to the hospital in March and still haven't heard anything.",
            "The wait for a scan at the hospital is months, it's worrying.",
            "By the time my referral came through the problem was worse.",
        ],
    ),
    (
        "Mental health",
        10,
        [
            "mental health support you can get without waiting months",
            "counselling that is not a 6 month wait",
            "someone to talk to when you are struggling",
            "mental health services for young people",
            "a drop-in for anxiety and depression",
            "talking therapy in my own language",
        ],
        [
            "My daughter has been waiting over a year for CAMHS.",
            "I was given a leaflet and told the wait for counselling is six months.",
            "There's nowhere to go when you're in crisis except A&E.",
            "Since lockdown my anxiety has been really bad and I don't know where to turn.",
            "Young lads round here don't talk about their mental health, they need somewhere to go.",
            "The depression makes it hard to even pick up the phone to ask for help.",
        ],
    ),
    (
        "Loneliness",
        8,
        [
            "somewhere to meet people and have a cup of tea",
            "more coffee mornings and lunch clubs for older people",
            "a community centre that is open in the evenings",
            "a befriending scheme for people who live alone",
            "groups for new mums to meet each other",
        ],
        [
            "Since my husband died I can go days without speaking to anyone.",
            "A lot of older people round here are lonely and nobody knocks on the door.",
            "The day centre closed and my dad has nothing to do now.",
            "I moved here for work and I don't know any of my neighbours.",
            "Being isolated is as bad for your health as smoking, I read that.",
            "The warm space at the church was a lifeline last winter.",
        ],
    ),
    (
        "Cost of living",
        9,
        [
            "help with the cost of living",
            "cheaper energy bills",
            "being able to afford to heat my home",
            "money advice that is easy to get",
            "help with the bills so I am not choosing between heating and eating",
        ],
        [
            "Everything has gone up and wages haven't.",
            "I sit in my coat in the evenings to save on the heating.",
            "The worry about money is making me ill.",
            "I work two jobs and still can't make ends meet.",
            "My gas and electric bill has doubled in two years.",
            "People are getting into debt just to pay the rent and bills.",
        ],
    ),
    (
        "Food",
        6,
        [
            "cheaper healthy food nearby",
            "a proper supermarket instead of just takeaways",
            "fewer chicken shops on the high street",
            "a community fridge or food pantry",
            "cooking classes for families on a budget",
        ],
        [
            "There are six takeaways on our road and nowhere to buy fresh veg.",
            "Fruit and vegetables cost too much so the kids eat what's cheap.",
            "The food bank has helped us but we don't want to rely on it.",
            "The market used to be cheap for fruit but prices have gone right up.",
            "Healthy food should not cost more than junk food.",
        ],
    ),
    (
        "Transport",
        7,
        [
            "better buses",
            "a bus that turns up on time",
            "a direct bus to the hospital",
            "cheaper bus fares",
            "buses running later in the evening",
        ],
        [
            "The number 87 is always late or doesn't come at all.",
            "It takes two buses and over an hour to get to the hospital.",
            "I can't afford a taxi to my appointments and the bus is unreliable.",
            "They cut our bus route so now I have to walk 20 minutes to the stop.",
            "With my mobility scooter half the buses can't take me.",
        ],
    ),
    (
        "Green spaces",
        7,
        [
            "more green spaces and parks that are looked after",
            "a clean and safe park to take the kids to",
            "more trees on our street",
            "benches in the park for older people",
            "community gardens and allotments",
        ],
        [
            "The park is full of litter and broken glass so we don't go.",
            "There's nowhere green to walk within 15 minutes of my flat.",
            "Being outside in nature helps my mental health more than anything.",
            "The canal path would be lovely if it was cleaned up and had lights.",
            "Our allotment is the best thing for my health, there should be more.",
        ],
    ),
    (
        "Safety",
        6,
        [
            "feeling safe walking at night",
            "more street lights",
            "police on the streets",
            "something done about drug dealing on our road",
            "safer streets for children to play out",
        ],
        [
            "I don't go out after dark because I don't feel safe.",
            "The street lights on our road have been broken for months.",
            "There's drug dealing outside the shops every evening.",
            "My kids can't play out because of the speeding cars.",
            "Anti-social behaviour on the estate makes everyone stay indoors.",
        ],
    ),
    (
        "Housing",
        7,
        [
            "a home without damp and mould",
            "the council fixing repairs properly",
            "decent affordable housing",
            "landlords being made to sort out damp",
            "not being in temporary accommodation with my children",
        ],
        [
            "We have black mould in the bedroom and my son's asthma is getting worse.",
            "I've reported the damp to the landlord five times and nothing happens.",
            "We're a family of five in a two-bed flat.",
            "The housing association takes months to fix anything.",
            "Damp and cold homes are making people round here ill.",
        ],
    ),
    (
        "Exercise",
        6,
        [
            "free or cheap exercise classes",
            "a swimming pool nearby",
            "women-only gym sessions",
            "walking groups for people my age",
            "more for teenagers to do than hang around",
        ],
        [
            "The leisure centre is too expensive for a family.",
            "Since the pool closed there's nowhere to swim locally.",
            "I'd go to the gym if there were women-only sessions.",
            "The Saturday walking group got me moving again after my operation.",
            "There's nothing for young people to do so they end up in trouble.",
        ],
    ),
    (
        "Carers",
        5,
        [
            "a break for carers",
            "respite care so I can have a day off",
            "support for people caring for someone with dementia",
            "more help for young carers",
            "a carers group near me",
        ],
        [
            "I care for my mum with dementia and I haven't had a day off in two years.",
            "Carers are exhausted and nobody checks on us.",
            "Looking after my husband full time has wrecked my own health.",
            "I'm 16 and I look after my dad, school doesn't understand.",
            "The carers assessment took months and then there was nothing on offer.",
        ],
    ),
    (
        "Language",
        5,
        [
            "interpreters at the GP without having to ask twice",
            "information in Urdu, Punjabi, Bengali and Arabic",
            "staff who speak our languages",
            "help for people who cannot read English",
            "English classes for adults",
        ],
        [
            "My mother doesn't speak English and the surgery wouldn't book an interpreter.",
            "I have to take my children out of school to translate for me at appointments.",
            "All the letters come in English only.",
            "Without an interpreter my dad doesn't understand what the doctor tells him.",
            "Phone systems in English only are impossible for my parents.",
        ],
    ),
    (
        "Faith and culture",
        4,
        [
            "health events at the mosque and gurdwara",
            "services that understand our culture",
            "health checks at places of worship",
            "female doctors for women who need them",
        ],
        [
            "People trust the mosque more than the health service, go where people are.",
            "The health check at the gurdwara was the first time my uncle had his blood pressure taken.",
            "Services need to understand that some women will only see a female doctor.",
            "Our church runs a lunch club and a nurse came once, it was so useful.",
        ],
    ),
    (
        "Dentists",
        4,
        [
            "an NHS dentist taking on patients",
            "being able to see a dentist without paying privately",
        ],
        [
            "No dentist in Birmingham is taking on NHS patients.",
            "I've had toothache for months and can't find an NHS dentist.",
            "My kids haven't seen a dentist since before covid.",
        ],
    ),
    (
        "Pollution and litter",
        4,
        [
            "cleaner air near the main roads",
            "the fly tipping cleared up",
            "bins collected on time",
        ],
        [
            "The traffic fumes on the main road are terrible for my son's asthma.",
            "Fly tipping in the alleys brings rats.",
            "The bins were left for weeks during the strike and it was disgusting.",
        ],
    ),
]

OPENERS = [
    "For me it would be {want}.",
    "{Want}.",
    "{Want} please.",
    "Honestly, {want}.",
    "Simple – {want}.",
    "The one thing would be {want}.",
    "{Want}, that would make the biggest difference.",
    "What would help most is {want}.",
    "I think {want}.",
    "{Want}!!",
    "Definitely {want}.",
]
CLOSINGS = [
    " Thank you for asking.",
    " Please listen to us.",
    " It's been like this for years.",
    " Nobody seems to care.",
    " It would make such a difference.",
    " Everyone I know says the same.",
    " I hope something changes.",
]


def answers(rng: random.Random, count: int) -> list[str]:
    """`count` answers, each about one topic (some touch a second), the common topics more often."""
    weights = [topic[1] for topic in TOPICS]
    chosen = []
    for _ in range(count):
        _, _, wants, says = rng.choices(TOPICS, weights=weights)[0]
        chosen.append(_typos(rng, _answer(rng, wants, says)))
    return chosen


def _answer(rng: random.Random, wants: list[str], says: list[str]) -> str:
    want = rng.choice(wants)
    shape = rng.choices(["want", "want and say", "say", "say and want", "two says"], weights=[3, 4, 3, 3, 1])[
        0
    ]
    opener = rng.choice(OPENERS).format(want=want, Want=want[0].upper() + want[1:])
    if shape == "want":
        text = opener
    elif shape == "want and say":
        text = f"{opener} {rng.choice(says)}"
    elif shape == "say":
        text = rng.choice(says)
    elif shape == "say and want":
        text = f"{rng.choice(says)} What would help is {want}."
    else:
        first, second = rng.sample(says, 2)
        text = f"{first} {second}"
    if rng.random() < 0.2:
        text += rng.choice(CLOSINGS)
    return text.strip()


def _typos(rng: random.Random, text: str) -> str:
    """The slips of a quick answer on a phone, in about one answer in six."""
    if rng.random() > 0.17:
        return text
    slip = rng.randrange(5)
    if slip == 0:
        return text.lower()
    if slip == 1:
        return text.replace("'", "").replace("’", "")
    if slip == 2:
        return text.rstrip(".!")
    words = text.split(" ")
    long_words = [i for i, word in enumerate(words) if len(word) > 5 and word.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    word = words[i]
    at = rng.randrange(1, len(word) - 2)
    if slip == 3:  # two letters swapped
        words[i] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    else:  # a letter typed twice
        words[i] = word[:at] + word[at] + word[at:]
    return " ".join(words)
