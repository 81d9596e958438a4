"""The flows serve serves: read from files and folders, each with its trigger nodes (the
schedules' rules, the webhooks' methods and paths) read once."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kflow.host.engine.graph import build_graph
from kflow.host.errors import ConfigError
from kflow.host.flow import Flow, parse_flow
from kflow.host.flow_loader import load_flow_data
from kflow.host.n8n_workflow import webhook_id
from kflow.host.node import traits_of
from kflow.host.registry import load_node
from kflow.host.serve.schedule import Rule, read_rules
from kflow.host.triggers import RequestTriggerNode, route_pattern

__all__ = ["REPLAY_SETTING", "ServedFlow", "Trigger", "flows_by_id_and_name", "load_served_flows"]

REPLAY_SETTING = "replayMissedFires"
"""The flow setting that opts in to replaying fires missed while serve was down."""


@dataclass(frozen=True)
class Trigger:
    """A trigger node of a served flow, read once when the flow is loaded.

    Attributes:
        impl: The node (a RequestTriggerNode for request triggers).
        rules: A schedule's rules.
        method: A request trigger's HTTP method.
        path: A request trigger's path after /webhook/. As in n8n, a path with `:name`
            parts is served under the node's webhookId: `<webhookId>/<path>` (derived from
            the flow's and node's names when the node has none, as the n8n export does).
        route: That path as a pattern (`:name` parts become groups).
    """

    flow: str
    node: str
    kind: str  # "schedule" or "request"
    parameters: dict[str, Any]
    impl: Any = field(compare=False, repr=False)
    rules: tuple[Rule, ...] = ()
    credentials: dict[str, Any] = field(default_factory=dict)
    method: str = ""
    path: str = ""
    route: re.Pattern[str] | None = None


@dataclass
class ServedFlow:
    """A served flow: its name, file, parsed flow, data (snapshotted into each job) and
    triggers."""

    name: str
    path: Path
    flow: Flow
    data: dict[str, Any]
    triggers: list[Trigger]

    @functools.cached_property
    def file(self) -> str:
        """The flow's file as recorded with each execution (resolved once)."""
        return str(self.path.resolve())

    def zone(self, server_zone: str) -> ZoneInfo:
        """The flow's `settings.timezone`, else the server's (`--timezone`)."""
        zone = self.flow.settings.get("timezone")
        return ZoneInfo(
            zone if isinstance(zone, str) and zone and zone != "DEFAULT" else server_zone
        )

    @property
    def replays_missed(self) -> bool:
        """Whether fires missed while serve was down run when it starts again (the flow's
        `settings.replayMissedFires`)."""
        return self.flow.settings.get(REPLAY_SETTING) is True


def load_served_flows(paths: list[Path]) -> list[ServedFlow]:
    """The flows in the given files and folders (*.yaml, *.yml, *.json), with their triggers.

    Raises:
        ConfigError: A file does not load, its nodes do not link up, two flows share a
            name, or a schedule rule is bad.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
        else:
            files.append(path)
    served: dict[str, ServedFlow] = {}
    for file in files:
        data = load_flow_data(file).data
        flow = parse_flow(data, source=str(file))
        build_graph(flow)  # a flow that cannot run is refused now, not at its first fire
        name = flow.name or file.stem
        if name in served:
            raise ConfigError(f"{file}: a flow named {name!r} is served already")
        served[name] = ServedFlow(name, file, flow, data, _triggers(name, flow, file))
    return list(served.values())


def _triggers(name: str, flow: Flow, file: Path) -> list[Trigger]:
    found = []
    for node in flow.nodes:
        impl = load_node(node.type, node.typeVersion)
        kind = traits_of(impl).trigger
        if node.disabled or kind is None:
            continue
        if kind == "schedule":
            try:
                rules = tuple(read_rules(node.parameters))
            except ValueError as exc:
                raise ConfigError(f"{file}: node {node.name!r}: {exc}") from None
            found.append(Trigger(name, node.name, kind, node.parameters, impl, rules))
            continue
        if not isinstance(impl, RequestTriggerNode):
            raise ConfigError(f"{file}: node {node.name!r} cannot be routed requests")
        method, path = impl.request_route(node.parameters)
        path = path.strip("/")
        if any(part.startswith(":") for part in path.split("/")):
            path = f"{node.webhookId or webhook_id(flow.name, node.name)}/{path}"
        found.append(
            Trigger(
                name,
                node.name,
                kind,
                node.parameters,
                impl,
                credentials=dict(node.credentials),
                method=method.upper(),
                path=path,
                route=route_pattern(path),
            )
        )
    return found


def flows_by_id_and_name(flows: list[ServedFlow]) -> dict[str, Flow]:
    """The served flows by name and by id (how Execute Workflow and errorWorkflow name
    them)."""
    found: dict[str, Flow] = {}
    for served in flows:
        found[served.name] = served.flow
        if served.flow.id:
            found[served.flow.id] = served.flow
    return found
