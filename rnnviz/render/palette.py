"""One colour palette for a whole clip: count the colours, choose at most 255, map without dither.

rnnviz frames are mostly flat colours (background, panels, the fixed part colours, value-coloured
cells) plus anti-aliased edges and fades between them. :func:`build_palette` keeps the heavily
used colours exactly and spends the rest of the palette on a weighted k-means of the others, so
flat areas come out without error and no dither grain is needed.

>>> histogram = ColourHistogram()
>>> histogram.add(frame_rgb, weight=1)                     # doctest: +SKIP
>>> palette = build_palette(histogram)                     # (n <= 255, 3) uint8
>>> indices = PaletteMap(histogram, palette)(frame_rgb)    # doctest: +SKIP (H, W) uint8
"""

from __future__ import annotations

import numpy as np

#: Colours a palette may hold; GIF has 256 indices and rnnviz keeps one for transparency.
MAX_COLOURS = 255
# A colour covering at least this share of all counted pixels is kept exactly.
_PIN_SHARE = 1e-3
_KMEANS_ROUNDS = 12
_CHUNK = 1 << 16


def colour_codes(rgb: np.ndarray) -> np.ndarray:
    """Each pixel of an (..., 3) uint8 array as one 24-bit integer ``0xRRGGBB``."""
    rgb = rgb.astype(np.uint32)
    return (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]


def _code_colours(codes: np.ndarray) -> np.ndarray:
    return np.stack([(codes >> 16) & 255, (codes >> 8) & 255, codes & 255], axis=-1).astype(np.uint8)


class ColourHistogram:
    """How often each exact 24-bit colour was shown, weighted by how long it was shown."""

    def __init__(self) -> None:
        self._counts = np.zeros(1 << 24, dtype=np.float32)

    def add(self, rgb: np.ndarray, weight: float = 1.0) -> None:
        """Count the pixels of an (..., 3) uint8 array, each ``weight`` times."""
        codes, counts = np.unique(colour_codes(rgb), return_counts=True)
        self._counts[codes] += counts * np.float32(weight)

    def colours(self) -> tuple[np.ndarray, np.ndarray]:
        """The colours seen, as 24-bit codes, and their weights."""
        codes = np.flatnonzero(self._counts)
        return codes, self._counts[codes].astype(np.float64)


def _nearest(colours: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Index of the nearest centre (Euclidean RGB) for each colour, computed in chunks."""
    centres = centres.astype(np.float32)
    centre_norms = (centres**2).sum(axis=1)
    out = np.empty(len(colours), dtype=np.intp)
    for start in range(0, len(colours), _CHUNK):
        block = colours[start : start + _CHUNK].astype(np.float32)
        # |x - c|^2 without the |x|^2 term, which is the same for every centre.
        distances = centre_norms[None, :] - 2.0 * block @ centres.T
        out[start : start + len(block)] = distances.argmin(axis=1)
    return out


def _kmeans_plus_plus(colours: np.ndarray, weights: np.ndarray, fixed: np.ndarray, k: int) -> np.ndarray:
    """``k`` new centres chosen far from ``fixed`` and from each other, weighted by use (k-means++)."""
    rng = np.random.default_rng(0)  # a fixed seed: the same clip always gets the same palette
    points = colours.astype(np.float64)
    if len(fixed):
        nearest = ((points - fixed[_nearest(points, fixed)]) ** 2).sum(axis=1)
    else:
        nearest = np.full(len(points), np.inf)
    chosen = []
    for _ in range(k):
        score = weights * np.minimum(nearest, 1e12)
        total = score.sum()
        if total <= 0:
            break
        pick = rng.choice(len(points), p=score / total)
        chosen.append(points[pick])
        nearest = np.minimum(nearest, ((points - points[pick]) ** 2).sum(axis=1))
    return np.array(chosen, dtype=np.float64).reshape(-1, 3)


def build_palette(histogram: ColourHistogram, size: int = MAX_COLOURS) -> np.ndarray:
    """At most ``size`` colours, (n, 3) uint8, chosen to minimise the weighted squared error."""
    codes, weights = histogram.colours()
    colours = _code_colours(codes)
    if len(codes) <= size:
        return colours
    order = np.argsort(-weights, kind="stable")
    pinned = order[: size // 2][weights[order[: size // 2]] >= _PIN_SHARE * weights.sum()]
    fixed = colours[pinned].astype(np.float64)
    free = np.setdiff1d(np.arange(len(codes)), pinned)
    points, point_weights = colours[free].astype(np.float64), weights[free]
    centres = _kmeans_plus_plus(points, point_weights, fixed, size - len(fixed))
    for _ in range(_KMEANS_ROUNDS):
        labels = _nearest(points, np.vstack([fixed, centres])) - len(fixed)
        mine = labels >= 0  # points whose nearest centre is a free one; the pinned never move
        totals = np.bincount(labels[mine], weights=point_weights[mine], minlength=len(centres))
        sums = np.stack(
            [np.bincount(labels[mine], weights=point_weights[mine] * points[mine, c], minlength=len(centres)) for c in range(3)],
            axis=1,
        )
        used = totals > 0
        centres[used] = sums[used] / totals[used, None]
    return np.vstack([fixed, centres]).round().clip(0, 255).astype(np.uint8)


class PaletteMap:
    """Maps RGB pixels to the index of their nearest palette colour, without dither.

    Built from the same histogram as the palette, so every colour the clip shows is looked up
    once in a 16 M-entry table (16 MB) and each frame is then mapped by one table lookup.
    """

    def __init__(self, histogram: ColourHistogram, palette: np.ndarray) -> None:
        codes, _ = histogram.colours()
        self._table = np.zeros(1 << 24, dtype=np.uint8)
        self._table[codes] = _nearest(_code_colours(codes), palette)

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        """Palette indices of an (..., 3) uint8 array whose colours were all counted in the histogram."""
        return self._table[colour_codes(rgb)]
