"""Open Space events: topics proposed on the day, the agenda wall, sessions, actions and the report."""
