"""Participatory grant-making: funds, rounds, community-set priorities, applications, panels, votes, grants."""
