"""Community panel surveys, with the SWEMWBS wellbeing measure."""
