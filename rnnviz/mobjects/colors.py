"""Colour arithmetic for the theme: mixing, WCAG contrast, CIELAB, CIEDE2000 and colour-blind vision.

The theme's palette is chosen so that no two things a viewer must tell apart look alike: its
tests measure distances with :func:`delta_e2000` (CIEDE2000, Sharma, Wu and Dalal 2005), also
as a viewer with a colour vision deficiency sees the colours (:func:`simulate_cvd`, Machado,
Oliveira and Fernandes 2009, full severity). Colours are ``"#RRGGBB"`` strings.

>>> forget_092, value_072 = "#D35565", "#C55765"   # a gate cell and a value cell of rnnviz 0.1
>>> round(delta_e2000(srgb_to_lab(forget_092), srgb_to_lab(value_072)), 1)   # hardly different
2.7
>>> round(contrast_ratio("#FFFFFF", "#000000"), 1)
21.0
>>> simulate_cvd("#FF0000", "deuteranopia")
'#A39000'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = [
    "CVD_KINDS",
    "contrast_ratio",
    "delta_e2000",
    "hex_to_rgb",
    "luminance",
    "mix",
    "rgb_to_hex",
    "simulate_cvd",
    "srgb_to_lab",
]


def hex_to_rgb(color: str) -> np.ndarray:
    """``"#RRGGBB"`` as sRGB components in [0, 1]."""
    digits = color.lstrip("#")
    if len(digits) != 6:
        raise ValueError(f"expected a colour as '#RRGGBB', got {color!r}")
    return np.array([int(digits[k : k + 2], 16) for k in (0, 2, 4)], dtype=float) / 255.0


def rgb_to_hex(rgb: ArrayLike) -> str:
    """sRGB components in [0, 1] (clipped) as ``"#RRGGBB"``."""
    r, g, b = (int(round(float(v) * 255)) for v in np.clip(rgb, 0.0, 1.0))
    return f"#{r:02X}{g:02X}{b:02X}"


def mix(a: str, b: str, t: float) -> str:
    """The colour a fraction ``t`` of the way from ``a`` to ``b`` (``t`` clipped to [0, 1])."""
    t = float(np.clip(t, 0.0, 1.0))
    return rgb_to_hex((1.0 - t) * hex_to_rgb(a) + t * hex_to_rgb(b))


def _linear(rgb: np.ndarray) -> np.ndarray:
    """sRGB components to linear light."""
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _encoded(linear: np.ndarray) -> np.ndarray:
    """Linear light to sRGB components."""
    linear = np.clip(linear, 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def luminance(color: str) -> float:
    """Relative luminance (WCAG) of a colour, 0 for black and 1 for white."""
    return float(np.dot([0.2126, 0.7152, 0.0722], _linear(hex_to_rgb(color))))


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (equal) to 21 (black on white)."""
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# sRGB (D65) to CIE XYZ, and the D65 white point.
_RGB_TO_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
)
_WHITE = np.array([0.95047, 1.0, 1.08883])


def srgb_to_lab(color: str) -> np.ndarray:
    """CIELAB ``(L*, a*, b*)`` of a colour, under D65."""
    xyz = _RGB_TO_XYZ @ _linear(hex_to_rgb(color)) / _WHITE
    eps, kappa = 216 / 24389, 24389 / 27
    f = np.where(xyz > eps, np.cbrt(xyz), (kappa * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e2000(lab1: ArrayLike, lab2: ArrayLike) -> np.ndarray | float:
    """CIEDE2000 colour difference of CIELAB colours (``k_L = k_C = k_H = 1``).

    Both arguments are ``(..., 3)`` arrays and broadcast against each other; about 1 is a
    just-noticeable difference, 10 or more reads as a different colour at a glance.
    """
    lab1, lab2 = np.asarray(lab1, dtype=float), np.asarray(lab2, dtype=float)
    L1, a1, b1 = np.moveaxis(lab1, -1, 0)
    L2, a2, b2 = np.moveaxis(lab2, -1, 0)
    c_mean7 = ((np.hypot(a1, b1) + np.hypot(a2, b2)) / 2) ** 7
    g = 0.5 * (1 - np.sqrt(c_mean7 / (c_mean7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    chromatic = (c1p * c2p) != 0  # a hue difference needs two hues

    dLp = L2 - L1
    dCp = c2p - c1p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(chromatic, dh, 0.0)
    dHp = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))

    Lp = (L1 + L2) / 2
    Cp = (c1p + c2p) / 2
    h_sum = h1p + h2p
    far = np.abs(h1p - h2p) > 180
    hp = np.where(far, np.where(h_sum < 360, (h_sum + 360) / 2, (h_sum - 360) / 2), h_sum / 2)
    hp = np.where(chromatic, hp, h_sum)
    t = (
        1
        - 0.17 * np.cos(np.radians(hp - 30))
        + 0.24 * np.cos(np.radians(2 * hp))
        + 0.32 * np.cos(np.radians(3 * hp + 6))
        - 0.20 * np.cos(np.radians(4 * hp - 63))
    )
    s_l = 1 + 0.015 * (Lp - 50) ** 2 / np.sqrt(20 + (Lp - 50) ** 2)
    s_c = 1 + 0.045 * Cp
    s_h = 1 + 0.015 * Cp * t
    r_t = -2 * np.sqrt(Cp**7 / (Cp**7 + 25.0**7)) * np.sin(np.radians(60 * np.exp(-(((hp - 275) / 25) ** 2))))
    lightness, chroma, hue = dLp / s_l, dCp / s_c, dHp / s_h
    result = np.sqrt(lightness**2 + chroma**2 + hue**2 + r_t * chroma * hue)
    return float(result) if result.ndim == 0 else result


#: Machado, Oliveira and Fernandes (2009) at full severity, applied to linear RGB.
_CVD = {
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}
#: The colour vision deficiencies :func:`simulate_cvd` knows.
CVD_KINDS: tuple[str, ...] = tuple(_CVD)


def simulate_cvd(color: str, kind: str) -> str:
    """``color`` as a viewer with ``kind`` (``protanopia``, ``deuteranopia`` or ``tritanopia``) sees it."""
    if kind not in _CVD:
        raise ValueError(f"unknown colour vision deficiency {kind!r}; expected one of {CVD_KINDS}")
    return rgb_to_hex(_encoded(_CVD[kind] @ _linear(hex_to_rgb(color))))
