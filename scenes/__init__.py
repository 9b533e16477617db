"""Scenes, one module per chapter of the course notes, and the registry that names them.

The registry maps each scene id (``rnnviz render ARCH --scene ID``) to the architectures it
draws, the notes' figure it replaces, one line of what it shows and where its class lives. It
imports neither manim nor torch: a scene's class loads on first use, so ``rnnviz list`` and
cache hits stay fast. A new scene joins by adding one :class:`SceneEntry` to ``_ENTRIES``.

>>> from rnnviz.scenes import get_scene_entry, load_scene_class
>>> entry = get_scene_entry("step")
>>> entry.archs, entry.options
(('rnn', 'lstm', 'gru'), ('detail', 'units', 'explain_step', 'layer', 'direction'))
>>> load_scene_class(entry).__name__  # imports the scene's module, and so manim
'StepScene'
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class SceneEntry:
    """One registered scene.

    ``target`` is ``"module:Class"``; the class accepts
    ``(trace=None, *, theme, lang, renderer, **options)`` like every rnnviz scene. ``options``
    are the scene options it takes, beyond those every scene takes (theme, lang, quality, ...),
    e.g. ``"detail"``, ``"units"``; the pipeline refuses the others.
    """

    id: str
    archs: tuple[str, ...]
    replaces: str
    summary: str
    target: str
    options: tuple[str, ...] = ()

    def supports(self, arch: str) -> bool:
        """Whether this scene can draw a network of architecture ``arch``."""
        return arch in self.archs


_ENTRIES = (
    SceneEntry(
        id="step",
        archs=("rnn", "lstm", "gru"),
        replaces="lstm.gif, gru.gif",
        summary="every time step of the sentence in the cell, with the real vectors flowing; one step "
        "gate by gate (by default the second), the others condensed; ends with the prediction",
        target="rnnviz.scenes.lstm:StepScene",
        options=("detail", "units", "explain_step", "layer", "direction"),
    ),
)

#: Every scene by id, in the order ``rnnviz list`` prints them.
SCENES: dict[str, SceneEntry] = {entry.id: entry for entry in _ENTRIES}


def get_scene_entry(scene_id: str) -> SceneEntry:
    """The registered scene ``scene_id``; raises ``ValueError`` naming the known ones."""
    try:
        return SCENES[scene_id]
    except KeyError:
        known = ", ".join(SCENES)
        raise ValueError(f"unknown scene {scene_id!r}; the scenes are: {known} (see `rnnviz list`)") from None


def load_scene_class(entry: SceneEntry) -> type:
    """Import and return the scene class ``entry.target`` names (this imports manim)."""
    module_name, _, class_name = entry.target.partition(":")
    return getattr(importlib.import_module(module_name), class_name)
