"""Geography (ICS > place > locality > ward > LSOA) and the area data beside it."""
