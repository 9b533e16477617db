"""Layout: regions from the frame, for any aspect ratio."""

from __future__ import annotations

import pytest
from manim import LEFT, Square

from rnnviz.mobjects.layout import Layout, Region


@pytest.mark.parametrize(("width", "height"), [(16, 9), (4, 3), (1, 1), (9, 16), (21, 9)])
def test_regions_lie_inside_the_frame_and_never_overlap(width, height):
    frame_height = 8.0
    layout = Layout.from_frame(frame_height * width / height, frame_height)
    regions = [layout.header, layout.body, layout.sentence, layout.diagram, layout.panel]
    for region in regions:
        assert layout.frame.left < region.left < region.right < layout.frame.right
        assert layout.frame.bottom < region.bottom < region.top < layout.frame.top
    assert layout.header.bottom > layout.body.top and layout.body.bottom > layout.sentence.top
    # diagram and panel share the body: side by side on wide frames, stacked on tall ones
    assert layout.side_by_side == (width / height >= 1.3)
    if layout.side_by_side:
        assert layout.diagram.right == pytest.approx(layout.panel.left)
        assert layout.diagram.top == layout.panel.top == layout.body.top
    else:
        assert layout.diagram.bottom == pytest.approx(layout.panel.top)
        assert layout.diagram.left == layout.panel.left == layout.body.left


def test_fit_shrinks_to_the_region_and_aligns_never_grows_unless_asked():
    region = Region(-2.0, 2.0, -1.0, 1.0)
    big = region.fit(Square(side_length=5.0), aligned_edge=LEFT)
    assert big.height == pytest.approx(2.0) and region.contains(big)
    assert big.get_left()[0] == pytest.approx(-2.0)
    small = region.fit(Square(side_length=0.5))
    assert small.height == pytest.approx(0.5) and (small.get_center() == region.center).all()
    assert region.fit(Square(side_length=0.5), grow=10.0).height == pytest.approx(2.0)
    assert region.fit(Square(side_length=0.5), grow=1.5).height == pytest.approx(0.75)


def test_regions_split_and_inset_and_refuse_to_be_empty():
    left, right = Region(0.0, 4.0, 0.0, 2.0).split(0.25)
    assert (left.right, right.left, right.width) == (1.0, 1.0, 3.0)
    top, bottom = Region(0.0, 4.0, 0.0, 2.0).split(0.25, vertical=True)
    assert (top.bottom, top.height, bottom.top) == (1.5, 0.5, 1.5)
    assert Region(0.0, 4.0, 0.0, 2.0).inset(0.5).width == 3.0
    with pytest.raises(ValueError, match="empty region"):
        Region(0.0, 1.0, 0.0, 2.0).inset(0.6)
    with pytest.raises(ValueError, match="fraction"):
        Region(0.0, 1.0, 0.0, 1.0).split(1.0)
