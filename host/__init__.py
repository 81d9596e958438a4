"""kflow's node host: descriptors, parameters, runner, flows, credentials and the CLI.

It knows nothing about Keitaro: nodes and credential types come from entry points.
"""

from kflow.host.credentials import CredentialDefinition, Credentials
from kflow.host.descriptors import (
    CredentialType,
    DisplayOptions,
    NodeDescription,
    NodeProperty,
    PropertyOption,
    show_for,
)
from kflow.host.display import is_displayed
from kflow.host.effects import LocalEffect
from kflow.host.errors import (
    ConfigError,
    CredentialTestError,
    KflowError,
    NodeApiError,
    NodeError,
    NodeOperationError,
)
from kflow.host.files import FileArea, OutsideFiles
from kflow.host.http import HttpClient, HttpRequest, HttpResponse, TransportError
from kflow.host.items import Item, make_item
from kflow.host.node import ItemContext, NodeType
from kflow.host.parameters import resolve_parameters
from kflow.host.redaction import Redactor, mask
from kflow.host.runner import NodeSettings, RunSettings, run_node

__all__ = [
    "ConfigError",
    "CredentialDefinition",
    "CredentialTestError",
    "CredentialType",
    "Credentials",
    "DisplayOptions",
    "FileArea",
    "HttpClient",
    "HttpRequest",
    "HttpResponse",
    "Item",
    "ItemContext",
    "KflowError",
    "LocalEffect",
    "NodeApiError",
    "NodeDescription",
    "NodeError",
    "NodeOperationError",
    "NodeProperty",
    "NodeSettings",
    "NodeType",
    "OutsideFiles",
    "PropertyOption",
    "Redactor",
    "RunSettings",
    "TransportError",
    "is_displayed",
    "make_item",
    "mask",
    "resolve_parameters",
    "run_node",
    "show_for",
]
