"""Money: where health and care budgets go, how much moves to community-led prevention, and how money
devolved to a community anchor flows on to community groups."""
