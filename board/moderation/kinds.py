"""The kinds of contribution moderation moves, each registered by the feature that owns it.

A feature describes its kind once (a `Kind`) and registers it when its blueprint is registered, so
this package never imports a feature: the queue, decisions, undo and the recent decisions ask the
registry how to load, show, decide and undo an item of each kind.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint


def _nothing(*args, **kwargs) -> None:
    return None


def _no_values(*args, **kwargs) -> dict:
    return {}


def _classroom_id(item) -> int:
    return item.classroom_id


def _author(item):
    return getattr(item, "author", None)


@dataclass
class ListedPage:
    """One page of a queue tab, for the kind whose items fill the tabs."""

    items: list
    #: how many items each tab holds
    counts: dict[str, int]
    page: int
    pages: int
    #: the open reports of each item shown, by item id
    flags: dict[int, list] = field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    """How moderation handles one kind of contribution (a model carrying `states.Moderated`)."""

    #: the name decisions record as their item_type ("post", "pad"); never renamed once used
    name: str
    #: the model, with `Moderated`'s columns (status, lock_version, submitted_at, decided_at)
    model: type
    #: what a teacher calls one, in a sentence ("pad", "reflection")
    label: str
    #: load(user, item_id) -> the item this teacher may decide on; aborts 404 (unknown to them) or 403
    load_for_teacher: Callable[[Any, int], Any]
    #: load_many(ids) -> the items with these ids, with what their queue lines show loaded
    load_many: Callable[[Iterable[int]], Iterable[Any]]
    #: the partial showing one waiting item in the queue; it gets `item`, `back` and `kind`
    template: str
    #: the partial naming a decided item in "Your recent decisions"; it gets `item`, `d` and `labels`
    recent_template: str
    #: waiting(classroom_ids) -> selects of (n, oldest) counting what waits for a teacher
    waiting: Callable[[list[int]], list]
    #: pending(classroom_ids, prompt_id) -> the items waiting in the kind's section of the queue, oldest first
    pending: Callable[[list[int], int | None], list] | None = None
    #: section_items(items) -> what the section on the queue's first page gives `template` as `item` for each
    #: waiting item (default: the item itself)
    section_items: Callable[[list], list] | None = None
    #: the heading of that section
    section_title: str = ""
    #: list_page(classroom_ids, prompt_id, tab, page, size, tabs) -> ListedPage, for the one kind whose
    #: items fill the queue's tabs (posts) instead of a section
    list_page: Callable[..., ListedPage] | None = None
    #: list_context(items) -> what `template` needs besides the items of a listed page
    list_context: Callable[[list], dict] | None = None
    #: needs_a_look(item) -> True keeps the item out of a bulk approval unless the teacher includes it
    needs_a_look: Callable[[Any], bool] = lambda item: False
    #: a stylesheet (under static/) the queue loads when the kind's section shows
    stylesheet: str = ""
    #: decisions on this kind go through the queue's own form (moderation.decide_item); False when the
    #: feature decides through its own route (a pad is published as of the moment the teacher read)
    decided_in_queue: bool = True
    #: the words after "Undo" a screen reader hears on the recent decisions
    undo_words: str = "this decision"
    #: the class an item belongs to (its teachers decide on it)
    classroom_of: Callable[[Any], int] = _classroom_id
    #: the person who wrote it (None when several did, as in a pad)
    author_of: Callable[[Any], Any] = _author
    #: revision_of(item) -> the revision a decision saw, kept so an undo can restore it
    revision_of: Callable[[Any], int | None] = _nothing
    #: check(action, edited_md) raises DecisionError when a decision lacks something this kind needs
    check: Callable[[str, str | None], None] = _nothing
    #: decision_values(item, action, feedback, norm) -> columns a decision sets besides its status
    decision_values: Callable[[Any, str, str, str], dict] = _no_values
    #: after_decision(item, decision, actor, edited_md, now): the kind's own work, in the same transaction
    after_decision: Callable[..., None] = _nothing
    #: undo_values(item, decision) -> columns an undo restores besides the status
    undo_values: Callable[[Any, Any], dict] = _no_values
    #: after_undo(item, decision): the kind's own work when a decision is taken back
    after_undo: Callable[[Any, Any], None] = _nothing
    #: undone_message(item, decision) -> what the teacher reads after an undo
    undone_message: Callable[[Any, Any], str] | None = None


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind to what moderation handles (again for every app: the same kind replaces itself)."""
    existing = _kinds.get(kind.name)
    if existing is not None and existing.model is not kind.model:
        raise ValueError(f"another model is already moderated as {kind.name!r}")
    _kinds[kind.name] = kind
    return kind


def register_with(blueprint: Blueprint, kind: Kind) -> Kind:
    """Register a kind when the feature's blueprint is registered on an app."""
    blueprint.record_once(lambda state: register(kind))
    return kind


def get(name: str) -> Kind:
    """Return the kind decisions record under this name (KeyError for an unknown one)."""
    return _kinds[name]


def of(item) -> Kind:
    """Return the kind of an item, by its model."""
    for kind in _kinds.values():
        if isinstance(item, kind.model):
            return kind
    raise KeyError(f"{type(item).__name__} is not a moderated kind")


def all_kinds() -> list[Kind]:
    """Every registered kind, in the order they were registered."""
    return list(_kinds.values())


def listed() -> Kind | None:
    """The kind whose items fill the queue's tabs (the others have a section on the first page)."""
    return next((k for k in _kinds.values() if k.list_page is not None), None)


def sectioned() -> list[Kind]:
    """The kinds shown as sections of the queue's first page, in the order they were registered."""
    return [k for k in _kinds.values() if k.pending is not None]
