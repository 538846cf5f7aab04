"""Community conversations: opinion maps residents join, statement by statement."""
