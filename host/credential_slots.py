"""A node's credential slots filled from the loaded credentials, and what to say when a
required one is missing (the installed credential type's variables, a file, --sandbox).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kflow.host.credentials import CredentialDefinition
from kflow.host.descriptors import NodeDescription
from kflow.host.errors import ConfigError
from kflow.host.registry import credential_definitions
from kflow.host.wording import shown

__all__ = ["missing_credentials_message", "node_credentials"]


def node_credentials(
    description: NodeDescription,
    node_name: str,
    lookup: Callable[[str, str | None], dict[str, Any] | None],
    named: Callable[[str], str | None] = lambda slot: None,
) -> dict[str, dict[str, Any]]:
    """The credential data a node runs with, by credential type, checked against its slots.

    Args:
        description: The node's description (its credential slots).
        node_name: The node's name, for the error.
        lookup: Finds data by credential type and entry name.
        named: The entry name the flow gives for a slot, if any.

    Raises:
        ConfigError: A required credential (or a named entry) is missing.
    """
    found: dict[str, dict[str, Any]] = {}
    for slot in description.credentials:
        wanted = named(slot.name)
        data = lookup(slot.name, wanted)
        if data is None and (slot.required or wanted):
            raise ConfigError(missing_credentials_message(node_name, slot.name, wanted))
        if data is not None:
            found[slot.name] = data
    return found


def missing_credentials_message(
    node_name: str,
    type_name: str,
    wanted: str | None = None,
    definition: CredentialDefinition | None = None,
) -> str:
    """What a node lacks and the three ways to give it: the environment variables that
    fill the credential, a credentials file, or `--sandbox`.

    `definition` defaults to the installed credential type of that name.
    """
    if definition is None:
        definition = credential_definitions().get(type_name)
    label = definition.type.displayName if definition is not None else None
    which = f" named {shown(wanted)}" if wanted else ""
    about = f" ({label})" if label and label != type_name else ""
    text = f"{node_name}: needs credentials {shown(type_name)}{about}{which}, and none are loaded."
    if definition is not None and definition.env:
        needed = " and ".join(definition.env.values())
        optional = ", ".join(definition.optional_env.values())
        text += f" Set {needed} in the environment"
        text += f" ({optional} optional)," if optional else ","
        text += " or give"
    else:
        text += " Give"
    fields = (
        ", ".join(f"{p.name}: …" for p in definition.type.properties if p.required)
        if definition is not None
        else "…"
    )
    example = f"{wanted or type_name}: {{{'type: ' + type_name + ', ' if wanted else ''}{fields}}}"
    text += (
        f" --credentials FILE (a YAML file such as `{example}`),"
        " or use --sandbox to try it against the built-in emulators"
    )
    return text
