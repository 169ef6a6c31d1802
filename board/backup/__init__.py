"""Backups, restores and exports: what a school needs to keep its data and take it out."""
