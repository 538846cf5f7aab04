"""Ostrom: community-powered decision-making in health and care."""
