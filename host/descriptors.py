"""Pydantic models of node and credential descriptions, with n8n's field names."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "CredentialAuthenticate",
    "CredentialSlot",
    "CredentialTest",
    "CredentialType",
    "DisplayOptions",
    "FixedCollectionGroup",
    "NodeDescription",
    "NodeProperty",
    "PropertyOption",
    "PropertyType",
    "show_for",
]

PropertyType = Literal[
    "string",
    "number",
    "boolean",
    "options",
    "multiOptions",
    "json",
    "collection",
    "fixedCollection",
    "notice",
    "dateTime",
    "hidden",
    "assignmentCollection",
    "filter",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def to_n8n(self) -> dict[str, Any]:
        """The model as n8n-shaped JSON: unset and empty fields left out."""
        return self.model_dump(mode="json", exclude_none=True)


class DisplayOptions(_Model):
    """When a property is shown: every `show` key matches and no `hide` key matches."""

    show: dict[str, list[Any]] | None = None
    hide: dict[str, list[Any]] | None = None


class PropertyOption(_Model):
    """One choice of an `options` or `multiOptions` property."""

    name: str
    value: str | int | float | bool
    description: str | None = None
    action: str | None = None


class FixedCollectionGroup(_Model):
    """A named group of a `fixedCollection` property."""

    name: str
    displayName: str
    values: list[NodeProperty]


class NodeProperty(_Model):
    """A node or credential parameter (n8n's `INodeProperties`)."""

    displayName: str
    name: str
    type: PropertyType
    default: Any = None
    required: bool = False
    description: str | None = None
    hint: str | None = None
    placeholder: str | None = None
    options: list[PropertyOption] | list[NodeProperty] | list[FixedCollectionGroup] | None = None
    typeOptions: dict[str, Any] | None = None
    displayOptions: DisplayOptions | None = None
    noDataExpression: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _parse_options_by_type(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("options") is None:
            return data
        kind = {
            "options": PropertyOption,
            "multiOptions": PropertyOption,
            "collection": NodeProperty,
            "fixedCollection": FixedCollectionGroup,
        }.get(data.get("type"))
        if kind is None:
            raise ValueError(
                f"property {data.get('name')!r} of type {data.get('type')!r} has options"
            )
        parsed = [o if isinstance(o, kind) else kind.model_validate(o) for o in data["options"]]
        return {**data, "options": parsed}

    @model_validator(mode="after")
    def _check_default(self) -> NodeProperty:
        if self.type == "options" and self.options and self.default is not None:
            values = [o.value for o in self.options]  # type: ignore[union-attr]
            if self.default not in values:
                raise ValueError(f"default {self.default!r} of {self.name!r} is not an option")
        return self

    @property
    def is_secret(self) -> bool:
        """Whether the value is a secret (n8n's `typeOptions.password`)."""
        return bool(self.typeOptions and self.typeOptions.get("password"))

    def option_values(self) -> list[Any]:
        """The values an `options`/`multiOptions` property accepts."""
        return [o.value for o in self.options or [] if isinstance(o, PropertyOption)]


class CredentialSlot(_Model):
    """A credential a node accepts (n8n's `INodeCredentialDescription`)."""

    name: str
    required: bool = False
    displayName: str | None = None
    displayOptions: DisplayOptions | None = None
    testedBy: str | None = None


class NodeDescription(_Model):
    """What a node is and which parameters it takes (n8n's `INodeTypeDescription`)."""

    displayName: str
    name: str
    icon: str | None = None
    group: list[str] = Field(default_factory=list)
    version: int | float | list[int | float] = 1
    defaultVersion: int | float | None = None
    subtitle: str | None = None
    description: str
    defaults: dict[str, Any] = Field(default_factory=dict)
    inputs: list[str] = Field(default_factory=lambda: ["main"])
    outputs: list[str] = Field(default_factory=lambda: ["main"])
    inputNames: list[str] | None = None
    outputNames: list[str] | None = None
    credentials: list[CredentialSlot] = Field(default_factory=list)
    properties: list[NodeProperty] = Field(default_factory=list)


class CredentialAuthenticate(_Model):
    """How a credential authenticates: n8n's generic block (`$credentials.<field>` values)."""

    type: Literal["generic"] = "generic"
    properties: dict[str, dict[str, str]]


class CredentialTest(_Model):
    """A cheap authenticated request that proves a credential works."""

    request: dict[str, Any]
    rules: list[dict[str, Any]] = Field(default_factory=list)


class CredentialType(_Model):
    """A credential type (n8n's `ICredentialType`)."""

    name: str
    displayName: str
    documentationUrl: str | None = None
    properties: list[NodeProperty]
    authenticate: CredentialAuthenticate | None = None
    test: CredentialTest | None = None

    def secret_fields(self) -> list[str]:
        """Names of the fields whose values are secrets."""
        return [p.name for p in self.properties if p.is_secret]


def show_for(resource: str, operation: str, properties: list[dict[str, Any]]) -> list[NodeProperty]:
    """Stamps "show only for this resource and operation" on every property given.

    Any `show` conditions a property already has are kept beside the stamp.
    """
    stamped = []
    for prop in properties:
        shown = dict((prop.get("displayOptions") or {}).get("show") or {})
        shown.update({"resource": [resource], "operation": [operation]})
        display = {**(prop.get("displayOptions") or {}), "show": shown}
        stamped.append(NodeProperty.model_validate({**prop, "displayOptions": display}))
    return stamped
