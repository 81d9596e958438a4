"""What the HTTP Request families share: the stub's address, and a case of one HTTP
Request node called H against it."""

from __future__ import annotations

from typing import Any

from tests.node_oracle.harness import Case

S = "http://http_echo.stub"


def http_case(
    case_id: str,
    version: float,
    parameters: dict[str, Any],
    rows: list[dict[str, Any]],
    *,
    error: bool = False,
    order: str = "v1",
    credentials: dict[str, dict[str, Any]] | None = None,
    **settings: Any,
) -> Case:
    """An HTTP Request node H (with node `settings`) fed `rows`, calling the echo stub."""
    node = {
        "name": "H",
        "type": "n8n-nodes-base.httpRequest",
        "typeVersion": version,
        "parameters": parameters,
        **settings,
    }
    return Case(
        id=case_id,
        nodes=[node],
        inputs={"Input": rows},
        error=error,
        order=order,
        stubs=frozenset({"http_echo"}),
        credentials=credentials or {},
    )
