"""What one render produces: file format, frame size and rate, and the options passed to the scene.

Everything here is checked before any rendering starts, so a bad request fails at once with a
one-line :class:`InvalidOption`.

>>> options = RenderOptions.create("gif", quality="low")
>>> (options.width, options.height, options.fps)
(854, 480, 20)
>>> RenderOptions.create("gif", fps=30)
Traceback (most recent call last):
...
rnnviz.rendering.options.InvalidOption: a GIF's frame delays are whole centiseconds, so --fps must divide 100 and be at most 50 (20, 25 or 50); got 30
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, NamedTuple


class RenderError(Exception):
    """A render request that cannot be carried out; ``str(error)`` is one line for the user."""


class InvalidOption(RenderError, ValueError):
    """An option, or a combination of options, that rnnviz refuses before rendering."""


class RenderWarning(UserWarning):
    """Something a user should know about a render that still succeeded (one line)."""


class Quality(NamedTuple):
    width: int
    height: int
    fps: int


#: ``--quality`` presets: 480p, 720p (the default), 1080p and 2160p.
QUALITIES: dict[str, Quality] = {
    "low": Quality(854, 480, 20),
    "medium": Quality(1280, 720, 25),
    "high": Quality(1920, 1080, 50),
    "4k": Quality(3840, 2160, 50),
}

#: Output formats, each named by its file suffix.
FORMATS = ("gif", "mp4", "webm", "png")
#: Formats with an alpha channel (``--transparent``).
ALPHA_FORMATS = ("webm", "png")
# Mirrors the keys of rnnviz.mobjects.theme.THEMES and rnnviz.mobjects.labels.LANGS, which
# cannot be imported here: they load manim, and options are checked before manim is needed.
THEMES = ("light", "dark")
LANGS = ("en", "zh")
DETAILS = ("first", "all")

# GIF viewers (every major browser) replace delays below 2 cs by 10 cs, so 50 fps is the limit.
_GIF_MAX_FPS = 50
#: The highest frame rate of any output: screens and projectors show at most 60 frames a second.
MAX_FPS = 60
#: The most pixels a frame may have: those of the ``4k`` preset.
MAX_PIXELS = 3840 * 2160


def check_choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    """Raise ``InvalidOption`` unless ``value`` is one of ``allowed``."""
    if value not in allowed:
        raise InvalidOption(f"{name} must be one of {', '.join(allowed)}; got {value!r}")


@dataclass(frozen=True)
class RenderOptions:
    """Every option that decides a render's pixels and file (part of the cache key)."""

    format: str
    width: int
    height: int
    fps: int
    theme: str = "light"
    lang: str = "en"
    transparent: bool = False
    detail: str = "first"
    units: int = 8

    def __post_init__(self) -> None:
        check_choice("the format", self.format, FORMATS)
        check_choice("--theme", self.theme, THEMES)
        check_choice("--lang", self.lang, LANGS)
        check_choice("--detail", self.detail, DETAILS)
        for name in ("width", "height", "fps", "units"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InvalidOption(f"{name} must be a positive whole number; got {value!r}")
        if self.width * self.height > MAX_PIXELS:
            raise InvalidOption(f"a frame of {self.width}x{self.height} has more pixels than 4k (3840x2160)")
        if self.format in ("mp4", "webm") and (self.width % 2 or self.height % 2):
            raise InvalidOption(f"{self.format} video needs an even width and height; got {self.width}x{self.height}")
        if self.format == "gif" and (100 % self.fps or self.fps > _GIF_MAX_FPS):
            raise InvalidOption(
                "a GIF's frame delays are whole centiseconds, so --fps must divide 100 and be at most "
                f"{_GIF_MAX_FPS} (20, 25 or 50); got {self.fps}"
            )
        if self.fps > MAX_FPS:
            raise InvalidOption(f"--fps must be at most {MAX_FPS}, the rate screens show; got {self.fps}")
        if self.transparent and self.format not in ALPHA_FORMATS:
            raise InvalidOption(f"--transparent needs a .webm or .png output; {self.format} has no alpha channel")

    @classmethod
    def create(
        cls,
        format: str,
        *,
        quality: str = "medium",
        fps: int | None = None,
        size: tuple[int, int] | None = None,
        **scene_options: Any,
    ) -> RenderOptions:
        """Options from a ``--quality`` preset, with ``fps`` and ``size`` (width, height) overriding it."""
        check_choice("--quality", quality, tuple(QUALITIES))
        preset = QUALITIES[quality]
        width, height = size if size is not None else (preset.width, preset.height)
        return cls(format, width, height, fps if fps is not None else preset.fps, **scene_options)

    @property
    def is_still(self) -> bool:
        """Whether the output is one image (the scene's final frame) rather than an animation."""
        return self.format == "png"

    def scene_kwargs(self) -> dict[str, Any]:
        """The keyword arguments every rnnviz scene's constructor takes from these options."""
        return {"theme": self.theme, "lang": self.lang, "detail": self.detail, "units": self.units}

    def fingerprint(self) -> dict[str, Any]:
        """Every field, for the cache key."""
        return asdict(self)
