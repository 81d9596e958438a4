"""Item Lists 1, 2, 2.1, 2.2, 3, 3.1: every operation with each version's parameters."""

from tests.node_oracle.cases._data import MIXED, PEOPLE, one

SPLIT_ROWS = [
    {"id": 1, "list": [{"a": 1}, {"a": 2}], "nums": [1, 2], "obj": {"k": "v", "j": 2}, "s": "x"},
    {"id": 2, "list": [{"a": 3}], "nums": [3], "obj": {"k": "w"}, "s": "y"},
]


def il(version, case_id, params, rows=PEOPLE, **kw):
    return one(f"itemLists-{version:g}-{case_id}", "itemLists", version, params, rows, **kw)


def rows_of(*names):
    return {"fields": [{"fieldName": n} for n in names]}


def agg_fields(*names):
    return {"fieldToAggregate": [{"fieldToAggregate": n, "renameField": False} for n in names]}


def by(*fields):
    return {
        "sortField": [
            {
                "fieldName": f.lstrip("-"),
                "order": "descending" if f.startswith("-") else "ascending",
            }
            for f in fields
        ]
    }


SUMMARY = {
    "values": [
        {"aggregation": "sum", "field": "age"},
        {"aggregation": "count", "field": "name"},
        {"aggregation": "countUnique", "field": "city"},
        {"aggregation": "concatenate", "field": "name", "separateBy": ", "},
        {"aggregation": "max", "field": "info.n"},
    ]
}

# Item Lists checks sort code for `return` with a regular expression that has the global
# flag, so in n8n a check starts where the previous one (of any workflow in the process)
# stopped. Many `return` words up front make these cases pass whatever came before.
PAD = "// " + "return " * 60 + "\n"
AGE = "return b.json.age - a.json.age;"
BY_NAME = "f = 'name';\nreturn a.json[f] < b.json[f] ? -1 : a.json[f] > b.json[f] ? 1 : 0;"

CASES = []
for v in (1, 2, 2.1, 2.2, 3, 3.1):
    old = v < 3
    aggregate_op = "aggregateItems" if old else "concatenateItems"
    CASES += [
        il(
            v,
            "split-objects",
            {"operation": "splitOutItems", "fieldToSplitOut": "list"},
            rows=SPLIT_ROWS,
        ),
        il(
            v,
            "split-scalars-all-other",
            {"operation": "splitOutItems", "fieldToSplitOut": "nums", "include": "allOtherFields"},
            rows=SPLIT_ROWS,
        ),
        il(
            v,
            "split-selected",
            {
                "operation": "splitOutItems",
                "fieldToSplitOut": "nums",
                "include": "selectedOtherFields",
                "fieldsToInclude": rows_of("id", "s") if old else "id, s",
            },
            rows=SPLIT_ROWS,
        ),
        il(
            v,
            "split-destination",
            {
                "operation": "splitOutItems",
                "fieldToSplitOut": "list",
                "options": {"destinationFieldName": "el"},
            },
            rows=SPLIT_ROWS,
        ),
        il(
            v,
            "split-missing",
            {"operation": "splitOutItems", "fieldToSplitOut": "nope"},
            rows=SPLIT_ROWS,
            error=v < 2.1,
        ),
        il(
            v,
            "split-string",
            {"operation": "splitOutItems", "fieldToSplitOut": "s"},
            rows=SPLIT_ROWS,
            error=v < 2.2,
        ),
        il(
            v,
            "split-object",
            {"operation": "splitOutItems", "fieldToSplitOut": "obj"},
            rows=SPLIT_ROWS,
            error=v < 2,
        ),
        il(
            v,
            "aggregate-fields",
            {"operation": aggregate_op, "fieldsToAggregate": agg_fields("name", "info.zip")},
        ),
        il(
            v,
            "aggregate-missing",
            {"operation": aggregate_op, "fieldsToAggregate": agg_fields("nope")},
            error=v < 2.1,
        ),
        il(
            v,
            "aggregate-lists-merged",
            {
                "operation": aggregate_op,
                "fieldsToAggregate": agg_fields("tags"),
                "options": {"mergeLists": True},
            },
        ),
        il(
            v,
            "aggregate-all",
            {
                "operation": aggregate_op,
                "aggregate": "aggregateAllItemData",
                "include": "specifiedFields",
                "fieldsToInclude": rows_of("name") if old else "name",
            },
        ),
        il(v, "limit-last", {"operation": "limit", "maxItems": 2, "keep": "lastItems"}),
        il(
            v,
            "dedupe-all",
            {"operation": "removeDuplicates"},
            rows=[{"a": 1, "b": "x"}, {"a": 1, "b": "x"}, {"a": 2, "b": "x"}, {"a": 1, "b": "x"}],
        ),
        il(
            v,
            "dedupe-selected",
            {
                "operation": "removeDuplicates",
                "compare": "selectedFields",
                "fieldsToCompare": rows_of("city") if old else "city",
            },
        ),
        il(
            v,
            "dedupe-except",
            {
                "operation": "removeDuplicates",
                "compare": "allFieldsExcept",
                "fieldsToExclude": rows_of("name", "tags", "info", "age")
                if old
                else "name, tags, info, age",
            },
            error=True,
        ),
        il(
            v,
            "dedupe-except-flat",
            {
                "operation": "removeDuplicates",
                "compare": "allFieldsExcept",
                "fieldsToExclude": rows_of("name", "tags.0", "tags.1", "age")
                if old
                else "name, tags.0, tags.1, age",
            },
            rows=[{"name": "a", "tags": ["x"], "c": 1}, {"name": "b", "tags": ["y"], "c": 1}],
        ),
        il(
            v,
            "dedupe-mixed",
            {
                "operation": "removeDuplicates",
                "compare": "selectedFields",
                "fieldsToCompare": rows_of("s") if old else "s",
            },
            rows=MIXED,
        ),
        il(
            v,
            "dedupe-mixed-types",
            {
                "operation": "removeDuplicates",
                "compare": "selectedFields",
                "fieldsToCompare": rows_of("v") if old else "v",
            },
            rows=[{"v": 1}, {"v": "1"}, {"v": 1}, {"v": "a"}],
            error=v < 3.1,
        ),
        il(v, "sort-two", {"operation": "sort", "sortFieldsUi": by("age", "-name")}),
        il(v, "sort-missing", {"operation": "sort", "sortFieldsUi": by("nope")}, error=True),
        il(v, "sort-code-age", {"operation": "sort", "type": "code", "code": PAD + AGE}),
        il(v, "sort-code-undeclared", {"operation": "sort", "type": "code", "code": PAD + BY_NAME}),
        il(
            v, "sort-code-no-return", {"operation": "sort", "type": "code", "code": "0"}, error=True
        ),
        il(v, "summarize", {"operation": "summarize", "fieldsToSummarize": SUMMARY}),
        il(
            v,
            "summarize-split",
            {"operation": "summarize", "fieldsToSummarize": SUMMARY, "fieldsToSplitBy": "city"},
        ),
        il(
            v,
            "summarize-single",
            {
                "operation": "summarize",
                "fieldsToSummarize": SUMMARY,
                "fieldsToSplitBy": "age",
                "options": {"outputFormat": "singleItem"},
            },
        ),
        il(
            v,
            "summarize-missing",
            {
                "operation": "summarize",
                "fieldsToSummarize": {"values": [{"aggregation": "sum", "field": "nope"}]},
            },
            error=v < 2.1,
        ),
    ]
