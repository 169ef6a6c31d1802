"""Moderation: the queue, decisions and their undo, one state machine for every kind of contribution.

Each kind (posts, pads, ...) is described by its own feature and registered here (`kinds.py`); this package
imports no feature. Features hear decisions through `board.signals.moderation`.
"""
