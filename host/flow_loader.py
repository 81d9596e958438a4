"""Loading flow files (YAML, or n8n workflow JSON) with the line of every field kept."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedKeyMap, CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from kflow.host.errors import ConfigError
from kflow.host.registry import n8n_type_map
from kflow.host.yaml_problems import yaml_problem

__all__ = ["LoadedFlow", "load_flow_data"]


@dataclass
class LoadedFlow:
    """A flow file's data, as plain Python values, plus where each field was written."""

    path: Path
    data: Any
    raw: Any

    def line(self, *where: str | int) -> int | None:
        """The 1-based line of a field (`line("nodes", 2, "type")`) or of its nearest parent."""
        node, best = self.raw, None
        for key in where:
            position = _position(node, key)
            if position is None:
                break
            best = position
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                break
        if best is None and isinstance(self.raw, CommentedMap | CommentedSeq):
            best = self.raw.lc.line
        return None if best is None else best + 1


def _position(node: Any, key: str | int) -> int | None:
    if isinstance(node, CommentedMap) and key in node:
        return node.lc.key(key)[0]
    if isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
        return node.lc.item(key)[0]
    return None


def load_flow_data(path: Path) -> LoadedFlow:
    """Reads a flow file (YAML or JSON) and maps n8n node types onto kflow's.

    Raises:
        ConfigError: The file is missing or is not YAML/JSON; says on which line, in
            plain words.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: byte {exc.start + 1} is not UTF-8; save the file as UTF-8"
        ) from None
    if path.suffix.lower() == ".json":
        _check_json(path, text)
    try:
        raw = YAML(typ="rt", pure=True).load(text)
    except MarkedYAMLError as exc:
        if path.suffix.lower() == ".json":
            # Valid JSON that YAML refuses (tabs, say): no lines to point at, but readable.
            raw = json.loads(text)
        else:
            raise ConfigError(yaml_problem(path, text, exc)) from None
    except YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    _refuse_unquoted_expressions(path, raw)
    data = _plain(raw)
    if isinstance(data, dict):
        kflow_types = n8n_type_map()
        for node in data.get("nodes") or []:
            if isinstance(node, dict) and node.get("type") in kflow_types:
                node["type"] = kflow_types[node["type"]]
        settings = data.get("settings")
        if path.suffix == ".json" and (settings is None or isinstance(settings, dict)):
            # n8n runs a workflow that does not name its execution order in the legacy
            # order (v0); kflow's YAML flows default to v1.
            data["settings"] = {"executionOrder": "v0", **(settings or {})}
    return LoadedFlow(path, data, raw)


def _check_json(path: Path, text: str) -> None:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{path}, line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}"
        ) from None


def _refuse_unquoted_expressions(path: Path, raw: Any) -> None:
    """`p: {{ $json.x }}` without quotes is a YAML mapping, not an expression: say so."""
    if isinstance(raw, CommentedMap):
        for key, value in raw.items():
            if isinstance(value, CommentedMap) and any(
                isinstance(k, CommentedKeyMap) for k in value
            ):
                line = raw.lc.key(key)[0] + 1
                raise ConfigError(
                    f"{path}, line {line}: an expression in {{{{ }}}} must be in quotes, "
                    f'or YAML reads it as a mapping: write {key}: "={{{{ … }}}}"'
                )
            _refuse_unquoted_expressions(path, value)
    elif isinstance(raw, CommentedSeq):
        for value in raw:
            _refuse_unquoted_expressions(path, value)


def _key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _plain(value: Any) -> Any:
    """ruamel's round-trip types (ScalarFloat, ScalarBoolean, …) as plain Python values."""
    if isinstance(value, dict):
        # YAML reads `true:` as a boolean key; If's outputs are named "true" and "false".
        return {_key(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if not type(value).__module__.startswith("ruamel"):
        return value
    kind = type(value).__name__
    if kind == "ScalarBoolean":
        return bool(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value
