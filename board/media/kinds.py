"""The kinds of contribution a picture can belong to, each with the rule for who may see it.

A picture is seen by exactly those who may read the contribution it belongs to: the feature that
owns a kind registers its model and its visibility rule here, once, at import time:

    register("post", Post, permissions.can_read_post)

Discussions' posts are registered below; pads and portfolio pieces register their own.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    model: type
    #: can_view(user, item) -> bool: the same rule the item's own pages ask
    can_view: Callable[[object, object], bool]


_KINDS: dict[str, Kind] = {}


def register(name: str, model: type, can_view: Callable[[object, object], bool]) -> Kind:
    """Let pictures belong to items of this model, seen by whoever can_view(user, item) lets through."""
    existing = _KINDS.get(name)
    if existing is not None and existing.model is not model:
        raise ValueError(f"a kind of picture owner named {name!r} is already registered")
    _KINDS[name] = kind = Kind(name, model, can_view)
    return kind


def named(name: str | None) -> Kind | None:
    _builtin()
    return _KINDS.get(name or "")


def of(item) -> Kind:
    """Return the kind an item (or a model class) is registered as, or raise ValueError."""
    _builtin()
    model = item if isinstance(item, type) else type(item)
    for kind in _KINDS.values():
        if issubclass(model, kind.model):
            return kind
    raise ValueError(f"pictures cannot belong to {model.__name__}: register its kind first")


def _builtin() -> None:
    """Register discussions' posts (imported late: the models need the app's extensions)."""
    if "post" in _KINDS:
        return
    from board import permissions
    from board.discussions.models import Post

    register("post", Post, permissions.can_read_post)
