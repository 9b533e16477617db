"""The render pipeline: a Trace (or a sentence) in, a GIF, MP4, WebM or PNG file out.

manim is configured in code for each job, renders in a private media folder and hands every
frame to rnnviz's own encoders; finished files are cached by everything that decides them.
Nothing heavy is imported until a render actually runs.

``rnnviz.render`` names both this package and the function users call, so the package itself
is callable and forwards to :func:`rnnviz.render.pipeline.render`:

>>> import rnnviz
>>> rnnviz.render(trace, scene="step", output="lstm.gif")             # doctest: +SKIP
PosixPath('/home/me/lstm.gif')
>>> from rnnviz.render.pipeline import render_sentence
>>> render_sentence("lstm", "what time is it", output="lstm.mp4")    # doctest: +SKIP
PosixPath('/home/me/lstm.mp4')
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any


class _CallablePackage(types.ModuleType):
    # Importing any rnnviz.render.* module binds the package to the name rnnviz.render, where
    # the lazily exported function used to be; making the package callable keeps both working.
    def __call__(self, *args: Any, **kwargs: Any) -> Path:
        from rnnviz.render.pipeline import render

        return render(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
