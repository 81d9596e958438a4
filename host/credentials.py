"""Credential definitions and where their values come from: a YAML file or the environment."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from kflow.host.descriptors import CredentialType
from kflow.host.errors import ConfigError
from kflow.host.redaction import Redactor
from kflow.host.yaml_problems import yaml_problem

__all__ = [
    "CredentialDefinition",
    "CredentialEntry",
    "Credentials",
    "NodeCredentials",
    "apply_authentication",
    "credentials_from_env",
    "load_credentials_file",
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


@dataclass(frozen=True)
class CredentialEntry:
    """One loaded credential: its type, its name in the file (None when keyed by type),
    and its checked data (which holds secrets: never print it)."""

    type_name: str
    name: str | None
    data: dict[str, Any] = field(repr=False)


class Credentials:
    """Loaded credentials, several of a type allowed when named, with their secrets
    registered for redaction.

    A node picks an entry by name, as n8n exports do (`credentials: {keitaroApi: {name:
    Main tracker}}`). Its repr never shows a value.

    `environment` holds variables that came with the credentials (a sandbox's addresses,
    such as the ad network emulator's URL): `$env` shows them, unless the process's own
    environment sets the same name.
    """

    def __init__(self, redactor: Redactor | None = None) -> None:
        self._entries: list[CredentialEntry] = []
        self.redactor = redactor or Redactor()
        self.environment: dict[str, str] = {}

    def __repr__(self) -> str:
        types = sorted({entry.type_name for entry in self._entries})
        names = sorted(entry.name for entry in self._entries if entry.name is not None)
        return f"Credentials(types={types}, names={names})"

    def add(
        self, definition: CredentialDefinition, data: Mapping[str, Any], *, name: str | None = None
    ) -> None:
        """Checks `data` against the type's fields and stores it, under `name` if given.

        Raises:
            ConfigError: An unknown or missing field, a value the type rejects, or a name
                (or an unnamed type) loaded twice.
        """
        ctype = definition.type
        # Register secrets before anything can fail, so no error can ever show them.
        for secret in ctype.secret_fields():
            if isinstance(data.get(secret), str):
                self.redactor.add(data[secret])
        which = f"credentials {name!r}" if name is not None else f"credentials {ctype.name!r}"
        known = {p.name: p for p in ctype.properties}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ConfigError(
                f"{which}: unknown field {unknown[0]!r}; expected: {', '.join(known)}"
            )
        values = {
            field_name: data.get(field_name, prop.default) for field_name, prop in known.items()
        }
        for field_name, prop in known.items():
            if prop.required and values[field_name] in (None, ""):
                raise ConfigError(f"{which}: {prop.displayName} ({field_name}) is missing")
        normalized = definition.normalize(values)
        for entry in self._entries:
            if name is not None and entry.name == name:
                raise ConfigError(f"two credentials are named {name!r}")
            if name is None and entry.name is None and entry.type_name == ctype.name:
                raise ConfigError(f"two unnamed {ctype.name!r} credentials: name them")
        self._entries.append(CredentialEntry(ctype.name, name, normalized))

    def entries(self, type_name: str | None = None) -> list[CredentialEntry]:
        """The loaded entries (of one type when given), in the order they were loaded."""
        return [e for e in self._entries if type_name is None or e.type_name == type_name]

    def get(self, type_name: str, name: str | None = None) -> dict[str, Any] | None:
        """The data a node with a `type_name` slot runs with, or None when there is none.

        - A name that is loaded picks that entry.
        - When the type has a single entry, it is used whatever the name (so a flow naming
          its n8n credential also runs with `--sandbox` or a file keyed by type).
        - Otherwise it is never guessed.

        Raises:
            ConfigError: The name belongs to another type, or is not among several entries
                of the type, or no name is given and several entries could be meant.
        """
        candidates = self.entries(type_name)
        if name is not None:
            for entry in self._entries:
                if entry.name == name:
                    if entry.type_name != type_name:
                        raise ConfigError(
                            f"credentials {name!r} are of type {entry.type_name!r}, "
                            f"not {type_name!r}"
                        )
                    return entry.data
        if len(candidates) == 1:
            return candidates[0].data
        if not candidates:
            return None
        names = ", ".join(repr(e.name or e.type_name) for e in candidates)
        if name is not None:
            raise ConfigError(
                f"no {type_name!r} credentials are named {name!r}; the loaded ones are {names}"
            )
        raise ConfigError(
            f"there are several {type_name!r} credentials ({names}): pick one by name "
            f"(credentials: {{{type_name}: {{name: …}}}} on the node, or --credential NAME)"
        )


def apply_authentication(ctype: CredentialType, data: Mapping[str, Any]) -> dict[str, str]:
    """The headers a credential adds to a request (n8n's generic `authenticate` block)."""
    if ctype.authenticate is None:
        return {}
    headers = ctype.authenticate.properties.get("headers", {})
    return {name: _filled(_template_parts(value), data) for name, value in headers.items()}


@functools.lru_cache(maxsize=256)
def _template_parts(template: str) -> tuple[str, ...]:
    """The template split at its `{{ $credentials.<field> }}` references: text and field
    names alternate (text first and last)."""
    return tuple(_TEMPLATE.split(template))


def _filled(parts: tuple[str, ...], data: Mapping[str, Any]) -> str:
    if len(parts) == 1:
        return parts[0]
    return "".join(
        [part if i % 2 == 0 else str(data.get(part) or "") for i, part in enumerate(parts)]
    )


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
        text = path.read_text(encoding="utf-8-sig")
        raw = YAML(typ="safe").load(text)
    except OSError as exc:
        raise ConfigError(f"credentials file {path}: {exc.strerror}") from None
    except MarkedYAMLError as exc:
        raise ConfigError(f"credentials file {yaml_problem(path, text, exc)}") from None
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


@dataclass(frozen=True)
class NodeCredentials:
    """The credentials a node that picks its credential type by parameter (HTTP Request)
    may use: data by type, the entry the flow names for that type taken first, and the
    type's definition (its `authenticate` block)."""

    credentials: Credentials
    named: Callable[[str], str | None]
    definitions: Mapping[str, CredentialDefinition]

    def get(self, type_name: str) -> dict[str, Any] | None:
        return self.credentials.get(type_name, self.named(type_name))

    def definition(self, type_name: str) -> CredentialType | None:
        found = self.definitions.get(type_name)
        return found.type if found is not None else None
