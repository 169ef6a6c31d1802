"""The live editing session: a WebSocket per browser, speaking the Yjs protocol, authorised every time."""
from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

from flask import current_app, request
from flask_login import current_user
from simple_websocket import ConnectionClosed

from board import permissions
from board.extensions import db
from board.pads import protocol, schema
from board.pads.models import Pad
from board.pads.render import colour
from board.pads.rooms import LogUnavailable, Peer, hub_of

log = logging.getLogger(__name__)

#: close codes the browser understands: stop reconnecting, say why
NOT_SIGNED_IN = 4401
NOT_ALLOWED = 4403
#: a change the pad does not keep (content the editor cannot show, or a full pad): the browser
#: stops and says its changes are not being saved
REFUSED = 4422
PAD_FULL = 4413
#: too many messages at once: the browser waits a moment, then reconnects and resends
SLOW_DOWN = 4529
#: the log could not be written: the browser reconnects and sends its changes again
TRY_AGAIN_LATER = 1013
#: seconds between checks that the person may still be here (a suspension ends a session)
RECHECK_SECONDS = 30


def _same_origin() -> bool:
    """Refuse a socket opened by another site's page (cross-site WebSocket hijacking)."""
    origin = request.headers.get("Origin")
    return origin is None or urlsplit(origin).netloc == request.host


def _close(ws, code: int, reason: str) -> None:
    """Say why, then close. The message goes first because some servers (Werkzeug's) garble the
    close frame of an upgraded connection; the browser reads the code from either."""
    try:
        ws.send(protocol.permission_denied(f"{code} {reason}"))
        ws.close(code, reason)
    except ConnectionClosed:
        pass


class MessageBudget:
    """A token bucket: a burst of messages (a paste, a reconnect), then a steady rate a second."""

    def __init__(self, burst: int, per_second: float, clock=time.monotonic):
        self.burst, self.per_second, self.clock = burst, per_second, clock
        self.tokens = float(burst)
        self.at = clock()

    def take(self) -> bool:
        """Spend one message; False when the sender is going too fast."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.per_second)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def serve(ws, pad_id: int) -> None:
    """Run one browser's session in a pad until it leaves or may no longer be here."""
    if not current_user.is_authenticated:
        return _close(ws, NOT_SIGNED_IN, "Sign in to edit this pad.")
    pad = db.session.get(Pad, pad_id)
    if pad is None or not _same_origin() or not permissions.can_join_pad(current_user, pad):
        return _close(ws, NOT_ALLOWED, "You can't join this pad.")
    user = current_user._get_current_object()
    peer = Peer(ws=ws, user_id=user.id, name=user.display_name, colour=colour(user.id),
                can_edit=permissions.can_edit_pad(user, pad),
                moderator=permissions.can_moderate(user, pad.classroom_id))
    # No transaction stays open for the life of the socket.
    db.session.commit()
    hub = hub_of(current_app._get_current_object())
    room = hub.join(pad_id, peer)
    checked = time.monotonic()
    config = current_app.config
    budget = MessageBudget(config["PAD_MESSAGE_BURST"], config["PAD_MESSAGES_PER_SECOND"])
    try:
        while True:
            data = ws.receive(timeout=RECHECK_SECONDS)
            if peer.recheck.is_set() or time.monotonic() - checked >= RECHECK_SECONDS:
                peer.recheck.clear()
                checked = time.monotonic()
                refused = _refusal(user, pad_id, peer)
                if refused:
                    _close(ws, NOT_ALLOWED, refused)
                    break
            if isinstance(data, bytes) and data:
                if not budget.take():
                    # Nothing is lost: the browser resends what the server lacks when it reconnects.
                    log.warning("pad %s: user %s sent too many messages", pad_id, user.id)
                    _close(ws, SLOW_DOWN, "too many changes at once; sending them again in a moment")
                    break
                try:
                    room.handle(peer, data)
                except schema.PadFull as full:
                    log.warning("pad %s: refused a change from user %s: %s", pad_id, user.id, full)
                    _close(ws, PAD_FULL, f"this pad is full ({full.limit:,} characters); "
                                         "reload the page to keep writing")
                    break
                except schema.Refused as refused:
                    log.warning("pad %s: refused a change from user %s: %s", pad_id, user.id, refused)
                    _close(ws, REFUSED, f"{refused}; reload the page to keep writing")
                    break
                except ValueError:
                    log.warning("pad %s: malformed message from user %s", pad_id, user.id)
    except LogUnavailable:
        try:
            ws.close(TRY_AGAIN_LATER, "The pad could not be saved; reconnecting.")
        except ConnectionClosed:
            pass
    except ConnectionClosed:
        pass
    finally:
        hub.leave(pad_id, peer)
        # End the transaction; the request's own teardown closes the session after the response.
        db.session.rollback()


def _refusal(user, pad_id: int, peer: Peer) -> str | None:
    """Look again at the roster; say why this person must leave, or None if they may stay.

    Suspended or removed people leave. A writer who may no longer write (the prompt closed,
    or they left the group) is told too, rather than having their words quietly ignored.
    """
    db.session.expire_all()
    permissions.forget_memberships(user)
    pad = db.session.get(Pad, pad_id)
    try:
        if pad is None or not user.active or not permissions.can_join_pad(user, pad):
            return "You can no longer edit this pad."
        if peer.can_edit and not permissions.can_edit_pad(user, pad):
            return "Writing in this pad has ended for you; reload the page to read it."
        return None
    finally:
        db.session.commit()
