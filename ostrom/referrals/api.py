"""Social prescribing referrals in the API: link workers and receiving services only (helper C);
aggregate reports (helper D)."""

from ninja import Router

router = Router(tags=["referrals"])
