"""No private Textual name in the app's code (``facilitator/`` and ``tools/``): neither used
(``Tree._invalidate``, ``TextArea._replace_via_keyboard``, ``block._content``) nor defined again
by us on a subclass of a Textual class (a ``_closed``, ``_on_key`` or ``_invalidate`` of our own
silently replaces Textual's, and depends on internals that change between versions).

Two checks, each with a probe that shows it can fail:

* **shadowing**: every class of ours that inherits from Textual (found by importing every module
  of ``facilitator.tui`` and ``tools.pictures``) must not define, as a method, class attribute or
  ``self._x = ...``, a private name that one of its Textual bases defines or sets. Textual's
  metaclass puts a few private names (``_css_type_name``, ``_merged_bindings``...) in every
  subclass: those are Textual's own and are not counted.
* **use**: no ``something._x`` where ``_x`` is a private name in Textual's source and no code of
  ours defines ``_x`` (our own private attributes are ours to use).
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import textual
from textual.widget import Widget

from .conftest import ROOT

SOURCES = [ROOT / "facilitator", ROOT / "tools"]
SELF_SET = re.compile(r"self\.(_[A-Za-z]\w*)\s*(?::[^=\n]*)?=(?!=)")


class _Bare(Widget):
    pass


METACLASS_NAMES = {n for n in _Bare.__dict__ if n.startswith("_") and not n.startswith("__")} | {"_abc_impl"}  # ABCMeta's


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def textual_private_names() -> set[str]:
    """Every ``self._x`` and ``def _x`` in Textual's source."""
    names: set[str] = set()
    for f in Path(textual.__file__).parent.rglob("*.py"):
        src = f.read_text(encoding="utf-8")
        names |= set(re.findall(r"self\.(_[A-Za-z]\w*)", src))
        names |= set(re.findall(r"def (_[A-Za-z]\w*)", src))
    return {n for n in names if _private(n)}


@functools.cache  # Textual's big classes (Widget, DOMNode...) are bases of every class of ours
def _source(cls: type) -> str:
    try:
        return inspect.getsource(cls)
    except (OSError, TypeError):
        return ""


def textual_base_names(cls: type) -> set[str]:
    """Private names the Textual classes among ``cls``'s bases define or set on ``self``."""
    names: set[str] = set()
    for base in cls.__mro__[1:]:
        if not _module(base).startswith("textual"):
            continue
        names |= {n for n in base.__dict__ if _private(n)}
        names |= set(re.findall(r"self\.(_[A-Za-z]\w*)", _source(base)))
    return names - METACLASS_NAMES


def shadowed(cls: type) -> set[str]:
    """Private Textual names ``cls`` defines again, itself or through a mixin of ours ahead of
    Textual in its MRO (the review screen's ``BoardReading``, ``Curating``...)."""
    mine: set[str] = set()
    for own in cls.__mro__:
        if own is cls or _module(own).startswith(("facilitator.", "tools.", __name__)):
            mine |= {n for n in own.__dict__ if _private(n)} | set(SELF_SET.findall(_source(own)))
    return (mine & textual_base_names(cls)) - METACLASS_NAMES


def _module(cls: type) -> str:
    name = cls.__dict__.get("__module__", "")  # some built-in classes have a descriptor there
    return name if isinstance(name, str) else ""


def our_textual_classes() -> list[type]:
    import facilitator.tui as package

    for info in pkgutil.walk_packages(package.__path__, prefix="facilitator.tui."):
        importlib.import_module(info.name)
    importlib.import_module("tools.pictures")
    found, seen, stack = [], set(), [object]
    while stack:
        for sub in type.__subclasses__(stack.pop()):
            if sub in seen:
                continue
            seen.add(sub)
            stack.append(sub)
            if (_module(sub).startswith(("facilitator.", "tools."))
                    and any(_module(b).startswith("textual") for b in sub.__mro__[1:])):
                found.append(sub)
    return found


def our_files() -> list[Path]:
    return [f for root in SOURCES for f in sorted(root.rglob("*.py"))]


def names_we_define(files: list[Path]) -> set[str]:
    names: set[str] = set()
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
    return names


def private_uses(path: Path, private: set[str], ours: set[str]) -> list[str]:
    """``file:line name`` for each ``x._name`` read, where ``_name`` is Textual's, not ours."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Store)
                and node.attr in private and node.attr not in ours):
            found.append(f"{path.relative_to(path.parents[1])}:{node.lineno} {node.attr}")
    return sorted(found)


# --- the checks can fail ---------------------------------------------------------------------


def test_the_shadowing_check_finds_what_the_review_tree_and_composer_did_before():
    from textual.widgets import TextArea, Tree

    namespace: dict = {"Tree": Tree, "TextArea": TextArea}
    exec(  # the code the review tree and the composer had
        "class ReviewTree(Tree):\n"
        "    def _invalidate(self):\n"
        "        super()._invalidate()\n"
        "class Composer(TextArea):\n"
        "    async def _on_key(self, event):\n"
        "        await super()._on_key(event)\n"
        "    def on_mount(self):\n"
        "        self._closed = False\n"
        "        self._mine = 1\n",
        namespace,
    )
    namespace["ReviewTree"].__module__ = namespace["Composer"].__module__ = __name__
    assert shadowed(namespace["ReviewTree"]) == {"_invalidate"}
    # inspect cannot read source made by exec: the class dict still shows the method
    assert "_on_key" in shadowed(namespace["Composer"])


def test_the_shadowing_check_reads_self_assignments():
    class Closing(Widget):
        def on_mount(self) -> None:
            self._closed = True  # hypothetical: a name Textual's MessagePump sets on self
            self._our_own = 1

    assert "_closed" in textual_base_names(Closing)
    assert shadowed(Closing) == {"_closed"}


def test_the_shadowing_check_looks_into_our_mixins():
    from textual.screen import Screen

    class Reading:  # a mixin of ours, as the review screen's are
        def _refresh_layout(self) -> None:  # Screen's own
            pass

    class Probe(Reading, Screen):
        pass

    assert "_refresh_layout" in shadowed(Probe)


def test_the_use_check_finds_a_private_call(tmp_path):
    probe = tmp_path / "tools" / "probe.py"
    probe.parent.mkdir()
    probe.write_text("def go(area, block):\n"
                     "    area._replace_via_keyboard('x', (0, 0), (0, 0))\n"
                     "    return block._content\n", encoding="utf-8")
    uses = private_uses(probe, textual_private_names(), ours={"go"})
    assert sorted(u.split()[-1] for u in uses) == ["_content", "_replace_via_keyboard"]


# --- the app's code ----------------------------------------------------------------------------


def test_no_class_of_ours_redefines_a_private_textual_name():
    classes = our_textual_classes()
    names = {c.__name__ for c in classes}
    assert {"CaptureScreen", "Composer", "ReviewTree", "FacilitatorApp", "PickerInput"} <= names
    found = {f"{c.__module__}.{c.__qualname__}": sorted(shadowed(c)) for c in classes if shadowed(c)}
    assert found == {}


def test_no_private_textual_name_is_used():
    private = textual_private_names()
    assert {"_invalidate", "_closed", "_replace_via_keyboard", "_on_key"} <= private  # the list is real
    files = our_files()
    assert len(files) > 60
    ours = names_we_define(files)
    found = [u for f in files for u in private_uses(f, private, ours)]
    assert found == []
