"""The `rnnviz` command line: parses options, calls the library, prints. No computation here."""

from __future__ import annotations

import click

from rnnviz import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rnnviz")
def main() -> None:
    """Animations of RNN, LSTM and GRU made from real forward passes."""


if __name__ == "__main__":
    main()
