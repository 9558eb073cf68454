"""Source adapters: each reads one kind of source folder or file into a build `Registry`."""

from __future__ import annotations

from pathlib import Path

import yaml

from copydesk.errors import InputError


def load_yaml(path: Path, shape: type = list) -> list | dict:
    """A YAML file whose top level must be a `shape` (list or dict), read with the C loader.

    Raises:
        InputError: the file is not valid YAML or its top level is not a `shape`.
    """
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as err:
        raise InputError(f"not valid YAML: {err}", source=str(path)) from err
    if not isinstance(data, shape):
        raise InputError(f"expected a YAML {shape.__name__} at the top level", source=str(path))
    return data
