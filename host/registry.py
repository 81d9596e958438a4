"""What is installed, found through entry points: node types (`kflow.nodes`), credential
types (`kflow.credentials`), sandboxes (`kflow.sandboxes`) and n8n package builders
(`kflow.n8n_packages`). Commands (`kflow.commands`) are found by the CLI (cli/main.py).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from functools import cache
from importlib.metadata import EntryPoints, entry_points
from pathlib import Path
from typing import Any

from kflow.host.credentials import CredentialDefinition
from kflow.host.errors import ConfigError
from kflow.host.node import NodeType, traits_of
from kflow.host.versions import VersionedNode, pick_version
from kflow.host.wording import closest, did_you_mean, shown

__all__ = [
    "credential_definitions",
    "credential_test",
    "is_installed",
    "load_node",
    "load_node_type",
    "load_node_version",
    "n8n_type_map",
    "n8n_type_name",
    "node_type_hint",
    "node_types",
    "sandbox_providers",
]

N8N_PACKAGE_PREFIX = "n8n-nodes-"


@cache
def _installed() -> EntryPoints:
    """Every installed entry point, read once per process (reading them means reading every
    installed package's metadata)."""
    return entry_points()


def _entry_points(**match: str) -> EntryPoints:
    return _installed().select(**match)


@cache
def node_types() -> dict[str, type[NodeType] | NodeType | VersionedNode]:
    """Installed node types by type name.

    A node type that cannot be loaded is left out with a warning, so that one broken
    package does not take every flow down; flows that use it are told it is missing.
    """
    found: dict[str, type[NodeType] | NodeType | VersionedNode] = {}
    for ep in _entry_points(group="kflow.nodes"):
        try:
            found[ep.name] = ep.load()
        except Exception as exc:  # any import-time failure of a node package
            logging.getLogger("kflow").warning(
                "the node type %r of %s could not be loaded: %s", ep.name, ep.value, exc
            )
    return found


@cache
def credential_definitions() -> dict[str, CredentialDefinition]:
    """Installed credential types by type name."""
    return {ep.name: ep.load() for ep in _entry_points(group="kflow.credentials")}


@cache
def n8n_type_map() -> dict[str, str]:
    """n8n type names (as in workflow exports) → the kflow node types that run them."""
    found: dict[str, str] = {}
    for name, node in node_types().items():
        for n8n_type in traits_of(node).n8n_types:
            found.setdefault(n8n_type, name)
    return found


def n8n_type_name(type_name: str) -> str:
    """The n8n type name a kflow node type declares first, or its own name."""
    names = traits_of(node_types().get(type_name)).n8n_types
    return names[0] if names else type_name


def node_type_hint(type_name: str) -> str:
    """`did you mean "keitaro"?` for a mistyped node type, or an empty string. An n8n name
    (`n8n-nodes-base.htttpRequest`) is compared with the n8n names of its own package."""
    if "." not in type_name:
        return did_you_mean(type_name, node_types())
    package, local = type_name.rsplit(".", 1)
    named = {n.rsplit(".", 1)[1]: n for n in n8n_type_map() if n.startswith(package + ".")}
    found = closest(local, named)
    return f'did you mean "{named[found]}"?' if found is not None else ""


def is_installed(type_name: str) -> bool:
    """Whether `load_node(type_name)` finds a node type."""
    return _local_name(type_name) in node_types()


def _local_name(type_name: str) -> str:
    return type_name.split(".", 1)[1] if type_name.startswith(N8N_PACKAGE_PREFIX) else type_name


def _one_node_type(name: str) -> type[NodeType] | NodeType | VersionedNode | None:
    """The installed node type of that name, loading its entry point alone (a command that
    runs one node imports no other); every type is loaded when it is not found that way,
    so that a broken package is reported as node_types() does."""
    if not node_types.cache_info().currsize:
        found = _entry_point_node_type(name)
        if found is not None:
            return found
    return node_types().get(name)


@cache
def _entry_point_node_type(name: str) -> type[NodeType] | NodeType | VersionedNode | None:
    """The node type of that name loaded from its entry point alone, once per process (a
    streamed run builds its flow's graph for every window); None when it is not installed
    or does not load."""
    for ep in _entry_points(group="kflow.nodes", name=name):
        try:
            loaded: type[NodeType] | NodeType | VersionedNode = ep.load()
        except Exception:  # reported by node_types()
            break
        return loaded
    return None


def load_node_type(type_name: str) -> NodeType | VersionedNode:
    """The node type `type_name` (`keitaro` or `n8n-nodes-keitaro.keitaro`), all versions.

    Raises:
        ConfigError: No such node type is installed.
    """
    found = _one_node_type(_local_name(type_name))
    if found is None:
        known = ", ".join(sorted(node_types())) or "none"
        hint = node_type_hint(type_name)
        if hint:
            raise ConfigError(
                f"unknown node type {shown(type_name)}; {hint} "
                "(`kflow nodes` lists the installed ones)"
            )
        raise ConfigError(
            f"unknown node type {shown(type_name)}. Installed: {known} "
            "(`kflow nodes` lists them with their n8n types)"
        )
    node: NodeType | VersionedNode = found() if isinstance(found, type) else found
    return node


def load_node_version(type_name: str, version: float | None) -> tuple[NodeType, float]:
    """The implementation that runs `version` of a node type (None: its default version),
    and that version.

    Raises:
        ConfigError: No such node type is installed, or it does not run that version.
    """
    return pick_version(load_node_type(type_name), version, type_name=type_name)


def load_node(type_name: str, version: float | None = None) -> NodeType:
    """The implementation that runs `version` of a node type (None: its default version).

    Raises:
        ConfigError: No such node type is installed, or it does not run that version.
    """
    return load_node_version(type_name, version)[0]


CredentialTestFn = Callable[..., Awaitable[Any]]


def credential_test(type_name: str) -> CredentialTestFn:
    """The test of a credential type: the `testedBy` method of a node that takes it.

    Raises:
        ConfigError: No installed node can test this credential type.
    """
    for found in node_types().values():
        node = found() if isinstance(found, type) else found
        impls = node.implementations if isinstance(node, VersionedNode) else (node,)
        for impl in impls:
            tests = getattr(impl, "credential_tests", {})
            for slot in impl.description.credentials:
                if slot.name == type_name and slot.testedBy in tests:
                    test: CredentialTestFn = tests[slot.testedBy]
                    return test
    raise ConfigError(f"no installed node can test credentials {type_name!r}")


SandboxProvider = Callable[[], AbstractAsyncContextManager[dict[str, dict[str, Any]]]]
"""Starts a sandbox; while it runs, gives credential data by credential type name."""


@cache
def sandbox_providers() -> list[SandboxProvider]:
    """The installed sandboxes, which `--sandbox` starts."""
    return [ep.load() for ep in _entry_points(group="kflow.sandboxes")]


@cache
def n8n_package_builders() -> dict[str, Callable[[Path], list[Path]]]:
    """Installed n8n community package builders by name: `build(out_dir) -> files written`."""
    return {ep.name: ep.load() for ep in _entry_points(group="kflow.n8n_packages")}
