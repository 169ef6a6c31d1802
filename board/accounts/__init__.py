"""Accounts: signing up, signing in, joining classes, one's own profile."""
