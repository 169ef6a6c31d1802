"""Events one feature announces and others hear, without importing each other's internals.

Receivers run in the sender's transaction, before it commits, unless the signal says otherwise.
"""
from __future__ import annotations

from types import SimpleNamespace

from blinker import Namespace

_signals = Namespace()

discussions = SimpleNamespace(
    #: a person reported published work; sender: the post; kwargs: reporter, hidden (the report hid it)
    reported=_signals.signal("discussions.reported"),
    #: a signed-in person opened a page showing these posts; sender: the person; kwargs: post_ids
    read=_signals.signal("discussions.read"),
)

pads = SimpleNamespace(
    #: a revision with new norms findings was recorded (after its commit); sender: the pad; kwargs: revision
    findings_recorded=_signals.signal("pads.findings-recorded"),
)
