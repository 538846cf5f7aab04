"""The demo story: a West-Birmingham-like collective, loaded by `manage.py seed_demo`."""
