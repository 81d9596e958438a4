"""kflow's node host: descriptors, parameters, runner, flows, credentials and the CLI.

It knows nothing about Keitaro: nodes and credential types come from entry points. This
namespace is the host's public door: everything a node uses is exported here, and nodes
import nothing else of the host (a test keeps them to it).
"""

from kflow.host.binary import BinaryEntry, BinaryError, BinaryStore, file_type, pretty_bytes
from kflow.host.credentials import CredentialDefinition, Credentials, apply_authentication
from kflow.host.dedupe import (
    DedupeHistory,
    DedupeMode,
    DedupeModeError,
    DedupeScope,
    DedupeStore,
    Processed,
)
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
from kflow.host.expressions.code import CodeFailure, CodeLimits, CodeResult, run_code
from kflow.host.files import FileArea, OutsideFiles
from kflow.host.http import FormPart, HttpClient, HttpRequest, HttpResponse, TransportError
from kflow.host.items import (
    Item,
    ItemWithFiles,
    PairedItem,
    failure_item,
    items_from_json,
    make_item,
)
from kflow.host.node import BatchNode, ItemContext, ItemNode, NodeTraits, NodeType
from kflow.host.node_run import NodeRun
from kflow.host.parameters import resolve_parameters
from kflow.host.records import file_format, read_records, write_records
from kflow.host.redaction import Redactor, mask
from kflow.host.runner import NodeSettings, RunSettings, run_node
from kflow.host.subflows import SubflowResult, SubflowRunner, SubflowSource
from kflow.host.triggers import (
    IncomingRequest,
    Refusal,
    Reply,
    RequestTriggerNode,
    Response,
    fire_item,
    respond,
)
from kflow.host.versions import VersionedNode

__all__ = [
    "BatchNode",
    "BinaryEntry",
    "BinaryError",
    "BinaryStore",
    "CodeFailure",
    "CodeLimits",
    "CodeResult",
    "ConfigError",
    "CredentialDefinition",
    "CredentialTestError",
    "CredentialType",
    "Credentials",
    "DedupeHistory",
    "DedupeMode",
    "DedupeModeError",
    "DedupeScope",
    "DedupeStore",
    "DisplayOptions",
    "FileArea",
    "FormPart",
    "HttpClient",
    "HttpRequest",
    "HttpResponse",
    "IncomingRequest",
    "Item",
    "ItemContext",
    "ItemNode",
    "ItemWithFiles",
    "KflowError",
    "LocalEffect",
    "NodeApiError",
    "NodeDescription",
    "NodeError",
    "NodeOperationError",
    "NodeProperty",
    "NodeRun",
    "NodeSettings",
    "NodeTraits",
    "NodeType",
    "OutsideFiles",
    "PairedItem",
    "Processed",
    "PropertyOption",
    "Redactor",
    "Refusal",
    "Reply",
    "RequestTriggerNode",
    "Response",
    "RunSettings",
    "SubflowResult",
    "SubflowRunner",
    "SubflowSource",
    "TransportError",
    "VersionedNode",
    "apply_authentication",
    "failure_item",
    "file_format",
    "file_type",
    "fire_item",
    "is_displayed",
    "items_from_json",
    "make_item",
    "mask",
    "pretty_bytes",
    "read_records",
    "resolve_parameters",
    "respond",
    "run_code",
    "run_node",
    "show_for",
    "write_records",
]
