"""Classes: creating them, join codes, rosters, consent, trust and suspension."""
