"""Print the pinned requirements from pyproject.toml (runtime and development) for pip."""

import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
for requirement in project["dependencies"] + project["optional-dependencies"]["dev"]:
    print(requirement)  # noqa: T201
