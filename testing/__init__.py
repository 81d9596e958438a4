"""kflow.testing: test nodes the way kflow tests its own.

- `run_node` / `run_flow` run an installed node or a flow over items and give back the
  output items (with `pairedItem`).
- `MemoryTransport` answers HTTP requests from declared `Answer`s and records what was sent;
  it plugs into the host's HTTP client, so nothing is patched and nothing leaves the process.
- `assert_sent` and `assert_error_item` check requests and error items.
- `NodeSuite` is the standard suite a node's tests subclass.
- The pytest plugin (kflow.testing.plugin) adds fixtures: `kflow_sandbox`,
  `kflow_sandbox_module`, `kflow_sandbox_now` (where their clocks start and their data is
  seeded around; override it to move them), `kflow_run`, `memory_transport`,
  `secret_canary`.

See docs/WRITING-A-NODE.md.
"""

from typing import Any

from kflow.testing.asserts import ANY, assert_error_item, assert_sent
from kflow.testing.run import run_flow, run_node
from kflow.testing.transport import Answer, MemoryTransport, SentRequest

__all__ = [
    "ANY",
    "Answer",
    "MemoryTransport",
    "NodeSuite",
    "SentRequest",
    "assert_error_item",
    "assert_sent",
    "run_flow",
    "run_node",
]


def __getattr__(name: str) -> Any:
    # NodeSuite needs pytest; kflow itself (and `kflow new node`) must import without it.
    if name == "NodeSuite":
        from kflow.testing.suite import NodeSuite

        return NodeSuite
    raise AttributeError(f"module 'kflow.testing' has no attribute {name!r}")
