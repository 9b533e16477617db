"""The `rnnviz` command line: parses options, calls the library, prints. No computation here."""

from __future__ import annotations

import click

from rnnviz import __version__


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


if __name__ == "__main__":
    main()
