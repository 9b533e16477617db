"""The notes' copy: every link to a course figure rewritten, nothing else changed, byte for byte."""

from __future__ import annotations

import pytest

from rnnviz.figures.notes import Notes
from rnnviz.rendering.options import InvalidOption

# Notes written for this test, in every link style real course notes use: alt text that does not
# match the file, repeated images, HTML <img>, reference-style images, an image inside a link,
# titles, <...> destinations, links in code that must stay, foreign images to report. A byte
# order mark, CRLF lines, trailing spaces and no final newline must survive as they are.
NOTES = (
    "\ufeff# 循环神经网络 RNN\r\n"
    "\r\n"
    "![gif2](images/rnn-gif3.gif)  \r\n"
    "The loop: ![figure1](./images/rnn-gif2.gif \"the loop\") and again ![](images/rnn-gif2.gif).\n"
    "Three gates: ![figure10](images/rnn-figure10.jpg)\n"
    "\n"
    "Three gates, again (6.3): ![figure10](<images/rnn-figure10.jpg>)\n"
    '<p align="center"><img width="600" src="images/lstm.gif" alt="LSTM"/></p>\n'
    "<IMG SRC='images/gru.gif'>\n"
    "Reference style: ![the cell][cell] and ![Unrolled] and ![figure][other].\n"
    "Click to enlarge: [![small](images/rnn-figure9.jpg)](images/rnn-figure9.jpg)\n"
    "A missing reference: ![oops][nowhere]\n"
    "In code: `![x](images/rnn-gif1.gif)` stays.\n"
    "```markdown\n"
    "![x](images/rnn-gif1.gif)\n"
    "```\n"
    "<!-- ![old](images/rnn-gif1.gif) -->\n"
    "A video: ![参考文献4](https://www.youtube.com/watch?v=xCGidAeyS4M) <br>\n"
    "A page: [参考文献1](http://colah.github.io/posts/2015-08-Understanding-LSTMs/)\n"
    "\n"
    "[cell]: images/rnn-figure9.jpg \"LSTM cell\"\n"
    "[unrolled]: <images/rnn-figure6.jpg>\n"
    "[other]: images/cat.png\n"
    "trailing text without newline  "
)

# The set's files, as a variant folder holds them.
SET = {
    "rnn-gif3.gif": "zh-dark/rnn-gif3.gif",
    "rnn-gif2.gif": "zh-dark/rnn-gif2.gif",
    "rnn-figure10.jpg": "zh-dark/rnn-figure10.png",
    "lstm.gif": "zh-dark/lstm.gif",
    "gru.gif": "zh-dark/gru.gif",
    "rnn-figure9.jpg": "zh-dark/rnn-figure9.png",
}

EXPECTED = (
    NOTES.replace("](images/rnn-gif3.gif)", "](zh-dark/rnn-gif3.gif)")
    .replace("](./images/rnn-gif2.gif ", "](zh-dark/rnn-gif2.gif ")
    .replace("![](images/rnn-gif2.gif)", "![](zh-dark/rnn-gif2.gif)")
    .replace("](images/rnn-figure10.jpg)", "](zh-dark/rnn-figure10.png)")
    .replace("](<images/rnn-figure10.jpg>)", "](<zh-dark/rnn-figure10.png>)")
    .replace('src="images/lstm.gif"', 'src="zh-dark/lstm.gif"')
    .replace("SRC='images/gru.gif'", "SRC='zh-dark/gru.gif'")
    .replace("[![small](images/rnn-figure9.jpg)](images/rnn-figure9.jpg)",
             "[![small](zh-dark/rnn-figure9.png)](zh-dark/rnn-figure9.png)")
    .replace("[cell]: images/rnn-figure9.jpg", "[cell]: zh-dark/rnn-figure9.png")
)


def test_every_course_link_points_at_the_set_and_nothing_else_changes():
    result = Notes("notes.md", NOTES).rewrite(SET.get)
    assert result.text == EXPECTED  # byte for byte once encoded: BOM, CRLF and all
    assert result.text.encode("utf-8").startswith(b"\xef\xbb\xbf# ")
    assert result.changed == 10
    assert result.kept == ("rnn-figure6.jpg",)  # in the course, not in this set: left as it was
    assert result.unrecognised == (
        "notes.md:12: image reference [nowhere] has no definition",
        "notes.md:18: image not in the course set: https://www.youtube.com/watch?v=xCGidAeyS4M",
        "notes.md:23: image not in the course set: images/cat.png",
    )


def test_a_rewritten_copy_rewrites_to_itself():
    """The generated names are recognised too, so running again over a copy changes nothing."""
    once = Notes("notes.md", NOTES).rewrite(SET.get).text
    assert Notes("notes.md", once).rewrite(SET.get).text == once


def test_reading_notes_checks_the_file(tmp_path):
    (tmp_path / "latin1.md").write_bytes("![Bild](images/rnn-gif1.gif) Größe".encode("latin-1"))
    with pytest.raises(InvalidOption, match="not UTF-8 text"):
        Notes.read(tmp_path / "latin1.md")
    with pytest.raises(InvalidOption, match="does not exist"):
        Notes.read(tmp_path / "missing.md")
    with pytest.raises(InvalidOption, match="is a folder"):
        Notes.read(tmp_path)
    (tmp_path / "notes.md").write_bytes(NOTES.encode("utf-8"))
    assert Notes.read(tmp_path / "notes.md") == Notes("notes.md", NOTES)


def test_copies_are_named_after_their_variant():
    notes = Notes("course-notes.md", "")
    assert notes.output_name("") == "course-notes.md"
    assert notes.output_name("zh-dark") == "course-notes.zh-dark.md"
