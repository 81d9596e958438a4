"""Credential definitions and where their values come from: a YAML file or the environment."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from kflow.host.descriptors import CredentialType, NodeDescription
from kflow.host.errors import ConfigError
from kflow.host.redaction import Redactor

__all__ = [
    "CredentialDefinition",
    "Credentials",
    "apply_authentication",
    "credentials_from_env",
    "load_credentials_file",
    "node_credentials",
]

_TEMPLATE = re.compile(r"=?\{\{\s*\$credentials\.(\w+)\s*\}\}")
_ENV_REF = re.compile(r"\$\{(\w+)\}")


@dataclass(frozen=True)
class CredentialDefinition:
    """A credential type plus what the host needs to load it.

    Attributes:
        type: The n8n-shaped credential type.
        env: Field name -> environment variable; all must be set to load from the environment.
        optional_env: Field name -> environment variable read when set.
        normalize: Checks and normalises the fields; raises ConfigError with a clear cause.
    """

    type: CredentialType
    env: Mapping[str, str] = field(default_factory=dict)
    optional_env: Mapping[str, str] = field(default_factory=dict)
    normalize: Callable[[dict[str, Any]], dict[str, Any]] = dict


class Credentials:
    """Credential data by type name, with its secrets registered for redaction.

    Its repr never shows a value.
    """

    def __init__(self, redactor: Redactor | None = None) -> None:
        self._data: dict[str, dict[str, Any]] = {}
        self._named: dict[str, tuple[str, dict[str, Any]]] = {}
        self.redactor = redactor or Redactor()

    def __repr__(self) -> str:
        return f"Credentials(types={sorted(self._data)}, names={sorted(self._named)})"

    def add(
        self, definition: CredentialDefinition, data: Mapping[str, Any], *, name: str | None = None
    ) -> None:
        """Checks `data` against the type's fields and stores it.

        Raises:
            ConfigError: An unknown or missing field, or a value the type rejects.
        """
        ctype = definition.type
        # Register secrets before anything can fail, so no error can ever show them.
        for name in ctype.secret_fields():
            if isinstance(data.get(name), str):
                self.redactor.add(data[name])
        known = {p.name: p for p in ctype.properties}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ConfigError(
                f"credentials {ctype.name!r}: unknown field {unknown[0]!r}; "
                f"expected: {', '.join(known)}"
            )
        values = {name: data.get(name, prop.default) for name, prop in known.items()}
        for name, prop in known.items():
            if prop.required and values[name] in (None, ""):
                raise ConfigError(
                    f"credentials {ctype.name!r}: {prop.displayName} ({name}) is missing"
                )
        normalized = definition.normalize(values)
        self._data.setdefault(ctype.name, normalized)
        if name is not None:
            if name in self._named:
                raise ConfigError(f"two credentials are named {name!r}")
            self._named[name] = (ctype.name, normalized)

    def get(self, type_name: str, name: str | None = None) -> dict[str, Any] | None:
        """The data of a credential type: the entry called `name` when it exists, else the
        type's first entry (so a flow naming an entry also runs with `--sandbox`)."""
        entry = self._named.get(name) if name else None
        if entry is not None and entry[0] == type_name:
            return entry[1]
        return self._data.get(type_name)

    def as_dict(self) -> dict[str, dict[str, Any]]:
        """All credential data by type name (contains secrets: never print it)."""
        return dict(self._data)


def apply_authentication(ctype: CredentialType, data: Mapping[str, Any]) -> dict[str, str]:
    """The headers a credential adds to a request (n8n's generic `authenticate` block)."""
    if ctype.authenticate is None:
        return {}
    headers = ctype.authenticate.properties.get("headers", {})

    def fill(template: str) -> str:
        return _TEMPLATE.sub(lambda m: str(data.get(m.group(1)) or ""), template)

    return {name: fill(value) for name, value in headers.items()}


def credentials_from_env(
    definitions: Mapping[str, CredentialDefinition],
    environ: Mapping[str, str] | None = None,
    *,
    redactor: Redactor | None = None,
) -> Credentials:
    """Credentials of every type whose environment variables are all set."""
    environ = os.environ if environ is None else environ
    creds = Credentials(redactor)
    for definition in definitions.values():
        if definition.env and all(environ.get(var) for var in definition.env.values()):
            data = {f: environ[var] for f, var in definition.env.items()}
            data.update(
                {f: environ[v] for f, v in definition.optional_env.items() if environ.get(v)}
            )
            creds.add(definition, data)
    return creds


def load_credentials_file(
    path: Path,
    definitions: Mapping[str, CredentialDefinition],
    environ: Mapping[str, str] | None = None,
    *,
    redactor: Redactor | None = None,
) -> Credentials:
    """Credentials from a YAML file.

    Either keyed by type, `{keitaroApi: {domain: …, apiKey: …}}`, or by entry name with a
    `type` field, `{"Main tracker": {type: keitaroApi, domain: …}}`, which flows refer to
    by name. String values may name environment variables as `${NAME}`, so that no
    secret has to sit in the file.

    Raises:
        ConfigError: The file is missing or malformed, names an unknown type or variable.
    """
    environ = os.environ if environ is None else environ
    try:
        raw = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"credentials file {path}: {exc.strerror}") from None
    except YAMLError as exc:
        raise ConfigError(f"credentials file {path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"credentials file {path}: expected a mapping of credential types")
    creds = Credentials(redactor)
    for key, data in raw.items():
        if not isinstance(data, dict):
            raise ConfigError(f"credentials file {path}: {key!r} must be a mapping of fields")
        fields = dict(data)
        type_name = str(fields.pop("type", key))
        definition = definitions.get(type_name)
        if definition is None:
            raise ConfigError(
                f"credentials file {path}: unknown credential type {type_name!r}; "
                f"known: {', '.join(sorted(definitions))}"
            )
        values = {k: _expand_env(v, environ, path) for k, v in fields.items()}
        creds.add(definition, values, name=None if key == type_name else str(key))
    return creds


def _expand_env(value: Any, environ: Mapping[str, str], path: Path) -> Any:
    if not isinstance(value, str):
        return value

    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in environ:
            raise ConfigError(f"credentials file {path}: environment variable {name} is not set")
        return environ[name]

    return _ENV_REF.sub(sub, value)


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
            which = f" named {wanted!r}" if wanted else ""
            raise ConfigError(
                f"{node_name}: needs credentials {slot.name!r}{which}; give --credentials "
                "FILE, set them in the environment, or use --sandbox"
            )
        if data is not None:
            found[slot.name] = data
    return found
