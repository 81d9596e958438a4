"""aggregate: many items into one, collecting fields or whole items (n8n's Aggregate)."""

from __future__ import annotations

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits
from kflow.nodes.core.base import describe
from kflow.nodes.core.paths import MISSING, get_path

__all__ = ["AGGREGATE", "AggregateNode"]


class AggregateNode:
    traits = NodeTraits(n8n_types=("n8n-nodes-base.aggregate",))
    description = describe(
        "aggregate",
        "Aggregate",
        "Combine many items into one",
        [
            {
                "displayName": "Aggregate",
                "name": "aggregate",
                "type": "options",
                "default": "aggregateIndividualFields",
                "options": [
                    {"name": "Individual Fields", "value": "aggregateIndividualFields"},
                    {"name": "All Item Data (Into a Single List)", "value": "aggregateAllItemData"},
                ],
            },
            {
                "displayName": "Fields To Aggregate",
                "name": "fieldsToAggregate",
                "type": "fixedCollection",
                "default": {},
                "typeOptions": {"multipleValues": True},
                "displayOptions": {"show": {"aggregate": ["aggregateIndividualFields"]}},
                "options": [
                    {
                        "name": "fieldToAggregate",
                        "displayName": "Field",
                        "values": [
                            {
                                "displayName": "Input Field Name",
                                "name": "fieldToAggregate",
                                "type": "string",
                                "default": "",
                            },
                            {
                                "displayName": "Rename Field",
                                "name": "renameField",
                                "type": "boolean",
                                "default": False,
                            },
                            {
                                "displayName": "Output Field Name",
                                "name": "outputFieldName",
                                "type": "string",
                                "default": "",
                                "displayOptions": {"show": {"renameField": [True]}},
                            },
                        ],
                    }
                ],
            },
            {
                "displayName": "Put Output in Field",
                "name": "destinationFieldName",
                "type": "string",
                "default": "data",
                "displayOptions": {"show": {"aggregate": ["aggregateAllItemData"]}},
            },
            {
                "displayName": "Options",
                "name": "options",
                "type": "collection",
                "default": {},
                "options": [
                    {
                        "displayName": "Keep Missing And Null Values",
                        "name": "keepMissing",
                        "type": "boolean",
                        "default": False,
                    }
                ],
            },
        ],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        if not run.items:
            return [[]]
        params = run.params(0)
        paired = [{"item": i} for i in range(len(run.items))]
        if params["aggregate"] == "aggregateAllItemData":
            destination = params.get("destinationFieldName") or "data"
            return [[{"json": {destination: [i["json"] for i in run.items]}, "pairedItem": paired}]]
        rows = (params.get("fieldsToAggregate") or {}).get("fieldToAggregate") or []
        if not rows:
            raise NodeOperationError(
                run.name, "add at least one field", parameter="Fields To Aggregate"
            )
        keep = (params.get("options") or {}).get("keepMissing", False)
        result: dict[str, list[object]] = {}
        for row in rows:
            field = str(row.get("fieldToAggregate") or "")
            name = row.get("outputFieldName") if row.get("renameField") else None
            values = [get_path(item["json"], field) for item in run.items]
            result[name or field] = [
                None if v is MISSING else v for v in values if keep or v not in (MISSING, None)
            ]
        return [[{"json": result, "pairedItem": paired}]]


AGGREGATE = AggregateNode()
