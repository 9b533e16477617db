"""One colour palette for a whole clip: count the colours, choose at most 255, map without dither.

rnnviz frames are mostly flat colours (background, panels, the fixed part colours, value-coloured
cells) plus anti-aliased edges and fades between them. :func:`build_palette` keeps the heavily
used colours exactly and spends the rest of the palette on a weighted k-means of the others, so
flat areas come out without error and no dither grain is needed.

Colours travel as 24-bit codes, ``R | G << 8 | B << 16``: the little-endian reading of an RGBA
pixel with its alpha byte masked off, so a whole frame converts with one view and one ``&``.

>>> frame = np.zeros((2, 3, 4), np.uint8)
>>> frame[0] = (255, 255, 255, 255)                        # a white row over a black one
>>> codes = colour_codes(frame)                            # (H, W) uint32
>>> histogram = ColourHistogram()
>>> histogram.add(codes, weight=1)
>>> palette = build_palette(histogram)                     # (n <= 255, 3) uint8
>>> palette.tolist()
[[0, 0, 0], [255, 255, 255]]
>>> PaletteMap(histogram, palette)(codes).tolist()         # (H, W) palette indices
[[1, 1, 1], [0, 0, 0]]
"""

from __future__ import annotations

import numpy as np

#: Colours a palette may hold; GIF has 256 indices and rnnviz keeps one for transparency.
MAX_COLOURS = 255
# A colour covering at least this share of all counted pixels is kept exactly.
_PIN_SHARE = 1e-3
# k-means runs over colours binned to 5 bits per channel, then refines over the exact colours;
# measured on the flagship (190 k colours): 0.8 s for a mean error of 0.25, against 9 s for
# 0.24 with every round exact.
_BIN_BITS = 5
_BINNED_ROUNDS = 12
_EXACT_ROUNDS = 2
_CHUNK = 1 << 16


def colour_codes(rgba: np.ndarray) -> np.ndarray:
    """The 24-bit colour code of each pixel of a C-contiguous (H, W, 4) uint8 RGBA frame: (H, W) uint32."""
    return rgba.view("<u4")[:, :, 0] & np.uint32(0xFFFFFF)


def code_colours(codes: np.ndarray) -> np.ndarray:
    """The (..., 3) uint8 RGB colours of 24-bit colour codes."""
    return np.stack([codes & 255, (codes >> 8) & 255, (codes >> 16) & 255], axis=-1).astype(np.uint8)


class ColourHistogram:
    """How often each exact 24-bit colour was shown, weighted by how long it was shown."""

    def __init__(self) -> None:
        self._counts = np.zeros(1 << 24, dtype=np.float32)

    def add(self, codes: np.ndarray, weight: float = 1.0) -> None:
        """Count colour codes (any shape), each ``weight`` times."""
        codes, counts = np.unique(codes, return_counts=True)
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


def _lloyd(points: np.ndarray, weights: np.ndarray, fixed: np.ndarray, centres: np.ndarray, rounds: int) -> np.ndarray:
    """Weighted k-means rounds moving ``centres``; the ``fixed`` centres attract points but never move."""
    centres = centres.copy()
    for _ in range(rounds):
        labels = _nearest(points, np.vstack([fixed, centres])) - len(fixed)
        mine = labels >= 0
        labels, w = labels[mine], weights[mine]
        totals = np.bincount(labels, weights=w, minlength=len(centres))
        sums = np.stack([np.bincount(labels, weights=w * points[mine, c], minlength=len(centres)) for c in range(3)], 1)
        used = totals > 0
        centres[used] = sums[used] / totals[used, None]
    return centres


def _binned(colours: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Colours merged into bins of ``_BIN_BITS`` per channel: each bin's weighted mean and total weight."""
    coarse = colours.astype(np.int64) >> (8 - _BIN_BITS)
    keys = (coarse[:, 0] << (2 * _BIN_BITS)) | (coarse[:, 1] << _BIN_BITS) | coarse[:, 2]
    _, bins = np.unique(keys, return_inverse=True)
    totals = np.bincount(bins, weights=weights)
    sums = np.stack([np.bincount(bins, weights=weights * colours[:, c]) for c in range(3)], axis=1)
    return sums / totals[:, None], totals


def build_palette(histogram: ColourHistogram, size: int = MAX_COLOURS) -> np.ndarray:
    """At most ``size`` colours, (n, 3) uint8, chosen to minimise the weighted squared error.

    The most used colours are kept exactly; k-means places the others, first over coarse bins
    of colours (fast), then for a few rounds over the exact colours.
    """
    codes, weights = histogram.colours()
    colours = code_colours(codes)
    if len(codes) <= size:
        return colours
    order = np.argsort(-weights, kind="stable")[: size // 2]
    pinned = order[weights[order] >= _PIN_SHARE * weights.sum()]
    fixed = colours[pinned].astype(np.float64)
    free = np.setdiff1d(np.arange(len(codes)), pinned)
    points, point_weights = colours[free].astype(np.float64), weights[free]
    bin_means, bin_weights = _binned(points, point_weights)
    centres = _kmeans_plus_plus(bin_means, bin_weights, fixed, size - len(fixed))
    centres = _lloyd(bin_means, bin_weights, fixed, centres, _BINNED_ROUNDS)
    centres = _lloyd(points, point_weights, fixed, centres, _EXACT_ROUNDS)
    return np.vstack([fixed, centres]).round().clip(0, 255).astype(np.uint8)


class PaletteMap:
    """Maps RGB pixels to the index of their nearest palette colour, without dither.

    Built from the same histogram as the palette, so every colour the clip shows is looked up
    once in a 16 M-entry table (16 MB) and each frame is then mapped by one table lookup.
    """

    def __init__(self, histogram: ColourHistogram, palette: np.ndarray) -> None:
        codes, _ = histogram.colours()
        self._table = np.zeros(1 << 24, dtype=np.uint8)
        self._table[codes] = _nearest(code_colours(codes), palette)

    def __call__(self, codes: np.ndarray) -> np.ndarray:
        """Palette indices of colour codes that were all counted in the histogram."""
        return self._table[codes]
