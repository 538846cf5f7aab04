"""Demo opinion map: "What would make it easier to see a GP in Ladywood?", 40 statements and 800
participants whose answers form three recognisable groups, with broad agreement on a few things. It
opened 100 days before the day the demo is loaded (most answers came in its first four weeks, before the
decisions that quote its common ground) and is open for two more weeks."""

import random
from datetime import date, timedelta

from django.db.models import F

from ostrom.conversations import mapping, services
from ostrom.conversations.models import Conversation, OpinionMapResult, Participant, Statement, Vote
from ostrom.demo.clock import Clock

QUESTION = "What would make it easier to see a GP in Ladywood?"

# (statement, opinion of group A "book online, work long hours", B "phone and face to face, language
# support", C "parents and carers, same day"): 1 agree, -1 disagree, 0 mixed.
STATEMENTS = [
    ("I would rather book appointments online than by phone", 1, -1, 0),
    ("The 8am phone queue makes it impossible to get an appointment", 1, 1, 1),
    ("GP surgeries should open in the evenings and at weekends", 1, -1, 1),
    ("Video consultations are as good as seeing a doctor in person", 1, -1, 0),
    ("I need to see the same doctor each time", -1, 1, 0),
    ("Practices should have interpreters on site, not just on the phone", -1, 1, 0),
    ("Health information should be translated into Urdu, Punjabi and Bengali", 0, 1, 0),
    ("The NHS app is easy to use", 1, -1, -1),
    ("Receptionists should not ask what is wrong with me", 1, 1, -1),
    ("Children should always be seen on the same day", 0, 0, 1),
    ("Pharmacists could deal with more minor illnesses", 1, -1, 1),
    ("A walk-in clinic in Ladywood would help more than extra phone lines", -1, 0, 1),
    ("I trust online triage forms to get me seen by the right person", 1, -1, -1),
    ("Community centres should host GP drop-in sessions", -1, 1, 1),
    ("Text message reminders stop people missing appointments", 1, 0, 1),
    ("Older people are being left behind by digital booking", -1, 1, 1),
    ("Nurses and physios could see more people instead of GPs", 1, -1, 1),
    ("I would use a GP surgery in another area if it was quicker", 1, -1, 0),
    ("Female doctors should be available for women who ask", 0, 1, 1),
    ("Health visitors should come to community groups", -1, 1, 1),
    ("Home visits should be easier to get for housebound people", -1, 1, 0),
    ("Booking should work the same way in every practice", 1, 0, 1),
    ("I would volunteer to help neighbours book appointments", 0, 1, 1),
    ("Mosques, temples and churches are good places for health checks", -1, 1, 1),
    ("I do not mind which clinician I see if it is quick", 1, -1, 1),
    ("Social prescribing link workers should be better known", 0, 1, 1),
    ("Opening hours should suit shift workers", 1, -1, 1),
    ("Online booking should offer appointments in my language", 0, 1, 0),
    ("A named contact for each family would help", -1, 1, 1),
    ("Surgeries should call back rather than keep people on hold", 1, 1, 1),
    ("Waiting rooms should show how long the wait is", 1, 1, 1),
    ("Receptionists need training in treating everyone with respect", 1, 1, 1),
    ("Patients should be told clearly how to get urgent help out of hours", 1, 1, 1),
    ("Practices should ask patients before changing how booking works", 1, 1, 1),
    ("Free parking or bus passes would help people get to appointments", -1, 1, 1),
    ("GPs should spend longer with people who have several conditions", -1, 1, 0),
    ("Pharmacies should be able to see my GP record", 1, -1, 1),
    ("Online triage should have a phone option for people without internet", 1, 1, 1),
    ("Young people need confidential appointments without their parents", 1, 0, -1),
    ("I would rather wait longer to see a GP I trust", -1, 1, -1),
]
GROUP_SHARES = [0.38, 0.34, 0.28]
PARTICIPANTS = 800


def load(rng: random.Random, geography: dict, people: dict, *, today: date | None = None) -> None:
    if Conversation.objects.filter(question=QUESTION).exists():
        return
    clock = Clock.of(today)
    ladywood = geography["place"].children.get(name="Ladywood")
    conversation = services.open_conversation(
        coordinator=people["staff"]["coordinator"],
        question=QUESTION,
        place=ladywood,
        description=(
            "The Ladywood locality partnership wants to know what would help most. Agree, disagree or pass on "
            "each statement, and add your own. Anyone can take part, with or without an account. "
            "(A demo: the statements and answers are made up.)"
        ),
        opens_at=clock.at(-100, hour=9),
        closes_at=clock.at(14, hour=17),
        seed_statements=[text for text, *_ in STATEMENTS],
    )
    statements = list(conversation.statements.order_by("pk"))
    residents = people["residents"]
    participants = Participant.objects.bulk_create(
        [
            Participant(
                conversation=conversation,
                user=residents[n] if n < len(residents) // 2 else None,
                anonymous_key=None if n < len(residents) // 2 else f"demo-{conversation.pk}-{n}",
            )
            for n in range(PARTICIPANTS)
        ]
    )
    start = conversation.opens_at
    # The statements it opened with were there from the start.
    Statement.objects.filter(conversation=conversation).update(created_at=start)
    votes = []
    for participant in participants:
        group = rng.choices(range(3), weights=GROUP_SHARES)[0]
        answered = rng.sample(range(len(statements)), rng.randint(8, len(statements)))
        moment = start + timedelta(minutes=rng.randint(0, 60 * 24 * 28))
        participant.joined_at = moment
        for index in answered:
            opinion = STATEMENTS[index][1 + group]
            roll = rng.random()
            if opinion == 0:
                value = rng.choice([1, -1, 0])
            elif roll < 0.82:
                value = opinion
            elif roll < 0.92:
                value = 0
            else:
                value = -opinion
            moment += timedelta(seconds=rng.randint(5, 40))
            votes.append(
                Vote(
                    participant=participant,
                    statement=statements[index],
                    value=value,
                    cast_at=moment,
                )
            )
    Vote.objects.bulk_create(votes, batch_size=5000)
    # Nobody has changed an answer; each person took part from their first one.
    Vote.objects.filter(statement__conversation=conversation).update(changed_at=F("cast_at"))
    Participant.objects.bulk_update(participants, ["joined_at"], batch_size=1000)
    waiting = Participant.objects.filter(conversation=conversation, user__isnull=False).first()
    Statement.objects.create(
        conversation=conversation,
        text="Surgeries should have a quiet room for people with autism",
        author=waiting,
        created_at=clock.at(-2, hour=20),
    )


def draw_map() -> None:
    """Draw the demo's map at once, so the story is complete without a worker running. seed_demo calls
    this after its transaction has committed: the engine never runs inside a transaction."""
    conversation = Conversation.objects.filter(question=QUESTION).first()
    if conversation is not None and not OpinionMapResult.objects.filter(conversation=conversation).exists():
        mapping.redraw_map(conversation=conversation)
