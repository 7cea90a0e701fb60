"""Print, as JSON, every key that the installed LLaMA-Factory's `train` command accepts.

`llamafactory-cli train config.yaml` parses one flat namespace with HfArgumentParser.parse_dict
over the dataclasses in `llamafactory.hparams.parser._TRAIN_ARGS` (model, data, training,
finetuning and generating arguments). parse_dict calls each dataclass with the YAML values as they
are (no type conversion), and an unknown key is a hard error. ftdojo validates a config against
this list before it starts a process; src/runtime/llamafactory/llamafactory-keys.json is the
snapshot for the pinned version (`npm run gen:lf-keys` regenerates it).

Usage: python llamafactory_keys.py  (prints JSON on stdout; nothing else is printed there)
"""

from __future__ import annotations

import dataclasses
import enum
import importlib.metadata
import json
import os
import sys
import types
import typing


def _base_kind(annotation: typing.Any) -> list[str]:
    """The JSON kinds a value of this annotation may take (before None)."""
    origin = typing.get_origin(annotation)
    if annotation is bool:
        return ["bool"]
    if annotation is int:
        return ["int"]
    if annotation is float:
        return ["float"]
    if annotation is str:
        return ["str"]
    if origin is typing.Literal:
        kinds = {type(value).__name__ for value in typing.get_args(annotation)}
        return sorted("str" if kind == "str" else kind for kind in kinds)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return ["str"]
    if origin in (list, tuple) or annotation in (list, tuple):
        return ["list"]
    if origin is dict or annotation is dict:
        return ["dict"]
    if origin is typing.Union or isinstance(annotation, types.UnionType):
        kinds: list[str] = []
        for member in typing.get_args(annotation):
            if member is type(None):
                continue
            for kind in _base_kind(member):
                if kind not in kinds:
                    kinds.append(kind)
        return kinds
    return ["any"]


def _choices(annotation: typing.Any) -> list[typing.Any] | None:
    members = typing.get_args(annotation) if typing.get_origin(annotation) in (typing.Union, types.UnionType) else (annotation,)
    for member in members:
        if typing.get_origin(member) is typing.Literal:
            return [value for value in typing.get_args(member)]
        if isinstance(member, type) and issubclass(member, enum.Enum):
            return [item.value for item in member]
    return None


def _nullable(annotation: typing.Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation)


def _jsonable(value: typing.Any) -> typing.Any:
    if isinstance(value, enum.Enum):
        return _jsonable(value.value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else str(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return repr(value)


def _default(field: dataclasses.Field) -> typing.Any:
    if field.default is not dataclasses.MISSING:
        return _jsonable(field.default)
    if field.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
        try:
            return _jsonable(field.default_factory())  # type: ignore[misc]
        except Exception:  # noqa: BLE001 - a factory that needs context: record that there is one
            return None
    return None


def _first_line(text: typing.Any) -> str:
    if not isinstance(text, str):
        return ""
    return " ".join(text.strip().split("\n")[0].split())


def collect() -> dict[str, typing.Any]:
    # The parser module runs LLaMA-Factory's dependency check on import: an out-of-range package
    # fails here exactly as it would fail in training.
    from llamafactory.hparams import parser

    keys: dict[str, typing.Any] = {}
    groups: list[str] = []
    for cls in parser._TRAIN_ARGS:  # noqa: SLF001 - the exact list `train` parses
        groups.append(cls.__name__)
        hints = typing.get_type_hints(cls)
        for field in dataclasses.fields(cls):
            if not field.init or field.name in keys:
                continue
            annotation = hints.get(field.name, field.type)
            entry: dict[str, typing.Any] = {
                "group": cls.__name__,
                "type": _base_kind(annotation),
                "nullable": _nullable(annotation),
                "default": _default(field),
                "required": field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING,  # type: ignore[misc]
                "help": _first_line(field.metadata.get("help")),
            }
            choices = _choices(annotation)
            if choices is not None:
                entry["choices"] = _jsonable(choices)
            keys[field.name] = entry

    # The `template` key takes any registered chat template name; the parser does not list them.
    from llamafactory.data.template import TEMPLATES

    return {
        "schemaVersion": 1,
        "llamafactory": importlib.metadata.version("llamafactory"),
        "transformers": importlib.metadata.version("transformers"),
        "groups": groups,
        "keys": dict(sorted(keys.items())),
        "templates": sorted(TEMPLATES),
    }


def main() -> int:
    if os.environ.get("USE_MCA"):
        print("unset USE_MCA: ftdojo lists the keys of the standard (non-Megatron) train parser", file=sys.stderr)
        return 2
    # Libraries log to stdout on import; keep stdout for the JSON alone.
    real_stdout = sys.stdout
    sys.stdout = sys.stderr
    try:
        result = collect()
    finally:
        sys.stdout = real_stdout
    json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
