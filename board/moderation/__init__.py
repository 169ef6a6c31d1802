"""Moderation: the queue, decisions and their undo, one state machine for every kind of contribution."""
