"""The standard node test suite: subclass it, name your node, and get its checks for free.

    from kflow.testing import NodeSuite

    class TestAcme(NodeSuite):
        node_type = "acme"
        credentials = {"acmeApi": {"baseUrl": "https://api.acme.test", "apiKey": "k" * 20}}

The checks: the description validates and its names are unique; every displayOptions
reference points at an existing property and value; defaults match their types; required
parameters are enforced with an error naming the node, the item and the parameter;
password fields never appear in outputs; the n8n form of the description is sound JSON;
a node that ships an n8n package (entry point `kflow.n8n_packages` of its own name) builds
it, and under Node.js the package offers the node's resources and operations; and every
example the node declares (`examples = [{"parameters": …, "items": …,
"answers": [Answer(…)], "outputs": […]}]`) runs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

import pytest

from kflow.host.descriptors import NodeDescription, NodeProperty
from kflow.host.errors import NodeOperationError
from kflow.host.expressions import is_expression
from kflow.host.node import NodeType
from kflow.host.registry import credential_definitions, load_node, n8n_package_builders
from kflow.testing.run import run_node
from kflow.testing.transport import Answer, MemoryTransport

__all__ = ["NodeSuite"]

_CANARY = "kflow-canary-0000-do-not-leak-1111"
_EMPTY: tuple[Any, ...] = (None, "", [], {})


class NodeSuite:
    """Checks every node should pass. Set `node_type`; set `credentials` when the node needs
    them (password fields are replaced by a canary in the output check)."""

    node_type: ClassVar[str] = ""
    credentials: ClassVar[Mapping[str, Mapping[str, Any]]] = {}

    @pytest.fixture
    def node(self) -> NodeType:
        if not self.node_type:
            pytest.fail(f"{type(self).__name__}: set node_type to the node's type name")
        return load_node(self.node_type)

    def test_description_validates_and_names_are_unique(self, node: NodeType) -> None:
        description = node.description
        again = NodeDescription.model_validate(description.model_dump())
        assert again.name == description.name
        for group, members in _groups(description.properties):
            seen: set[tuple[str, str]] = set()
            for prop in members:
                key = (prop.name, json.dumps(_dump(prop.displayOptions), sort_keys=True))
                assert key not in seen, (
                    f"property {prop.name!r} is declared twice in {group} for the same display"
                )
                seen.add(key)
                values = [o.value for o in prop.options or [] if hasattr(o, "value")]
                twice = sorted({str(v) for v in values if values.count(v) > 1})
                assert not twice, f"property {prop.name!r} offers {twice} twice"

    def test_display_options_point_at_existing_properties_and_values(self, node: NodeType) -> None:
        properties = node.description.properties
        by_name: dict[str, list[NodeProperty]] = {}
        for prop in properties:
            by_name.setdefault(prop.name, []).append(prop)
        for prop in properties:
            for rule, name, wanted in _display_rules(prop):
                target = name.lstrip("/")
                if target == "@version":
                    continue
                assert target in by_name, (
                    f"property {prop.name!r}: displayOptions.{rule} names {target!r}, "
                    "which is not a property of the node"
                )
                for value in wanted:
                    if isinstance(value, dict) or is_expression(value):
                        continue
                    allowed = {
                        o.value
                        for p in by_name[target]
                        for o in p.options or []
                        if hasattr(o, "value")
                    }
                    if allowed:
                        assert value in allowed, (
                            f"property {prop.name!r}: displayOptions.{rule}.{target} wants "
                            f"{value!r}, which {target!r} does not offer"
                        )

    def test_defaults_match_their_types(self, node: NodeType) -> None:
        every = (p for _, members in _groups(node.description.properties) for p in members)
        for prop in every:
            problem = _default_problem(prop)
            assert problem is None, f"property {prop.name!r}: {problem}"

    async def test_required_parameters_are_enforced(self, node: NodeType) -> None:
        credentials = self._credentials()
        properties = node.description.properties
        for prop in properties:
            # A non-string parameter with a real default cannot be left empty.
            if not prop.required or (prop.type != "string" and prop.default not in _EMPTY):
                continue
            parameters = _showing(prop)
            for other in properties:
                if (
                    other.required
                    and other.name not in parameters
                    and _shown_with(other, parameters)
                ):
                    parameters[other.name] = _placeholder(other)
            if prop.type == "string":
                parameters[prop.name] = ""
            else:
                parameters.pop(prop.name, None)
            try:
                await run_node(
                    self.node_type,
                    [{}],
                    parameters,
                    credentials=credentials,
                    transport=MemoryTransport(),
                )
            except NodeOperationError as error:
                text = str(error)
                assert error.item_index == 0 and "item 0" in text, text
                assert prop.displayName in text or prop.name in text, (
                    f"the error for missing {prop.name!r} does not name it: {text}"
                )
                continue
            except AssertionError as error:
                pytest.fail(f"missing {prop.name!r} was sent anyway: {error}")
            pytest.fail(f"the required parameter {prop.name!r} was not enforced")

    async def test_password_fields_never_appear_in_outputs(self, node: NodeType) -> None:
        credentials = self._credentials(canary=True)
        if not credentials:
            pytest.skip("the node takes no credentials")
        for example in self._examples(node):
            transport = MemoryTransport([_answer(a) for a in example.get("answers", [])])
            outputs = await run_node(
                self.node_type,
                example.get("items", [{}]),
                example.get("parameters", {}),
                credentials=credentials,
                transport=transport,
                on_error="continueRegularOutput",
            )
            assert _CANARY not in json.dumps(outputs, ensure_ascii=False, default=str)

    def test_n8n_form_is_sound_json(self, node: NodeType) -> None:
        data = json.loads(json.dumps(node.description.to_n8n(), ensure_ascii=False))
        for field in ("displayName", "name", "version", "properties", "inputs", "outputs"):
            assert field in data, f"the n8n description has no {field!r}"

    def test_n8n_package_loads(self, node: NodeType, tmp_path: Path) -> None:
        """A node that ships an n8n package (the `kflow.n8n_packages` entry point of its own
        name): the package builds, and under Node.js its node offers what the node offers."""
        builder = n8n_package_builders().get(self.node_type)
        if builder is None:
            pytest.skip("the node ships no n8n package")
        files = builder(tmp_path)
        package = json.loads((tmp_path / "package.json").read_text(encoding="utf-8"))
        for path in package["n8n"]["nodes"] + package["n8n"]["credentials"]:
            assert (tmp_path / path) in files, f"package.json names a missing file {path}"
        node_js = shutil.which("node")
        if node_js is None:
            pytest.skip("Node.js is not installed")
        (script := tmp_path / "describe.js").write_text(
            "const m = require(process.argv[2]);"
            "const cls = Object.values(m).find((v) => typeof v === 'function');"
            "process.stdout.write(JSON.stringify(new cls().description));",
            encoding="utf-8",
        )
        loaded = json.loads(
            subprocess.run(
                [node_js, str(script), str(tmp_path / package["n8n"]["nodes"][0])],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        ours = node.description.to_n8n()
        selectors = {
            (
                tuple((p.get("displayOptions") or {}).get("show", {}).get("resource", [])),
                p["name"],
            ): [o["value"] for o in p.get("options", [])]
            for p in ours["properties"]
            if p["name"] in ("resource", "operation")
        }
        for prop in loaded["properties"]:
            key = (
                tuple((prop.get("displayOptions") or {}).get("show", {}).get("resource", [])),
                prop["name"],
            )
            if key in selectors:
                offered = [o["value"] for o in prop["options"]]
                assert offered == selectors[key], f"the package offers {offered} for {key}"

    async def test_declared_examples_run(self, node: NodeType) -> None:
        examples = list(getattr(node, "examples", []) or [])
        if not examples:
            pytest.skip("the node declares no examples")
        for number, example in enumerate(examples):
            transport = MemoryTransport([_answer(a) for a in example.get("answers", [])])
            outputs = await run_node(
                self.node_type,
                example.get("items", [{}]),
                example.get("parameters", {}),
                credentials=self._credentials(),
                transport=transport,
            )
            if "outputs" in example:
                assert [o["json"] for o in outputs] == example["outputs"], f"example {number}"

    def _credentials(self, *, canary: bool = False) -> dict[str, dict[str, Any]]:
        if not canary:
            return {k: dict(v) for k, v in self.credentials.items()}
        definitions = credential_definitions()
        found: dict[str, dict[str, Any]] = {}
        for type_name, data in self.credentials.items():
            secrets = {
                p.name
                for p in definitions[type_name].type.properties
                if (p.typeOptions or {}).get("password")
            }
            found[type_name] = {k: _CANARY if k in secrets else v for k, v in data.items()}
        return found

    def _examples(self, node: NodeType) -> Iterator[Mapping[str, Any]]:
        declared = list(getattr(node, "examples", []) or [])
        yield from declared or [{"parameters": {}, "items": [{}]}]


def _answer(value: Answer | Mapping[str, Any]) -> Answer:
    return value if isinstance(value, Answer) else Answer(**value)


def _dump(options: Any) -> Any:
    return options.model_dump(exclude_none=True) if options is not None else None


def _groups(
    properties: list[NodeProperty], where: str = "the node"
) -> Iterator[tuple[str, list[NodeProperty]]]:
    """The node's properties, then each collection's own, as (where, properties)."""
    yield where, properties
    for prop in properties:
        for option in prop.options or []:
            nested = getattr(option, "values", None)
            if nested:
                yield from _groups(nested, f"{prop.name}.{option.name}")
        members = [o for o in prop.options or [] if isinstance(o, NodeProperty)]
        if members:
            yield from _groups(members, prop.name)


def _display_rules(prop: NodeProperty) -> Iterator[tuple[str, str, list[Any]]]:
    options = prop.displayOptions
    if options is None:
        return
    for rule in ("show", "hide"):
        for name, values in (getattr(options, rule, None) or {}).items():
            yield rule, name, list(values)


def _showing(prop: NodeProperty) -> dict[str, Any]:
    """Parameters under which `prop` is shown: the first value each show rule asks for."""
    found: dict[str, Any] = {}
    for rule, name, values in _display_rules(prop):
        if rule == "show" and not name.startswith(("@", "/")) and values:
            first = values[0]
            if not isinstance(first, dict):
                found[name] = first
    return found


def _shown_with(prop: NodeProperty, parameters: Mapping[str, Any]) -> bool:
    """Whether `prop`'s show rules hold for these parameters (hide rules aside)."""
    for rule, name, values in _display_rules(prop):
        if (
            rule == "show"
            and not name.startswith(("@", "/"))
            and parameters.get(name) not in values
        ):
            return False
    return True


def _placeholder(prop: NodeProperty) -> Any:
    """A plain, non-empty value of the property's type (enough to pass a required check)."""
    values = [o.value for o in prop.options or [] if hasattr(o, "value")]
    if values:
        return values[0]
    if prop.type == "fixedCollection" and prop.options:
        multiple = bool((prop.typeOptions or {}).get("multipleValues"))
        group = prop.options[0].name
        return {group: [] if multiple else {}}
    if prop.type in ("collection", "assignmentCollection", "filter"):
        return prop.default or {"": ""}
    return {"number": 1, "boolean": True, "json": "{}"}.get(prop.type, "1")


def _default_problem(prop: NodeProperty) -> str | None:
    default = prop.default
    kind = prop.type
    if default is None:
        return None
    if isinstance(default, str) and is_expression(default):
        return None
    checks: dict[str, tuple[type, ...]] = {
        "string": (str,),
        "number": (int, float),
        "boolean": (bool,),
        "collection": (dict,),
        "fixedCollection": (dict,),
        "assignmentCollection": (dict,),
        "filter": (dict,),
        "multiOptions": (list,),
        "json": (str, dict, list),
        "dateTime": (str,),
        "color": (str,),
        "hidden": (str, int, float, bool, dict, list),
        "notice": (str,),
    }
    expected = checks.get(kind)
    if expected and not isinstance(default, expected):
        return f"default {default!r} is not a {kind}"
    if kind == "number" and isinstance(default, bool):
        return f"default {default!r} is not a number"
    values = [o.value for o in prop.options or [] if hasattr(o, "value")]
    if kind == "options" and values and default not in values:
        return f"default {default!r} is not one of its options"
    if kind == "multiOptions" and values and not set(default) <= set(values):
        return f"default {default!r} holds values it does not offer"
    return None
