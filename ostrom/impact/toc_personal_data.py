"""What the theory-of-change side of impact holds about a person, for their download and for erasure:
only the measurements a coordinator recorded. Erasure keeps the figures (they are the programme's, not
the person's) and forgets who recorded them."""

from .models import Measurement

MODELS = [Measurement]


def personal_data_of(user) -> dict:
    measurements = Measurement.objects.filter(recorded_by=user).select_related("indicator__step__programme")
    return {
        "impact_measurements_recorded": [
            {
                "programme": m.indicator.step.programme.name,
                "indicator": m.indicator.name,
                "measured_on": m.measured_on.isoformat(),
                "value": str(m.value),
                "unit": m.indicator.unit,
                "note": m.note,
                "recorded_at": m.recorded_at.isoformat(),
            }
            for m in measurements
        ]
    }


def erase_personal_data_of(user) -> None:
    Measurement.objects.filter(recorded_by=user).update(recorded_by=None)
