"""People: accounts, roles, consent records and equality monitoring answers."""
