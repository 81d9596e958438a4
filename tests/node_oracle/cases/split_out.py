"""Split Out 1: fields, nested paths, objects, include modes, options, several fields."""

from tests.node_oracle.cases._data import PEOPLE, one

ROWS = [
    {
        "id": 1,
        "body": {"names": ["x", "y"], "n": 2},
        "list": [{"a": 1}, {"a": 2, "b": 3}],
        "obj": {"k1": "v1", "k2": {"d": 1}},
        "s": "text",
        "z": None,
        "nums": [1, 2, 3],
    },
    {"id": 2, "body": {"names": []}, "list": [{"a": 5}], "obj": {}, "s": "", "nums": [4]},
]


def so(case_id, params, rows=ROWS, **kw):
    return one(f"splitOut-1-{case_id}", "splitOut", 1, {"options": {}, **params}, rows, **kw)


CASES = [
    so("list-of-objects", {"fieldToSplitOut": "list"}),
    so("list-of-scalars", {"fieldToSplitOut": "nums"}),
    so("nested-path", {"fieldToSplitOut": "body.names"}),
    so("nested-path-all-other", {"fieldToSplitOut": "body.names", "include": "allOtherFields"}),
    so("object-values", {"fieldToSplitOut": "obj"}),
    so("string-field", {"fieldToSplitOut": "s"}),
    so("null-field", {"fieldToSplitOut": "z"}),
    so("missing-field", {"fieldToSplitOut": "nope"}),
    so("json-prefix", {"fieldToSplitOut": "$json.nums"}),
    so("all-other-objects", {"fieldToSplitOut": "list", "include": "allOtherFields"}),
    so("all-other-scalars", {"fieldToSplitOut": "nums", "include": "allOtherFields"}),
    so(
        "selected",
        {
            "fieldToSplitOut": "nums",
            "include": "selectedOtherFields",
            "fieldsToInclude": "id, s, body.n, missing",
        },
    ),
    so(
        "selected-objects",
        {"fieldToSplitOut": "list", "include": "selectedOtherFields", "fieldsToInclude": "id"},
    ),
    so(
        "selected-none",
        {"fieldToSplitOut": "nums", "include": "selectedOtherFields", "fieldsToInclude": ""},
        error=True,
    ),
    so("destination", {"fieldToSplitOut": "list", "options": {"destinationFieldName": "item"}}),
    so(
        "destination-nested",
        {"fieldToSplitOut": "nums", "options": {"destinationFieldName": "out.n"}},
    ),
    so("two-fields", {"fieldToSplitOut": "nums, list"}),
    so(
        "two-fields-destinations",
        {"fieldToSplitOut": "nums,list", "options": {"destinationFieldName": "n, l"}},
    ),
    so(
        "two-fields-bad-destinations",
        {"fieldToSplitOut": "nums,list", "options": {"destinationFieldName": "n"}},
        error=True,
    ),
    so("two-fields-all-other", {"fieldToSplitOut": "nums,body.names", "include": "allOtherFields"}),
    so("blank-names", {"fieldToSplitOut": "nums,,"}),
    so("no-dots", {"fieldToSplitOut": "body.names", "options": {"disableDotNotation": True}}),
    so(
        "literal-dotted-key",
        {"fieldToSplitOut": "a.b", "options": {"disableDotNotation": True}},
        rows=[{"a.b": [1, 2], "a": {"b": [3]}}],
    ),
    so(
        "literal-dotted-key-dots",
        {"fieldToSplitOut": "a.b"},
        rows=[{"a.b": [1, 2], "a": {"b": [3]}}],
    ),
    so("bracket-path", {"fieldToSplitOut": "list[1].b"}),
    so("index-path", {"fieldToSplitOut": "list.0"}),
    so("include-binary-none", {"fieldToSplitOut": "nums", "options": {"includeBinary": True}}),
    so("people-tags", {"fieldToSplitOut": "tags", "include": "allOtherFields"}, rows=PEOPLE),
    so("people-info", {"fieldToSplitOut": "info"}, rows=PEOPLE),
    so("unicode", {"fieldToSplitOut": "ключ"}, rows=[{"ключ": ["å", "字"], "x": 1}]),
    so("nested-lists", {"fieldToSplitOut": "m"}, rows=[{"m": [[1, 2], [3]]}]),
    so("nulls-in-list", {"fieldToSplitOut": "m"}, rows=[{"m": [None, {"a": None}, 0, ""]}]),
    so("expression-field", {"fieldToSplitOut": "={{ 'nums' }}"}),
]
