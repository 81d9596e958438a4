"""The flow engine: n8n's execution orders (v1 and v0), node settings and paired items."""

from kflow.host.engine.executor import FlowResult, NodeStats, run_flow

__all__ = ["FlowResult", "NodeStats", "run_flow"]
