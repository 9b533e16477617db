"""``index.html``: a figure set on one offline page, in the notes' order.

Each figure shows its notes' name, section, scene id and architectures; each of its files, the
variant, size in pixels and bytes, length, and the one `rnnviz render` command that makes it
alone. Light and dark variants of a language stand side by side (a figure of one theme takes
half the page's width when it is wide enough). The page fetches nothing
from the network: the images are the set's own files, the style is inline, there is no script.

>>> from rnnviz.figures.manifest import Manifest, Missing
>>> page = gallery_html(Manifest(files=(), missing=(Missing("rnn-figure1.jpg", "structure", "no scene yet"),)))
>>> page.startswith("<!doctype html>") and "no scene yet: rnn-figure1.jpg (structure)" in page
True
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from pathlib import Path
from urllib.parse import quote

from rnnviz.figures.manifest import Entry, Manifest, missing_summary
from rnnviz.figures.media import format_bytes
from rnnviz.rendering.output import write_file

#: The gallery's file name inside a set's folder.
GALLERY_NAME = "index.html"

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1600px; padding: 0 1.5rem;
       color: #1d1d1f; background: #f4f4f6; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
.lead { color: #555; margin-top: 0; }
main { display: grid; gap: 1.25rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 34rem), 1fr)); }
section { background: #fff; border-radius: 10px; padding: 1rem 1.25rem; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
section.wide { grid-column: 1 / -1; }
h2 { font-size: 1.15rem; margin: 0; }
h2 .section { font-weight: normal; color: #555; }
.about { color: #555; margin: .2rem 0 .8rem; }
.variants { display: grid; gap: 1rem; grid-template-columns: repeat(var(--columns), minmax(0, 1fr)); }
.variants + .variants { margin-top: 1rem; }
figure { margin: 0; padding: .6rem; border-radius: 8px; background: #eceef2; }
figure.dark { background: #202124; color: #e8e8ea; }
figure.dark .about, figure.dark figcaption { color: #c4c4c8; }
img { display: block; width: 100%; height: auto; border-radius: 4px; }
figcaption { font-size: .85rem; color: #444; margin-top: .5rem; }
code { display: block; margin-top: .3rem; padding: .35rem .5rem; font-size: .78rem; white-space: pre-wrap;
       overflow-wrap: anywhere; background: rgba(127,127,127,.15); border-radius: 4px; user-select: all; }
.missing { color: #8a4b00; }
a { color: inherit; }
"""


def _figure_card(entry: Entry, extras: list[Entry]) -> str:
    length = f"{entry.duration:.1f} s, {entry.frames} frames" if entry.kind == "animation" else "still"
    links = "".join(f' · <a href="{quote(e.file)}">{escape(e.format.upper())}</a> ({format_bytes(e.bytes)})' for e in extras)
    return (
        f'<figure class="{escape(entry.theme)}">'
        f'<img src="{quote(entry.file)}" width="{entry.width}" height="{entry.height}" '
        f'alt="{escape(entry.name)}: {escape(entry.scene)}, {escape(entry.lang)}, {escape(entry.theme)}">'
        f"<figcaption>{escape(entry.lang)} · {escape(entry.theme)} · {entry.width}×{entry.height} · "
        f"{format_bytes(entry.bytes)} · {length}{links}<code>{escape(entry.command)}</code></figcaption></figure>"
    )


def _figure_section(name: str, entries: list[Entry]) -> str:
    first = entries[0]
    main = [e for e in entries if e.format in ("gif", "png")]
    extras = defaultdict(list)
    for e in entries:
        if e.format not in ("gif", "png"):
            extras[(e.lang, e.theme)].append(e)
    rows = defaultdict(list)
    for e in main:
        rows[e.lang].append(_figure_card(e, extras[(e.lang, e.theme)]))
    grids = "".join(
        f'<div class="variants" style="--columns: {len(cards)}">{"".join(cards)}</div>' for cards in rows.values()
    )
    wide = ' class="wide"' if any(len(cards) > 1 for cards in rows.values()) else ""  # themes side by side
    return (
        f'<section id="{escape(name)}"{wide}><h2>{escape(name)} <span class="section">§ {escape(first.section)}</span></h2>'
        f'<p class="about">scene <b>{escape(first.scene)}</b> · {escape(" + ".join(first.archs))} · {escape(first.kind)}'
        f"</p>{grids}</section>"
    )


def gallery_html(manifest: Manifest) -> str:
    """The gallery page of ``manifest``'s set (links relative to the set's folder)."""
    by_name: dict[str, list[Entry]] = defaultdict(list)
    for entry in sorted(manifest.files, key=Entry.sort_key):
        by_name[entry.name].append(entry)
    shard = f", shard {manifest.shard[0]} of {manifest.shard[1]}" if manifest.shard else ""
    lead = (
        f"{len(by_name)} figures of the course notes in {len(manifest.files)} files, made by rnnviz "
        f"{escape(manifest.rnnviz)}{shard} from real forward passes. Each command, run in this folder, "
        "makes its file alone."
    )
    missing = ""
    if manifest.missing:
        count = len(manifest.missing)
        missing = (f'<p class="missing">{count} figure{"s" * (count > 1)} of the notes not made by this rnnviz: '
                   f"{escape(missing_summary(manifest.missing))}.</p>")
    sections = "\n".join(_figure_section(name, entries) for name, entries in by_name.items())
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>rnnviz course figures</title><style>{_STYLE}</style></head>\n<body>"
        f'<h1>Course figures</h1><p class="lead">{lead}</p>{missing}\n<main>{sections}</main>\n</body></html>\n'
    )


def write_gallery(folder: Path, manifest: Manifest) -> Path:
    """Write ``folder/index.html`` atomically."""
    return write_file(folder / GALLERY_NAME, gallery_html(manifest).encode("utf-8"))
