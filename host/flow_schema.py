"""The JSON Schema of flow files, generated from the Flow model.

`python -m kflow.host.flow_schema > schemas/flow.json` writes it; a test checks that the
committed file matches. Connections are described in every form a flow may write them.
"""

from __future__ import annotations

import json
from typing import Any

from kflow.host.flow import Flow

__all__ = ["flow_schema"]

_TARGET = {
    "oneOf": [
        {"type": "string", "description": "a node name (its input 0)"},
        {"$ref": "#/$defs/Connection"},
    ]
}
_TARGETS = {"oneOf": [_TARGET, {"type": "array", "items": _TARGET}, {"type": "null"}]}
_CONNECTIONS = {
    "type": "object",
    "description": "Per source node: n8n's {main: [[targets], …]}, a list of targets "
    "(output 0), or {output name or index: targets}",
    "additionalProperties": {
        "oneOf": [
            {
                "type": "object",
                "properties": {
                    "main": {
                        "type": "array",
                        "items": {
                            "oneOf": [
                                {"type": "array", "items": {"$ref": "#/$defs/Connection"}},
                                {"type": "null"},
                            ]
                        },
                    }
                },
                "required": ["main"],
                "additionalProperties": False,
            },
            {"type": "object", "additionalProperties": _TARGETS},
            {"type": "array", "items": _TARGET},
            {"type": "string"},
        ]
    },
}


def flow_schema() -> dict[str, Any]:
    """The schema of a flow file (YAML or n8n export, after n8n types are mapped)."""
    schema = Flow.model_json_schema()
    schema["properties"]["connections"] = _CONNECTIONS
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "kflow flow",
        **{k: v for k, v in schema.items() if k != "title"},
    }


if __name__ == "__main__":
    print(json.dumps(flow_schema(), indent=2, ensure_ascii=False))
