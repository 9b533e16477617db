"""Dissolve: a fade by opacity alone, also one after the other in a Succession."""

from __future__ import annotations

from manim import UL, Scene, Succession
from scene_support import media, tiny_config  # noqa: F401  (media: a fixture)

from rnnviz.mobjects.animations import Dissolve
from rnnviz.mobjects.header import Header
from rnnviz.mobjects.theme import get_theme


def opacity(mobject) -> float:
    return max(part.get_fill_opacity() for part in mobject.family_members_with_points())


def test_a_title_that_has_dissolved_stays_gone_while_the_next_one_appears(media):
    """Two titles swapped one after the other (as every header swap does): the first never comes
    back on screen while the second fades in, and leaves the scene as it was, ready to be shown again."""
    theme = get_theme("light")
    old = Header("candidate hidden state", theme, formula=r"n_t = \tanh(a_t)").to_corner(UL)
    new = Header("update gate", theme, formula=r"z_t").to_corner(UL)

    class Swap(Scene):
        def construct(self) -> None:
            self.shown: list[tuple[float, float]] = []  # (old's opacity if on screen, new's)
            self.add(old)
            self.play(Succession(Dissolve(old), Dissolve(new, appear=True)), run_time=0.8)

        def update_to_time(self, t: float) -> None:
            super().update_to_time(t)
            on_screen = self.get_mobject_family_members()
            self.shown.append((opacity(old) if old in on_screen else 0.0, opacity(new) if new in on_screen else 0.0))

    with tiny_config(media, frame_rate=25):
        scene = Swap()
        scene.render()
    gone = next(k for k, (before, _) in enumerate(scene.shown) if before < 0.05)
    assert all(before < 0.05 for before, _ in scene.shown[gone:])  # it never comes back
    assert scene.shown[-1][1] > 0.9 and max(after for _, after in scene.shown[:gone]) < 0.05  # one after the other
    assert old not in scene.mobjects and opacity(old) == 1.0  # restored off the scene
