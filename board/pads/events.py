"""What pads hear from other features: a prompt saved (it may need its class pad), and a person whose
rights changed (their open pad sessions look again at once)."""
from __future__ import annotations

from board import signals
from board.pads.rooms import recheck_user
from board.pads.services import ensure_class_pad


@signals.prompts.saved.connect
def _prompt_saved(prompt, **_) -> None:
    """Give a prompt that has a pad its class pad."""
    ensure_class_pad(prompt)


@signals.accounts.access_changed.connect
def _access_changed(user_id: int, **_) -> None:
    """Have this person's open pad sessions, in every process, look at their rights again now."""
    recheck_user(user_id)
