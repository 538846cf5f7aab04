"""Citizens' panels and assemblies: register of interest, pool, quotas, the fair lottery and what follows."""
