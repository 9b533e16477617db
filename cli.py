"""The `rnnviz` command line: parses options, calls the library, prints. No computation here."""

from __future__ import annotations

import logging
import signal
import sys
import warnings

import click

from rnnviz import __version__
from rnnviz.models.text import MAX_EXAMPLE_TOKENS, MAX_TOKENS
from rnnviz.rendering.options import DETAILS, DIRECTIONS, LANGS, MAX_FPS, QUALITIES, SHAPES, THEMES
from rnnviz.rendering.output import check_writable, write_file

ARCH_CHOICE = click.Choice(("rnn", "lstm", "gru"))


# Exit statuses: 0 success, 1 a failure of the environment (a full disk, a missing program),
# 2 bad input, 128 + N after signal N (130 Ctrl-C, 129 hang-up, 143 SIGTERM).
EXIT_FAILURE, EXIT_BAD_INPUT = 1, 2
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class OptionError(click.ClickException):
    """A bad option or combination of options: one line on stderr, exit status 2."""

    exit_code = EXIT_BAD_INPUT


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl-C so that every cleanup on the way out runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _Stopped(BaseException):
    """A signal that ended a command: carried past click, which would print its own "Aborted!"."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class Warnings:
    """Prints warnings as they arise, one line each and each once: rnnviz's own always, every
    other library's only when ``show_all`` (``render -v``)."""

    def __init__(self) -> None:
        self.show_all = False
        self._seen: set[str] = set()

    def show(self, message, category, filename, lineno, file=None, line=None) -> None:  # warnings.showwarning
        text = " ".join(str(message).split())
        if text not in self._seen and (self.show_all or category.__module__.startswith("rnnviz.")):
            self._seen.add(text)
            click.echo(f"warning: {text}", err=True)


def describe_error(error: BaseException) -> tuple[str, int] | None:
    """The one line and exit status of an error that ends a command, or None for a bug (whose
    traceback is worth seeing). The one place that formats rnnviz's errors."""
    from rnnviz.rendering.options import InvalidOption, RenderError

    if isinstance(error, _Stopped):
        name = signal.Signals(error.signum).name
        return ("interrupted" if error.signum == signal.SIGINT else f"stopped by {name}"), 128 + error.signum
    if isinstance(error, click.Abort):  # Ctrl-C while click itself was reading the command line
        return "interrupted", 128 + signal.SIGINT
    if isinstance(error, click.UsageError):  # click's own: missing argument, unknown command or option
        hint = f" (see `{error.ctx.command_path} --help`)" if error.ctx is not None else ""
        return " ".join(error.format_message().split()) + hint, EXIT_BAD_INPUT
    if isinstance(error, click.ClickException):
        return " ".join(error.format_message().split()), error.exit_code
    if isinstance(error, RenderError):
        return str(error), EXIT_BAD_INPUT if isinstance(error, InvalidOption) else EXIT_FAILURE
    if isinstance(error, OSError):  # the environment's: a full disk, a missing program, no permission
        where = f": {error.filename}" if error.filename is not None else ""
        return f"{error.strerror or error}{where}", EXIT_FAILURE
    return None


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated(signum)


class Rnnviz(click.Group):
    """The ``rnnviz`` group: every error of every command leaves through :meth:`main` as one line
    on stderr (see :func:`describe_error`), and SIGTERM and SIGHUP clean up as Ctrl-C does."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:  # a caller that handles errors itself
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        previous = {signum: signal.signal(signum, _raise_terminated) for signum in _STOP_SIGNALS}
        shown = Warnings()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always")
                warnings.showwarning = shown.show
                status = super().main(args, prog_name, complete_var, standalone_mode=False, obj=shown, **extra)
        except click.exceptions.NoArgsIsHelpError as bare:  # `rnnviz` alone: its help, as click shows it
            bare.show()
            status = bare.exit_code
        except Exception as error:  # noqa: BLE001 - sorted by describe_error; bugs are raised on
            described = describe_error(error)
            if described is None:
                raise
            message, status = described
            click.echo(f"Error: {message}", err=True)
        except _Stopped as stop:
            message, status = describe_error(stop)
            click.echo(f"Error: {message}", err=True)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        sys.exit(status or 0)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as interrupt:
            raise _Stopped(getattr(interrupt, "signum", signal.SIGINT)) from None


class FrameSize(click.ParamType):
    """``WIDTHxHEIGHT`` in pixels, e.g. ``1280x720``."""

    name = "WxH"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        width, _, height = str(value).lower().partition("x")
        if not (width.isdigit() and height.isdigit()):
            self.fail(f"{value!r} is not a size like 1280x720", param, ctx)
        return int(width), int(height)


class WeightsFile(click.ParamType):
    """``FILE``, the model of the command's ARCH, or ``ARCH=FILE`` (a scene comparing models
    reads one model per architecture): parsed into ``(arch or None, file)``."""

    name = "weights"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        arch, sep, path = str(value).partition("=")
        return (arch, path) if sep and path and arch in ARCH_CHOICE.choices else (None, value)


@click.group(cls=Rnnviz, context_settings={"help_option_names": ["-h", "--help"]})
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


@main.command()
@click.argument("arch", type=ARCH_CHOICE, metavar="ARCH")
@click.option("--sentence", help="The sentence to run through the demo classifier (or --weights).  "
              "[default: the scene's: what time is it / 现在几点了, a longer one for memory]")
@click.option("--trace", "trace_files", metavar="FILE", multiple=True,
              help="A saved Trace (.json/.npz) to render instead of a sentence; a scene comparing models takes "
              "one per architecture (repeat --trace).")
@click.option("--scene", default="step", show_default=True, help="Which scene; `rnnviz list` shows them.")
@click.option("-o", "--output", metavar="PATH", help="Output file; its suffix picks .gif .mp4 .webm or .png.  [default: ARCH-SCENE.gif]")
@click.option("--quality", type=click.Choice(list(QUALITIES)), default="medium", show_default=True,
              help="480p/20 fps, 720p/25 fps, 1080p/50 fps or 2160p/50 fps.")
@click.option("--fps", type=click.IntRange(min=1), help=f"Frame rate, at most {MAX_FPS} (a GIF's must divide 100: 20, 25 or 50).")
@click.option("--size", type=FrameSize(), help="Frame size in pixels instead of --quality's, e.g. 1024x768.")
@click.option("--theme", type=click.Choice(THEMES), default="light", show_default=True)
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True, help="Language of the labels.")
@click.option("--transparent", is_flag=True, help="Transparent background (.webm and .png only).")
@click.option("--detail", type=click.Choice(DETAILS),
              help="Show one step in full detail, or every step (step only).  [default: first]")
@click.option("--units", type=click.IntRange(min=1), help="Units drawn per vector (scenes that draw vectors).  [default: 8]")
@click.option("--explain-step", type=click.IntRange(min=1), metavar="N",
              help="Which time step is explained in full, from 1 (step and the one-step scenes).  [default: each "
              "scene's, e.g. a step where the gate visibly acts]")
@click.option("--unit", type=click.IntRange(min=1), metavar="K",
              help="Which unit is written out or marked, from 1 (equations, reset-gate).  [default: the scene's]")
@click.option("--layer", type=click.IntRange(min=1), metavar="L", help="Which layer of a stacked network (step only).  [default: 1]")
@click.option("--direction", type=click.Choice(DIRECTIONS),
              help="Which direction of a bidirectional network (step only).  [default: forward]")
@click.option("--shape", type=click.Choice(SHAPES), help="Each state's shares as a disc or a bar (intent, classify).  [default: disc]")
@click.option("--weights", metavar="[ARCH=]FILE", type=WeightsFile(), multiple=True,
              help="A model from `rnnviz train` instead of the demo classifier; a scene comparing models takes "
              "one per architecture, as ARCH=FILE (repeat --weights).")
@click.option("--max-tokens", type=click.IntRange(min=1), default=MAX_TOKENS, show_default=True,
              help="Longest --sentence accepted, in tokens.")
@click.option("--no-cache", is_flag=True, help="Render again even if an identical render is cached.")
@click.option("-v", "--verbose", is_flag=True, help="Show what rnnviz and manim are doing.")
@click.pass_obj
def render(shown: Warnings | None, arch: str, sentence: str | None, trace_files: tuple[str, ...],
           weights: tuple[tuple[str | None, str], ...], max_tokens: int, no_cache: bool, verbose: bool, **options) -> None:
    """Render a scene of ARCH (rnn, lstm or gru) running on a sentence or a saved trace.

    Example: rnnviz render lstm --sentence "what time is it" -o lstm.gif
    """
    from rnnviz.rendering.pipeline import render as render_trace, render_sentence

    if sentence is not None and trace_files:
        raise OptionError("give either --sentence TEXT or --trace FILE")
    if weights and trace_files:
        raise OptionError("--weights applies to --sentence; a --trace was already recorded from its model")
    files: dict[str, str] = {}
    for model_arch, path in weights:
        if (model_arch or arch) in files:
            raise OptionError(f"--weights given twice for {model_arch or arch}")
        files[model_arch or arch] = path
    if verbose and shown is not None:
        shown.show_all = True
    if verbose:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        log = logging.getLogger("rnnviz")
        log.addHandler(handler)
        log.setLevel(logging.DEBUG)
        log.propagate = False  # manim puts its own handler on the root logger
    common = dict(cache=not no_cache, verbose=verbose, **options)
    if trace_files:
        path = render_trace(trace_files if len(trace_files) > 1 else trace_files[0], arch=arch, **common)
    else:
        path = render_sentence(arch, sentence, files or None, max_tokens=max_tokens, **common)
    click.echo(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)")


@main.command("list")
def list_scenes() -> None:
    """List every scene: id, architectures, the notes' figure it replaces, its options, what it shows."""
    from rnnviz.rendering.options import flag
    from rnnviz.scenes import SCENES

    rows = [("SCENE", "ARCHS", "REPLACES", "OPTIONS", "SHOWS")]
    rows += [(e.id, ",".join(e.archs), e.replaces, " ".join(flag(o) for o in e.options) or "-", e.summary)
             for e in SCENES.values()]
    widths = [max(len(row[k]) for row in rows) for k in range(4)]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4])


@main.command()
@click.argument("arch", type=ARCH_CHOICE, metavar="ARCH")
@click.option("--sentence", help="The sentence to run through the classifier.")
@click.option("--weights", metavar="FILE",
              help="A model from `rnnviz train` (default: the demo model), or with --inputs a bare nn.RNN/LSTM/GRU state dict.")
@click.option("--inputs", metavar="X.npy", help="A (T, input_size) array to record through --weights, without text.")
@click.option("--json", "json_path", metavar="PATH", help="Save the Trace as JSON.")
@click.option("--npz", "npz_path", metavar="PATH", help="Save the Trace as NPZ.")
@click.option("--max-tokens", type=click.IntRange(min=1), default=MAX_TOKENS, show_default=True,
              help="Longest input accepted, in tokens or steps.")
@click.option("--variant", default="pytorch", show_default=True,
              help="The formulas computed: pytorch (the module's own), or for a GRU cho (Cho et al. 2014: "
                   "the reset gate before the matrix product), with the same weights.")
def trace(arch: str, sentence: str | None, weights: str | None, inputs: str | None, json_path: str | None,
          npz_path: str | None, max_tokens: int, variant: str) -> None:
    """Record ARCH (rnn, lstm or gru) on a sentence: print every token's gates, state and share.

    Example: rnnviz trace lstm --sentence "what time is it" --json lstm.json
    """
    from rnnviz.analysis.summary import format_trace
    from rnnviz.core.trace import to_json_bytes, to_npz_bytes
    from rnnviz.models import trace_inputs, trace_sentence

    if (sentence is None) == (inputs is None):
        raise OptionError("give either --sentence TEXT or --inputs X.npy")
    if inputs is not None and weights is None:
        raise OptionError("--inputs needs --weights FILE (the state dict of an nn.RNN, nn.LSTM or nn.GRU)")
    outputs = [(check_writable(path), encode) for path, encode in ((json_path, to_json_bytes), (npz_path, to_npz_bytes))
               if path is not None]
    try:
        if sentence is not None:
            result = trace_sentence(arch, sentence, weights, max_tokens, variant)
        else:
            result = trace_inputs(arch, weights, inputs, max_tokens, variant)
    except ValueError as error:
        raise OptionError(str(error)) from None
    click.echo(format_trace(result))
    for path, encode in outputs:
        write_file(path, encode(result))


@main.command("train")
@click.option("--arch", type=ARCH_CHOICE, required=True)
@click.option("--data", metavar="FILE",
              help=f"Training examples, `text<TAB>label` per line, at most {MAX_EXAMPLE_TOKENS} tokens each, two "
                   "labels or more.  [default: the shipped intent data]")
@click.option("--test", metavar="FILE",
              help="Held-out examples.  [default: from --data, every 5th example of each label starting at the 3rd]")
@click.option("--layers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Stacked recurrent layers; each reads the states of the one below.")
@click.option("--bidirectional", is_flag=True,
              help="Read the sentence in both directions; the classifier reads both final states.")
@click.option("-o", "--out", metavar="FILE", required=True, help="The model file to write.")
def train_command(arch: str, data: str | None, test: str | None, layers: int, bidirectional: bool, out: str) -> None:
    """Train an intent classifier of ARCH with the demo models' recipe; report held-out accuracy.

    Example: rnnviz train --arch lstm --layers 2 --data my.tsv --out my-model.pt
    """
    from rnnviz.models.train import Recipe, load_split, train

    path = check_writable(out)
    try:
        train_rows, test_rows = load_split(data, test)
    except ValueError as error:
        raise OptionError(str(error)) from None
    recipe = Recipe(num_layers=layers, bidirectional=bidirectional)
    click.echo(f"{len(train_rows)} training and {len(test_rows)} held-out examples", err=True)
    with click.progressbar(length=recipe.epochs * len(train_rows), label=f"training {arch}", file=sys.stderr,
                           item_show_func=lambda loss: None if loss is None else f"loss {loss:.3f}") as bar:
        result = train(arch, train_rows, test_rows, recipe, on_progress=bar.update)
    write_file(path, result.model_bytes(recipe))
    click.echo(f"held-out accuracy: {result.accuracy:.1%} ({result.correct}/{result.total}); wrote {out}")


@main.command()
@click.argument("sets", nargs=-1, metavar="[SET]...")
@click.option("-o", "--output", "out", default="figures", show_default=True, metavar="DIR", help="The set's folder.")
@click.option("--lang", "langs", default="en", show_default=True, metavar="LANG,...",
              help="Languages, comma-separated (en, zh); several combinations get a LANG-THEME subfolder each.")
@click.option("--theme", "themes", default="light", show_default=True, metavar="THEME,...",
              help="Themes, comma-separated (light, dark).")
@click.option("--quality", type=click.Choice(list(QUALITIES)), default="medium", show_default=True)
@click.option("--fps", type=click.IntRange(min=1), help=f"Frame rate, at most {MAX_FPS} (a GIF's must divide 100).")
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
    from pathlib import Path

    from tqdm import tqdm

    from rnnviz.figures.build import build
    from rnnviz.figures.merge import merge_sets
    from rnnviz.figures.notes import Notes
    from rnnviz.figures.plan import plan_figures
    from rnnviz.figures.publish import write_notes

    if bool(sets) != merge:
        raise OptionError("join sets with: rnnviz figures --merge SET... -o DIR")
    warned: set[str] = set()

    def report(done, bar) -> None:  # one line per finished file, and each new warning once
        bar.write(done.line())
        bar.update()
        for message in dict.fromkeys(done.warnings):
            if message not in warned:
                warned.add(message)
                bar.write(f"warning: {message}", file=sys.stderr)

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
    click.echo(f"wrote {len(manifest.files)} files with figures.json and index.html in {out}")
    for copy in copies:
        click.echo(f"wrote {copy.path.name}: {copy.result.changed} links point at the set")
    if copies and copies[0].result.kept:
        click.echo(f"kept {len(copies[0].result.kept)} links to figures not in the set: {', '.join(copies[0].result.kept)}")
    for line in copies[0].result.unrecognised if copies else ():
        click.echo(line)


if __name__ == "__main__":
    main()
