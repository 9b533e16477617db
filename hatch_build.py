"""Wheel layout: the checkout keeps cli.py, scenes/ and assets/ at the top; the wheel puts them
inside the rnnviz package, so an installed rnnviz squats no generic top-level names.

An editable install skips this: it puts the checkout on sys.path and rnnviz/__init__.py finds
the three beside itself.
"""

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

INTO_PACKAGE = {"cli.py": "rnnviz/cli.py", "scenes": "rnnviz/scenes", "assets": "rnnviz/assets"}


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if version == "standard":
            build_data["force_include"].update(INTO_PACKAGE)
