"""The Open Referral UK API shape (v3 UK profile), under /api/oruk/ (helper B)."""

from ninja import Router

router = Router(tags=["open referral uk"])
