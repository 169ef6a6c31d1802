"""Features depend on each other one way: two feature packages never import each other's code both ways.

A feature reacts to another's events through board/signals.py; importing another feature's models (or
moderation's state machine, which every moderated model mixes in) is fine either way.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

BOARD = Path(__file__).resolve().parent.parent / "board"

#: modules that describe data only: importing them does not make a feature depend on another's behaviour
MODEL_MODULES = {"models", "moderation.states"}

#: pairs that still import each other's code both ways, and why that is the better shape for now
ALLOWED = {
    frozenset({"admin", "norms"}):
        "the school's word lists, kept by admin, are the input of the norms check; the norms package's thin "
        "JSON endpoint reads them",
    frozenset({"discussions", "pads"}):
        "a prompt's page lists its pads, and a pad's comments are posts written with the discussion's composer",
    frozenset({"mail", "notifications"}):
        "mail is how notifications are delivered: a notification queues its mail, the mail choices are a "
        "notifications page, and mail is written from notifications",
}


def _packages() -> list[str]:
    return sorted(p.name for p in BOARD.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def _imported_modules(node: ast.AST) -> list[str]:
    """The dotted names an import statement brings in (a name imported from a package may be a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        return [f"{node.module}.{alias.name}" for alias in node.names]
    return []


def _target(name: str, packages: list[str]) -> tuple[str, str] | None:
    """(package, module inside it) for a name under board/, or None; a name that is not a module is the package's."""
    parts = name.split(".")
    if len(parts) < 2 or parts[0] != "board" or parts[1] not in packages:
        return None
    module = parts[2] if len(parts) > 2 else ""
    base = BOARD / parts[1]
    if module and not ((base / f"{module}.py").exists() or (base / module / "__init__.py").exists()):
        module = ""  # a name defined in the package itself
    return parts[1], module


def feature_imports() -> dict[tuple[str, str], set[str]]:
    """(importer, imported) -> the imported modules that are code, not models, for every pair of features."""
    packages = _packages()
    found: dict[tuple[str, str], set[str]] = {}
    for package in packages:
        for path in (BOARD / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                for name in _imported_modules(node):
                    target = _target(name, packages)
                    if target is None or target[0] == package:
                        continue
                    other, module = target
                    code = module != "models" and f"{other}.{module}" not in MODEL_MODULES
                    found.setdefault((package, other), set())
                    if code:
                        found[(package, other)].add(f"{path.relative_to(BOARD.parent)} -> board.{other}.{module}"
                                                    .rstrip("."))
    return found


def two_way_pairs() -> dict[frozenset, list[str]]:
    """Pairs of features that import each other's code (not just models) in both directions."""
    imports = feature_imports()
    pairs = {}
    for (a, b), uses in imports.items():
        back = imports.get((b, a))
        if a < b and uses and back:
            pairs[frozenset({a, b})] = sorted(uses | back)
    return pairs


def test_no_two_features_import_each_others_code_both_ways():
    """A new two-way import fails here: send a signal from one side (board/signals.py) instead."""
    new = {pair: uses for pair, uses in two_way_pairs().items() if pair not in ALLOWED}
    assert not new, "features importing each other both ways:\n" + "\n".join(
        f"{' <-> '.join(sorted(pair))}:\n    " + "\n    ".join(uses) for pair, uses in new.items())


def test_every_allowed_pair_is_still_needed():
    """An exception whose two-way import is gone leaves the list, so it cannot come back unnoticed."""
    pairs = two_way_pairs()
    assert not [sorted(pair) for pair in ALLOWED if pair not in pairs]


def test_the_check_sees_a_two_way_import(tmp_path, monkeypatch):
    """Made-up features: alpha and beta call each other (one of them from inside a function), while gamma
    only reads alpha's models; only alpha and beta are a pair."""
    files = {
        "alpha/services.py": "from board.beta.services import go\n",
        "alpha/routes.py": "from board.gamma.services import helper\n",
        "alpha/models.py": "",
        "beta/services.py": "def go():\n    from board.alpha.routes import page\n",
        "gamma/services.py": "from board.alpha.models import Thing\n",
    }
    for name, source in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).parent.joinpath("__init__.py").touch()
        (tmp_path / name).write_text(source)
    monkeypatch.setattr(sys.modules[__name__], "BOARD", tmp_path)
    assert set(two_way_pairs()) == {frozenset({"alpha", "beta"})}
