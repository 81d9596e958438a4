"""The kflow error tree.

    KflowError                    every error kflow raises on purpose
    ├── ConfigError               bad flow file, credentials or CLI input (exit 2)
    ├── CredentialTestError       a credential test could not run
    └── NodeError                 raised while a node handles an item
        ├── NodeOperationError    bad parameters, caught before any request (exit 2)
        └── NodeApiError          the remote API or the network failed (exit 1)

Messages are already redacted when they are built: nothing here ever holds a secret.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ConfigError",
    "CredentialTestError",
    "KflowError",
    "NodeApiError",
    "NodeError",
    "NodeOperationError",
]


class KflowError(Exception):
    """Base of every error kflow raises on purpose."""

    exit_code = 1


class ConfigError(KflowError):
    """A flow file, credentials file or command line that cannot be used."""

    exit_code = 2


class CredentialTestError(KflowError):
    """A credential test that could not be carried out."""


class NodeError(KflowError):
    """An error raised by a node for one item.

    Args:
        node: The node's name in the flow.
        message: What went wrong, in one sentence.
        description: Longer explanation or advice.
        item_index: The input item being processed, when known.
        parameter: The parameter's display name, when one is to blame.
        parameter_name: The parameter's name (what `-p NAME=…` and flow files use), shown
            beside its display name.
    """

    def __init__(
        self,
        node: str,
        message: str,
        *,
        description: str | None = None,
        item_index: int | None = None,
        parameter: str | None = None,
        parameter_name: str | None = None,
    ) -> None:
        self.node = node
        self.message = message
        self.description = description
        self.item_index = item_index
        self.parameter = parameter
        self.parameter_name = parameter_name
        super().__init__(self.render())

    def render(self) -> str:
        """One line naming the node, the item, the parameter and the cause."""
        where = [self.node]
        if self.item_index is not None:
            where.append(f"item {self.item_index}")
        if self.parameter:
            named = self.parameter_name
            key = f" ({named})" if named and named != self.parameter else ""
            where.append(f'parameter "{self.parameter}"{key}')
        text = f"{': '.join(where)}: {self.message}"
        if self.description and self.description != self.message:
            text += f" ({self.description})"
        return text

    def to_json(self) -> dict[str, Any]:
        """The error as it appears in an output item when the node continues on fail."""
        data: dict[str, Any] = {"message": self.message, "node": self.node}
        if self.description:
            data["description"] = self.description
        if self.item_index is not None:
            data["itemIndex"] = self.item_index
        if self.parameter:
            data["parameter"] = self.parameter
        return data


class NodeOperationError(NodeError):
    """Bad parameters or input, detected before anything is sent."""

    exit_code = 2


class NodeApiError(NodeError):
    """A remote API answered with an error, or could not be reached.

    Unlike n8n, the API's own error text is kept: `api_message` holds it verbatim
    (redacted), `field_errors` holds per-field validation messages.

    Args:
        http_code: The HTTP status, or None for network failures.
        api_message: The API's own error text.
        field_errors: Field name -> messages, from validation answers.
        request: The masked request ({url, method, headers}) that failed.
        retry_after: Seconds the server asked to wait (`Retry-After`), if it said.
        sent: False when the request certainly never reached the server (no connection).
        permanent: True when trying again cannot help (an answer of the wrong shape).
    """

    exit_code = 1

    def __init__(
        self,
        node: str,
        message: str,
        *,
        http_code: int | None = None,
        api_message: str | None = None,
        field_errors: dict[str, list[str]] | None = None,
        request: dict[str, Any] | None = None,
        description: str | None = None,
        item_index: int | None = None,
        retry_after: float | None = None,
        sent: bool = True,
        permanent: bool = False,
    ) -> None:
        self.http_code = http_code
        self.retry_after = retry_after
        self.sent = sent
        self.permanent = permanent
        self._tries: int | None = None
        self.api_message = api_message
        self.field_errors = field_errors or {}
        self.request = request
        super().__init__(node, message, description=description, item_index=item_index)

    @property
    def tries(self) -> int | None:
        """How many times the request was tried, when more than once."""
        return self._tries

    @tries.setter
    def tries(self, value: int | None) -> None:
        self._tries = value
        self.args = (self.render(),)

    def render(self) -> str:
        text = super().render()
        tries = getattr(self, "_tries", None)
        return f"{text} (after {tries} tries)" if tries else text

    def to_json(self) -> dict[str, Any]:
        data = super().to_json()
        if self.http_code is not None:
            data["httpCode"] = self.http_code
        if self.api_message is not None:
            data["apiMessage"] = self.api_message
        if self.field_errors:
            data["fieldErrors"] = self.field_errors
        if self.tries is not None:
            data["tries"] = self.tries
        return data
