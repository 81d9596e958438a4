"""The flow engine: n8n's v1 execution order, node settings, expressions and paired items."""

from kflow.host.engine.executor import FlowResult, NodeStats, run_flow

__all__ = ["FlowResult", "NodeStats", "run_flow"]
