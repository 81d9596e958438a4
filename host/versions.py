"""Node type versions, as n8n's versioned node types have them.

A node type lists the versions it runs. One implementation may run several versions (n8n's
If 2 to 2.3 is one class that reads its version); a type whose versions differ in kind is a
VersionedNode: a default version, and the implementations that run the others. A flow
node's `typeVersion` picks one; a flow node without it gets the default version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kflow.host.descriptors import NodeDescription
from kflow.host.errors import ConfigError
from kflow.host.node import NodeTraits, NodeType, traits_of

__all__ = ["VersionedNode", "default_version", "pick_version", "versions_of"]


def _listed(description: NodeDescription) -> list[float]:
    version = description.version
    return [float(v) for v in (version if isinstance(version, list) else [version])]


@dataclass(frozen=True)
class VersionedNode:
    """A node type whose versions are run by different implementations.

    Attributes:
        default: The version a flow node without `typeVersion` gets (n8n's defaultVersion;
            the newest version n8n's editor adds).
        implementations: Each runs the versions its description lists.
    """

    default: float
    implementations: tuple[NodeType, ...]

    def __post_init__(self) -> None:
        seen: dict[float, str] = {}
        for impl in self.implementations:
            for version in _listed(impl.description):
                if version in seen:
                    raise ValueError(f"version {version:g} is run by two implementations")
                seen[version] = impl.description.name
        if float(self.default) not in seen:
            raise ValueError(f"the default version {self.default:g} has no implementation")

    @property
    def versions(self) -> list[float]:
        """Every version this type runs, oldest first."""
        return sorted(v for impl in self.implementations for v in _listed(impl.description))

    def implementation(self, version: float) -> NodeType | None:
        """The implementation that runs `version`, if any."""
        for impl in self.implementations:
            if float(version) in _listed(impl.description):
                return impl
        return None

    @property
    def description(self) -> NodeDescription:
        """The default version's description, listing every version."""
        impl = self.implementation(self.default)
        assert impl is not None
        return impl.description.model_copy(
            update={"version": self.versions, "defaultVersion": self.default}
        )

    @property
    def traits(self) -> NodeTraits:
        """The default version's traits (the n8n type names are the same for all)."""
        impl = self.implementation(self.default)
        return traits_of(impl)


def versions_of(node: NodeType | VersionedNode) -> list[float]:
    """Every version a node type runs, oldest first."""
    if isinstance(node, VersionedNode):
        return node.versions
    return sorted(_listed(node.description))


def default_version(node: NodeType | VersionedNode) -> float:
    """The version a flow node without `typeVersion` runs: the declared default, else the
    newest version."""
    if isinstance(node, VersionedNode):
        return float(node.default)
    declared = node.description.defaultVersion
    return float(declared) if declared is not None else versions_of(node)[-1]


def pick_version(
    node: NodeType | VersionedNode, version: float | None, *, type_name: str
) -> tuple[NodeType, float]:
    """The implementation and the version a flow node runs.

    Raises:
        ConfigError: The node type does not run that version; the message names those it runs.
    """
    wanted = default_version(node) if version is None else float(version)
    if isinstance(node, VersionedNode):
        found = node.implementation(wanted)
    else:
        found = node if wanted in _listed(node.description) else None
    if found is None:
        raise ConfigError(
            f"node type {type_name!r} has no version {wanted:g}; kflow runs "
            f"{_spoken(versions_of(node))} (typeVersion picks one; leave it out for "
            f"{default_version(node):g})"
        )
    return found, wanted


def _spoken(versions: Iterable[float]) -> str:
    return ", ".join(f"{v:g}" for v in versions)
