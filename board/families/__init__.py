"""Families: a parent or guardian linked to a student by a printed invitation, who reads that child's
published work, comments on it (moderated), gives or withdraws publication consent, and hears by mail
of new work."""
