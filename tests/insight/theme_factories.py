"""Insights to theme: comments on four clear topics, in varied words, for the theming tests."""

import random
from datetime import date

from ostrom.insight.models import Insight

TOPICS = {
    "gp": (
        [
            "I can never get a GP appointment",
            "Getting a doctor's appointment at the surgery is impossible",
            "The GP surgery phone line is always engaged",
            "Waiting three weeks to see a GP",
        ],
        [
            "the phone queue at 8am is hopeless",
            "the receptionist says call back tomorrow",
            "appointments go in minutes",
            "the surgery never answers the phone",
        ],
    ),
    "bus": (
        [
            "The bus to the hospital is too infrequent",
            "Buses to the clinic stop running in the evening",
            "The bus fare to the hospital is too expensive",
            "There is no direct bus route to the hospital",
        ],
        [
            "so patients miss their hospital appointments",
            "and the bus stop has no shelter",
            "and the bus is always late",
            "so I pay for a taxi to the hospital",
        ],
    ),
    "lonely": (
        [
            "My elderly mother is lonely since the day centre closed",
            "Older people are isolated and lonely at home",
            "Lonely pensioners have nobody to talk to",
            "The lunch club for older neighbours closed and people are lonely",
        ],
        [
            "a friendly visitor scheme would help",
            "the day centre was their only company",
            "isolation is making older residents ill",
            "they need a weekly social group",
        ],
    ),
    "youth": (
        [
            "Young people wait months for mental health support",
            "Teenagers struggle with anxiety and get no counselling",
            "CAMHS waiting lists for young people are too long",
            "School counsellors for young people have been cut",
        ],
        [
            "anxiety and depression among teenagers is rising",
            "young people need counselling at school",
            "mental health help for youth comes too late",
            "teenagers turn to social media instead of support",
        ],
    ),
}


def topic_texts(per_topic: int, seed: int = 1) -> list[tuple[str, str]]:
    """(topic, text) pairs, `per_topic` of each topic, in a fixed shuffled order."""
    chooser = random.Random(seed)
    pairs = []
    for topic, (openings, endings) in TOPICS.items():
        for n in range(per_topic):
            pairs.append((topic, f"{chooser.choice(openings)}, {chooser.choice(endings)} ({n})."))
    chooser.shuffle(pairs)
    return pairs


def make_insights(place, per_topic: int = 25, **fields) -> dict[str, list[Insight]]:
    """Comments with consent to use and to publish, by topic."""
    by_topic: dict[str, list[Insight]] = {topic: [] for topic in TOPICS}
    defaults = {
        "kind": Insight.Kind.COMMENT,
        "source": Insight.Source.CONVERSATION,
        "said_on": date(2026, 10, 1),
        "consent_to_use": True,
        "publication": Insight.Publication.ANONYMISED,
    }
    for topic, text in topic_texts(per_topic):
        by_topic[topic].append(Insight.objects.create(place=place, text=text, **(defaults | fields)))
    return by_topic
