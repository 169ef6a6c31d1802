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
    #: a post became visible to its readers (a decision, or trusted work at once), before the commit;
    #: sender: the post; kwargs: decision (None when it published at once)
    published=_signals.signal("discussions.published"),
    #: a signed-in person opened a page showing these posts; sender: the person; kwargs: post_ids
    read=_signals.signal("discussions.read"),
)

pads = SimpleNamespace(
    #: a revision with new norms findings was recorded (after its commit); sender: the pad; kwargs: revision
    findings_recorded=_signals.signal("pads.findings-recorded"),
    #: a teacher published a pad, before the commit; sender: the pad; kwargs: decision, writers (the ids of
    #: everyone but that teacher whose words the published version adds)
    published=_signals.signal("pads.published"),
)

prompts = SimpleNamespace(
    #: a teacher saved a prompt (new or edited), after the commit; sender: the prompt
    saved=_signals.signal("prompts.saved"),
)

worker = SimpleNamespace(
    #: the background worker does a round (`flask worker`); kwargs: now. A receiver does its periodic work,
    #: commits it, and may return a dict of counts for the worker's log
    round=_signals.signal("worker.round"),
)

classes = SimpleNamespace(
    #: a student joined a class with its code, before the commit; sender: the new membership
    joined=_signals.signal("classes.joined"),
)

accounts = SimpleNamespace(
    #: what a person may see or write changed (a role, an account closed, a suspension, a class or prompt
    #: archived or reopened), after the commit; sender: the person's user id
    access_changed=_signals.signal("accounts.access-changed"),
)

families = SimpleNamespace(
    #: a family page asks what else to link for a child; sender: the student; a receiver returns
    #: (label, url) or None (a portfolio registers its page here)
    child_links=_signals.signal("families.child-links"),
)

moderation = SimpleNamespace(
    #: a teacher decided on an item of any kind; sender: the item; kwargs: decision, published (it became
    #: public by this decision). Sent before the commit.
    decided=_signals.signal("moderation.decided"),
    #: a teacher took a decision back; sender: the item; kwargs: decision (the one undone). Before the commit.
    undone=_signals.signal("moderation.undone"),
)
