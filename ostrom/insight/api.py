"""Insight: published stories and evidence, themes and theme runs."""

from ninja import Router

router = Router(tags=["insight"])
