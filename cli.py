"""The `rnnviz` command line: parses options, calls the library, prints. No computation here."""

from __future__ import annotations

import logging

import click

from rnnviz import __version__
from rnnviz.rendering.options import DETAILS, LANGS, QUALITIES, THEMES

ARCH_CHOICE = click.Choice(("rnn", "lstm", "gru"))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rnnviz")
def main() -> None:
    """Animations of RNN, LSTM and GRU made from real forward passes."""


@main.command()
def doctor() -> None:
    """Check every outside piece rnnviz needs; exit 0 only if all are present."""
    from rnnviz.doctor import run_checks

    missing = 0
    for check in run_checks():
        if check.ok:
            click.echo(f"ok       {check.name:<10} {check.detail}")
            continue
        status = "MISSING" if check.required else "optional"
        missing += check.required
        click.echo(f"{status:<8} {check.name:<10} {check.detail} -> fix: {check.fix}")
    if missing:
        raise SystemExit(1)


class OptionError(click.ClickException):
    """A bad option or combination of options: one line on stderr, exit status 2."""

    exit_code = 2


class OneLineErrors(click.Command):
    """A command whose parsing errors (bad choice, missing argument) are one line, like its own."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            raise OptionError(error.format_message()) from None


@main.command(cls=OneLineErrors)
@click.argument("arch", type=ARCH_CHOICE, metavar="ARCH")
@click.option("--sentence", help="The sentence to run through the demo classifier (or --weights).")
@click.option("--trace", "trace_file", metavar="FILE", help="A saved Trace (.json/.npz) to render instead of a sentence.")
@click.option("--scene", default="step", show_default=True, help="Which scene; `rnnviz list` shows them.")
@click.option("-o", "--output", metavar="PATH", help="Output file; its suffix picks .gif .mp4 .webm or .png.  [default: ARCH-SCENE.gif]")
@click.option("--quality", type=click.Choice(list(QUALITIES)), default="medium", show_default=True,
              help="480p/20 fps, 720p/25 fps, 1080p/50 fps or 2160p/50 fps.")
@click.option("--fps", type=click.IntRange(min=1), help="Frame rate (a GIF's must divide 100: 20, 25 or 50).")
@click.option("--theme", type=click.Choice(THEMES), default="light", show_default=True)
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True, help="Language of the labels.")
@click.option("--transparent", is_flag=True, help="Transparent background (.webm and .png only).")
@click.option("--detail", type=click.Choice(DETAILS), default="first", show_default=True,
              help="Show the first step in full detail, or every step.")
@click.option("--units", type=click.IntRange(min=1), default=8, show_default=True, help="Units drawn per vector.")
@click.option("--weights", metavar="FILE", help="A model from `rnnviz train` instead of the demo classifier.")
@click.option("--no-cache", is_flag=True, help="Render again even if an identical render is cached.")
@click.option("-v", "--verbose", is_flag=True, help="Show what rnnviz and manim are doing.")
def render(arch: str, sentence: str | None, trace_file: str | None, weights: str | None, no_cache: bool,
           verbose: bool, **options) -> None:
    """Render a scene of ARCH (rnn, lstm or gru) running on a sentence or a saved trace.

    Example: rnnviz render lstm --sentence "what time is it" -o lstm.gif
    """
    import warnings

    from rnnviz.rendering.options import RenderError
    from rnnviz.rendering.pipeline import render as render_trace, render_sentence

    if (sentence is None) == (trace_file is None):
        raise OptionError("give either --sentence TEXT or --trace FILE")
    if weights is not None and trace_file is not None:
        raise OptionError("--weights applies to --sentence; a --trace was already recorded from its model")
    if verbose:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        log = logging.getLogger("rnnviz")
        log.addHandler(handler)
        log.setLevel(logging.DEBUG)
        log.propagate = False  # manim puts its own handler on the root logger
    common = dict(cache=not no_cache, verbose=verbose, **options)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if sentence is not None:
                path = render_sentence(arch, sentence, weights, **common)
            else:
                path = render_trace(trace_file, arch=arch, **common)
    except RenderError as error:
        raise OptionError(str(error)) from None
    for warning in caught:  # rnnviz's own (e.g. unknown words) are for the user; others only with -v
        if verbose or warning.category.__module__.startswith("rnnviz."):
            click.echo(f"warning: {warning.message}", err=True)
    click.echo(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")


@main.command("list")
def list_scenes() -> None:
    """List every scene: id, architectures, the notes' figure it replaces, what it shows."""
    from rnnviz.scenes import SCENES

    rows = [("SCENE", "ARCHS", "REPLACES", "SHOWS")]
    rows += [(e.id, ",".join(e.archs), e.replaces, e.summary) for e in SCENES.values()]
    widths = [max(len(row[k]) for row in rows) for k in range(3)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3])


@main.command(cls=OneLineErrors)
@click.argument("arch", type=ARCH_CHOICE, metavar="ARCH")
@click.option("--sentence", help="The sentence to run through the classifier.")
@click.option("--weights", metavar="FILE",
              help="A model from `rnnviz train` (default: the demo model), or with --inputs a bare nn.RNN/LSTM/GRU state dict.")
@click.option("--inputs", metavar="X.npy", help="A (T, input_size) array to record through --weights, without text.")
@click.option("--json", "json_path", metavar="PATH", help="Save the Trace as JSON.")
@click.option("--npz", "npz_path", metavar="PATH", help="Save the Trace as NPZ.")
@click.option("--max-tokens", type=click.IntRange(min=1), default=32, show_default=True, help="Longest input accepted.")
def trace(arch: str, sentence: str | None, weights: str | None, inputs: str | None, json_path: str | None,
          npz_path: str | None, max_tokens: int) -> None:
    """Record ARCH (rnn, lstm or gru) on a sentence: print every token's gates, state and share.

    Example: rnnviz trace lstm --sentence "what time is it" --json lstm.json
    """
    import warnings

    from rnnviz.analysis.summary import format_trace
    from rnnviz.core.trace import to_json_bytes, to_npz_bytes
    from rnnviz.models import UnknownTokensWarning, trace_inputs, trace_sentence

    if (sentence is None) == (inputs is None):
        raise OptionError("give either --sentence TEXT or --inputs X.npy")
    if inputs is not None and weights is None:
        raise OptionError("--inputs needs --weights FILE (the state dict of an nn.RNN, nn.LSTM or nn.GRU)")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if sentence is not None:
                result = trace_sentence(arch, sentence, weights, max_tokens)
            else:
                result = trace_inputs(arch, weights, inputs, max_tokens)
    except ValueError as error:
        raise OptionError(str(error)) from None
    for warning in caught:  # torch's own notes (e.g. which kernel runs) are not for this user
        if issubclass(warning.category, UnknownTokensWarning):
            click.echo(f"warning: {warning.message}", err=True)
    click.echo(format_trace(result))
    for path, encode in ((json_path, to_json_bytes), (npz_path, to_npz_bytes)):
        if path is not None:
            _write(path, encode(result))


@main.command("train", cls=OneLineErrors)
@click.option("--arch", type=ARCH_CHOICE, required=True)
@click.option("--data", metavar="FILE", help="Training examples, `text<TAB>label` per line.  [default: the shipped intent data]")
@click.option("--test", metavar="FILE",
              help="Held-out examples.  [default: from --data, every 5th example of each label starting at the 3rd]")
@click.option("-o", "--out", metavar="FILE", required=True, help="The model file to write.")
def train_command(arch: str, data: str | None, test: str | None, out: str) -> None:
    """Train an intent classifier of ARCH with the demo models' recipe; report held-out accuracy.

    Example: rnnviz train --arch lstm --data my.tsv --out my-model.pt
    """
    import sys
    from pathlib import Path

    from rnnviz.models.train import Recipe, load_split, train

    if not Path(out).resolve().parent.is_dir():
        raise OptionError(f"cannot write {out}: its folder does not exist")
    try:
        train_rows, test_rows = load_split(data, test)
    except ValueError as error:
        raise OptionError(str(error)) from None
    recipe = Recipe()
    click.echo(f"{len(train_rows)} training and {len(test_rows)} held-out examples", err=True)
    with click.progressbar(length=recipe.epochs, label=f"training {arch}", file=sys.stderr,
                           item_show_func=lambda loss: None if loss is None else f"loss {loss:.3f}") as bar:
        result = train(arch, train_rows, test_rows, recipe, on_epoch=lambda epoch, loss: bar.update(1, loss))
    _write(out, result.model_bytes(recipe))
    click.echo(f"held-out accuracy: {result.accuracy:.1%} ({result.correct}/{result.total}); wrote {out}")


@main.command(cls=OneLineErrors)
@click.argument("sets", nargs=-1, metavar="[SET]...")
@click.option("-o", "--output", "out", default="figures", show_default=True, metavar="DIR", help="The set's folder.")
@click.option("--lang", "langs", default="en", show_default=True, metavar="LANG,...",
              help="Languages, comma-separated (en, zh); several combinations get a LANG-THEME subfolder each.")
@click.option("--theme", "themes", default="light", show_default=True, metavar="THEME,...",
              help="Themes, comma-separated (light, dark).")
@click.option("--quality", type=click.Choice(list(QUALITIES)), default="medium", show_default=True)
@click.option("--fps", type=click.IntRange(min=1), help="Frame rate (a GIF's must divide 100).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes.  [default: one per core]")
@click.option("--only", multiple=True, metavar="PATTERN",
              help="Figures whose notes name, file name or scene matches, e.g. 'rnn-gif*' or step; repeatable.")
@click.option("--notes", metavar="NOTES.md", help="Also write a copy of these notes whose image links point at the set.")
@click.option("--shard", metavar="K/N", help="Render the K-th of N parts of equal expected cost (a CI matrix).")
@click.option("--merge", is_flag=True, help="Join the sets in the folders SET... (shards) into -o DIR.")
@click.option("--video", is_flag=True, help="Also write an MP4 beside each animation.")
@click.option("--strict", is_flag=True, help="A figure without its scene yet is an error (exit 2).")
@click.option("--sentence", help="The sentence of every figure.  [default: what time is it / 现在几点了]")
@click.option("--weights", multiple=True, metavar="FILE",
              help="A model from `rnnviz train` for its architecture's figures (the demo models for the others).")
def figures(sets: tuple[str, ...], out: str, jobs: int | None, merge: bool, strict: bool, notes: str | None,
            **options) -> None:
    """Make every figure of the course notes, named as the notes name them, with figures.json
    (the manifest) and index.html (the gallery); or join sets made apart with --merge.

    Example: rnnviz figures -o figures --lang en,zh --theme light,dark --notes notes.md
    """
    import sys
    from pathlib import Path

    from tqdm import tqdm

    from rnnviz.figures.build import build
    from rnnviz.figures.merge import merge_sets
    from rnnviz.figures.notes import Notes
    from rnnviz.figures.plan import plan_figures
    from rnnviz.figures.publish import write_notes
    from rnnviz.rendering.options import RenderError

    if bool(sets) != merge:
        raise OptionError("join sets with: rnnviz figures --merge SET... -o DIR")
    warned: set[str] = set()

    def report(done, bar) -> None:
        bar.write(done.line())
        bar.update()
        for message in set(done.warnings) - warned:
            warned.add(message)
            bar.write(f"warning: {message}", file=sys.stderr)

    try:
        if merge:
            notes_file = Notes.read(notes) if notes is not None else None
            manifest = merge_sets(list(sets), out)
        else:
            plan = plan_figures(out, notes=notes, **options)
            notes_file = plan.notes
            if plan.missing and strict:
                raise OptionError(plan.missing_line())
            if plan.missing:
                click.echo(plan.missing_line())
            with tqdm(total=len(plan.jobs), desc="figures", unit=" files", file=sys.stderr, leave=False,
                      disable=not sys.stderr.isatty()) as bar:
                manifest = build(plan, jobs, lambda done: report(done, bar))
        copies = write_notes(Path(out), manifest, notes_file) if notes_file else []
    except RenderError as error:
        raise OptionError(str(error)) from None
    except OSError as error:
        raise OptionError(f"cannot write into {out}: {error.strerror or error}") from None
    click.echo(f"wrote {len(manifest.files)} files with figures.json and index.html in {out}")
    for copy in copies:
        click.echo(f"wrote {copy.path.name}: {copy.result.changed} links point at the set")
    if copies:
        if copies[0].result.kept:
            click.echo(f"kept {len(copies[0].result.kept)} links to figures not in the set: {', '.join(copies[0].result.kept)}")
        for line in copies[0].result.unrecognised:
            click.echo(line)


def _write(path: str, data: bytes) -> None:
    """Write a requested output file; failure is one line."""
    from pathlib import Path

    try:
        Path(path).write_bytes(data)
    except OSError as error:
        raise OptionError(f"cannot write {path}: {error.strerror or error}") from None

if __name__ == "__main__":
    main()
