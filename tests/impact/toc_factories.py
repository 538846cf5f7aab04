"""Theory-of-change test objects: each builds a valid object with no arguments."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from ostrom.impact.models import Indicator, Measurement, Programme, Step
from ostrom.places.models import Place
from tests.factories import PlaceFactory


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Social prescribing {n}")
    slug = factory.Sequence(lambda n: f"social-prescribing-{n}")
    kind = Programme.Kind.PROGRAMME
    place = factory.SubFactory(PlaceFactory, kind=Place.Kind.LOCALITY)
    starts_on = date(2025, 1, 1)


class StepFactory(DjangoModelFactory):
    class Meta:
        model = Step

    programme = factory.SubFactory(ProgrammeFactory)
    stage = Step.Stage.OUTPUT
    text = factory.Sequence(lambda n: f"People referred to community groups {n}")


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    step = factory.SubFactory(StepFactory)
    name = factory.Sequence(lambda n: f"People referred {n}")
    unit = "people"
    minimum = Decimal(0)
    maximum = Decimal(1000)
    baseline = Decimal(20)
    baseline_on = date(2025, 1, 1)
    target = Decimal(120)
    target_on = date(2026, 12, 31)
    frequency = Indicator.Frequency.QUARTERLY


class MeasurementFactory(DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    measured_on = date(2025, 6, 30)
    value = Decimal(50)
    source = Measurement.Source.TYPED
