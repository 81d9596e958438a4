"""Aggregate 1: individual fields (rename, dots, lists, missing) and all item data."""

from tests.node_oracle.cases._data import MIXED, PEOPLE, one


def fields(*rows):
    out = []
    for row in rows:
        if isinstance(row, str):
            out.append({"fieldToAggregate": row, "renameField": False})
        else:
            out.append({"fieldToAggregate": row[0], "renameField": True, "outputFieldName": row[1]})
    return {"fieldToAggregate": out}


def ag(case_id, params, rows=PEOPLE, **kw):
    return one(f"aggregate-1-{case_id}", "aggregate", 1, {"options": {}, **params}, rows, **kw)


CASES = [
    ag("one-field", {"fieldsToAggregate": fields("name")}),
    ag("two-fields", {"fieldsToAggregate": fields("name", "age")}),
    ag("rename", {"fieldsToAggregate": fields(("name", "names"), "city")}),
    ag("rename-dotted", {"fieldsToAggregate": fields(("name", "out.names"))}),
    ag("nested", {"fieldsToAggregate": fields("info.zip")}),
    ag(
        "nested-no-dots",
        {"fieldsToAggregate": fields("info.zip"), "options": {"disableDotNotation": True}},
    ),
    ag("lists", {"fieldsToAggregate": fields("tags")}),
    ag("lists-merged", {"fieldsToAggregate": fields("tags"), "options": {"mergeLists": True}}),
    ag(
        "lists-keep-missing",
        {"fieldsToAggregate": fields("tags"), "options": {"keepMissing": True, "mergeLists": True}},
    ),
    ag("mixed", {"fieldsToAggregate": fields("v")}, rows=MIXED),
    ag(
        "mixed-keep-missing",
        {"fieldsToAggregate": fields("v"), "options": {"keepMissing": True}},
        rows=MIXED,
    ),
    ag("missing-field", {"fieldsToAggregate": fields("nope")}),
    ag(
        "missing-field-kept",
        {"fieldsToAggregate": fields("nope"), "options": {"keepMissing": True}},
    ),
    ag("blank-field", {"fieldsToAggregate": fields("", "name")}),
    ag("same-output-twice", {"fieldsToAggregate": fields("name", ("city", "name"))}, error=True),
    ag("all-data", {"aggregate": "aggregateAllItemData"}),
    ag(
        "all-data-destination",
        {"aggregate": "aggregateAllItemData", "destinationFieldName": "people"},
    ),
    ag(
        "all-data-include",
        {
            "aggregate": "aggregateAllItemData",
            "include": "specifiedFields",
            "fieldsToInclude": "name, age",
        },
    ),
    ag(
        "all-data-exclude",
        {
            "aggregate": "aggregateAllItemData",
            "include": "allFieldsExcept",
            "fieldsToExclude": "tags,info",
        },
    ),
    ag(
        "all-data-include-missing",
        {"aggregate": "aggregateAllItemData", "include": "specifiedFields", "fieldsToInclude": "v"},
        rows=MIXED,
    ),
    ag(
        "all-data-binaries",
        {"aggregate": "aggregateAllItemData", "options": {"includeBinaries": True}},
    ),
    ag("unicode", {"fieldsToAggregate": fields("ключ")}, rows=[{"ключ": "å"}, {"ключ": "字"}]),
]
