"""kflow's node host: descriptors, parameters, runner, flows, credentials and the CLI.

It knows nothing about Keitaro: nodes and credential types come from entry points. This
namespace is the host's public door: everything a node uses is exported here, and nodes
import nothing else of the host (a test keeps them to it).

Names are imported when first used, so that a command imports only what it needs.
"""

from __future__ import annotations

import importlib

_EXPORTS: dict[str, str] = {
    "BinaryEntry": "kflow.host.binary",
    "BinaryError": "kflow.host.binary",
    "BinaryStore": "kflow.host.binary",
    "file_type": "kflow.host.binary",
    "pretty_bytes": "kflow.host.binary",
    "CredentialDefinition": "kflow.host.credentials",
    "Credentials": "kflow.host.credentials",
    "apply_authentication": "kflow.host.credentials",
    "DedupeHistory": "kflow.host.dedupe",
    "DedupeMode": "kflow.host.dedupe",
    "DedupeModeError": "kflow.host.dedupe",
    "DedupeScope": "kflow.host.dedupe",
    "DedupeStore": "kflow.host.dedupe",
    "Processed": "kflow.host.dedupe",
    "CredentialType": "kflow.host.descriptors",
    "DisplayOptions": "kflow.host.descriptors",
    "NodeDescription": "kflow.host.descriptors",
    "NodeProperty": "kflow.host.descriptors",
    "PropertyOption": "kflow.host.descriptors",
    "show_for": "kflow.host.descriptors",
    "is_displayed": "kflow.host.display",
    "LocalEffect": "kflow.host.effects",
    "ConfigError": "kflow.host.errors",
    "CredentialTestError": "kflow.host.errors",
    "KflowError": "kflow.host.errors",
    "NodeApiError": "kflow.host.errors",
    "NodeError": "kflow.host.errors",
    "NodeOperationError": "kflow.host.errors",
    "CodeFailure": "kflow.host.expressions.code",
    "CodeLimits": "kflow.host.expressions.code",
    "CodeResult": "kflow.host.expressions.code",
    "run_code": "kflow.host.expressions.code",
    "FileArea": "kflow.host.files",
    "OutsideFiles": "kflow.host.files",
    "FormPart": "kflow.host.http",
    "HttpClient": "kflow.host.http",
    "HttpRequest": "kflow.host.http",
    "HttpResponse": "kflow.host.http",
    "TransportError": "kflow.host.http",
    "Item": "kflow.host.items",
    "ItemWithFiles": "kflow.host.items",
    "PairedItem": "kflow.host.items",
    "failure_item": "kflow.host.items",
    "items_from_json": "kflow.host.items",
    "make_item": "kflow.host.items",
    "BatchNode": "kflow.host.node",
    "ItemContext": "kflow.host.node",
    "ItemNode": "kflow.host.node",
    "NodeTraits": "kflow.host.node",
    "NodeType": "kflow.host.node",
    "NodeRun": "kflow.host.node_run",
    "resolve_parameters": "kflow.host.parameters",
    "csv_columns": "kflow.host.records",
    "file_format": "kflow.host.records",
    "read_records": "kflow.host.records",
    "write_records": "kflow.host.records",
    "Redactor": "kflow.host.redaction",
    "mask": "kflow.host.redaction",
    "NodeSettings": "kflow.host.runner",
    "RunSettings": "kflow.host.runner",
    "run_node": "kflow.host.single_node",
    "SubflowResult": "kflow.host.subflow_calls",
    "SubflowRunner": "kflow.host.subflow_calls",
    "SubflowSource": "kflow.host.subflow_calls",
    "IncomingRequest": "kflow.host.triggers",
    "Refusal": "kflow.host.triggers",
    "Reply": "kflow.host.triggers",
    "RequestTriggerNode": "kflow.host.triggers",
    "Response": "kflow.host.triggers",
    "fire_item": "kflow.host.triggers",
    "respond": "kflow.host.triggers",
    "VersionedNode": "kflow.host.versions",
}
"""Each public name and the module it comes from."""

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
