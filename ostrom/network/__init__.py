"""The collective: member organisations, people's memberships, issue subgroups and meetings."""
