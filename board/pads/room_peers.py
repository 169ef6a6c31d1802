"""A pad's connections: who is in a room, their cursors, and the messages they send it.

Peer is one connection. Presence is the part of a Room (board/pads/rooms.py) that greets
and forgets peers, reads their messages, and passes messages and cursors on to the others.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from board.pads import pending, protocol, reminders
from board.pads.protocol import AwarenessEntry, Reader


@dataclass(eq=False)
class Peer:
    """One browser (or script) connected to a pad."""

    ws: object
    user_id: int
    name: str
    colour: int
    can_edit: bool
    #: a teacher of the class: gets no norms reminders, and their edits of students' words are moderation
    moderator: bool = False
    #: set when this person's rights changed (suspended, left a group): the session looks again now
    recheck: threading.Event = field(default_factory=threading.Event)
    #: Yjs client ids this connection announced in its awareness, to clear its cursor when it leaves
    client_ids: set[int] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    #: the norms check of this writer's words: the timer pending or running, and whether words came since
    _check_lock: threading.Lock = field(default_factory=threading.Lock)
    _check_timer: threading.Timer | None = None
    _check_due: bool = False
    _last_check: float = 0.0
    #: sentences of this writer's already checked, with what was found (see checks.findings_in)
    _check_cache: dict = field(default_factory=dict)
    #: this writer's words since their last check, and the findings in them (under the room's lock)
    words: pending.WriterWords = field(default_factory=pending.WriterWords)
    #: the norms reminders this writer was shown here, and what became of them
    ledger: reminders.Ledger = field(default_factory=reminders.Ledger)
    _gone: bool = False

    def send(self, data: bytes) -> bool:
        """Send one message; several threads may send to the same socket, one at a time."""
        with self._lock:
            try:
                self.ws.send(data)
                return True
            except Exception:  # noqa: BLE001  (a closed socket is noticed by its own loop)
                return False



class Presence:
    """The peers of a room: greeting, leaving, their messages and their cursors (under the room's lock)."""

    def greet(self, peer: Peer) -> None:
        """Start the sync with a new peer and show it who else is here."""
        with self.lock:
            peer.send(protocol.sync_step1(self.doc.get_state()))
            if self.awareness:
                peer.send(protocol.awareness_message(protocol.encode_awareness(list(self.awareness.values()))))

    def leave(self, peer: Peer) -> bool:
        """Forget a peer and its cursor; return True when nobody is left in this process (the hub
        then saves a revision of what changed and closes the room)."""
        with peer._check_lock:
            peer._gone = True
            if peer._check_timer is not None:
                peer._check_timer.cancel()
        with self.lock:
            self.peers.discard(peer)
            peer.ledger.close()
            gone = [AwarenessEntry(cid, self.awareness[cid].clock + 1, None)
                    for cid in peer.client_ids if cid in self.awareness]
            for entry in gone:
                self.awareness.pop(entry.client_id, None)
            for client_id in peer.client_ids:
                self.owners.pop(client_id, None)
            if gone:
                message = protocol.encode_awareness(gone)
                self._broadcast(protocol.awareness_message(message))
                self.hub.fanout.publish(self.pad_id, "awareness", message)
            return not self.peers

    def _broadcast(self, message: bytes, exclude: Peer | None = None) -> None:
        for peer in list(self.peers):
            if peer is not exclude:
                peer.send(message)

    # ---- messages --------------------------------------------------------------------------

    def handle(self, peer: Peer, message: bytes) -> None:
        """Act on one message from a peer."""
        reader = Reader(message)
        kind = reader.varuint()
        if kind == protocol.SYNC:
            step = reader.varuint()
            payload = reader.bytes()
            if step == protocol.SYNC_STEP1:
                with self.lock:
                    peer.send(protocol.sync_step2(self.doc.get_update(payload)))
            elif step in (protocol.SYNC_STEP2, protocol.SYNC_UPDATE) and peer.can_edit:
                self.apply_from(peer, payload)
        elif kind == protocol.AWARENESS:
            self.awareness_from(peer, reader.bytes())
        elif kind == protocol.QUERY_AWARENESS:
            # Always answered, even with nobody else here: browsers use it to keep the socket alive.
            with self.lock:
                states = list(self.awareness.values())
            peer.send(protocol.awareness_message(protocol.encode_awareness(states)))

    def awareness_from(self, peer: Peer, update: bytes) -> None:
        """Pass on a cursor, with the name and colour the server knows, whatever the client claimed."""
        try:
            entries = protocol.decode_awareness(update)
        except ValueError:
            return
        with self.lock:
            # A connection speaks for the first client id it announces, and only for that one; a
            # newer connection of the same person (back from a dead line) takes their cursor over.
            if not peer.client_ids and entries:
                client_id = entries[0].client_id
                owner = self.owners.get(client_id)
                if owner is None or (owner is not peer and owner.user_id == peer.user_id):
                    if owner is not None:
                        owner.client_ids.discard(client_id)
                    peer.client_ids.add(client_id)
                    self.owners[client_id] = peer
            entries = [entry for entry in entries if entry.client_id in peer.client_ids]
            for entry in entries:
                if entry.state is not None:
                    # Only the shape the editor sends goes on to other browsers' cursor code.
                    entry.state = protocol.clean_awareness_state(entry.state) or {"cursor": None}
            if not entries:
                return
            for entry in entries:
                if entry.state is not None:
                    entry.state["user"] = {"name": peer.name, "colour": peer.colour, "id": peer.user_id}
                    self.awareness[entry.client_id] = entry
                else:
                    self.awareness.pop(entry.client_id, None)
            message = protocol.encode_awareness(entries)
            self._broadcast(protocol.awareness_message(message), exclude=peer)
        self.hub.fanout.publish(self.pad_id, "awareness", message)

    def awareness_remote(self, update: bytes) -> None:
        entries = protocol.decode_awareness(update)
        with self.lock:
            for entry in entries:
                if entry.state is None:
                    self.awareness.pop(entry.client_id, None)
                else:
                    self.awareness[entry.client_id] = entry
            self._broadcast(protocol.awareness_message(update))

