"""Remove Duplicates 1, 1.1, 2: all fields, all except, selected, options, odd values."""

from tests.node_oracle.cases._data import MIXED, PEOPLE, one

DUPES = [
    {"a": 1, "b": "x", "c": {"d": 1}},
    {"a": 1, "b": "x", "c": {"d": 1}},
    {"a": 2, "b": "x", "c": {"d": 1}},
    {"a": 1, "b": "y", "c": {"d": 2}},
    {"a": 1, "b": "X", "c": {"d": 1}},
    {"a": 2, "b": "x", "c": {"d": 1}},
]
NULLS = [{"a": 1, "b": None}, {"a": 1, "b": None}, {"a": 2, "b": "q"}]


def rd(version, case_id, params, rows=DUPES, **kw):
    params = {"options": {}, **params}
    if version == 2:
        params = {"operation": "removeDuplicateInputItems", **params}
    return one(
        f"removeDuplicates-{version:g}-{case_id}", "removeDuplicates", version, params, rows, **kw
    )


CASES = []
for v in (1, 1.1, 2):
    CASES += [
        rd(v, "all-fields", {}),
        rd(v, "all-except", {"compare": "allFieldsExcept", "fieldsToExclude": "a"}),
        rd(v, "all-except-nested", {"compare": "allFieldsExcept", "fieldsToExclude": "c.d"}),
        rd(v, "selected", {"compare": "selectedFields", "fieldsToCompare": "b"}),
        rd(v, "selected-two", {"compare": "selectedFields", "fieldsToCompare": "a, c.d"}),
        rd(
            v,
            "selected-remove-others",
            {
                "compare": "selectedFields",
                "fieldsToCompare": "a,c.d",
                "options": {"removeOtherFields": True},
            },
        ),
        rd(
            v,
            "selected-no-dots",
            {
                "compare": "selectedFields",
                "fieldsToCompare": "c",
                "options": {"disableDotNotation": True},
            },
        ),
        rd(
            v,
            "selected-missing",
            {"compare": "selectedFields", "fieldsToCompare": "nope"},
            error=True,
        ),
        rd(v, "selected-none", {"compare": "selectedFields", "fieldsToCompare": ""}, error=True),
        rd(v, "nulls", {}, rows=NULLS, error=v == 1),
        rd(
            v,
            "mixed-types",
            {"compare": "selectedFields", "fieldsToCompare": "v"},
            rows=MIXED,
            error=True,
        ),
        rd(v, "people-city", {"compare": "selectedFields", "fieldsToCompare": "age"}, rows=PEOPLE),
        rd(v, "people-all", {}, rows=PEOPLE + PEOPLE[:2], error=True),
        rd(
            v,
            "same-shape-all",
            {},
            rows=[
                {"t": [1, 2], "o": {"k": "v"}},
                {"t": [1, 2], "o": {"k": "v"}},
                {"t": [1, 3], "o": {"k": "v"}},
            ],
        ),
        rd(v, "uneven-keys", {}, rows=[{"a": 1}, {"a": 1, "b": 2}, {"a": 1}], error=True),
        rd(
            v,
            "numbers-and-strings",
            {"compare": "selectedFields", "fieldsToCompare": "n"},
            rows=[{"n": 1}, {"n": 1.0}, {"n": 2}, {"n": 1}],
        ),
    ]
