"""Summarize 1 and 1.1: every aggregation, groups, output formats, empty values."""

from tests.node_oracle.cases._data import MIXED, PEOPLE, one

ALL = [
    {"aggregation": "append", "field": "name"},
    {"aggregation": "average", "field": "age"},
    {"aggregation": "concatenate", "field": "city"},
    {"aggregation": "count", "field": "name"},
    {"aggregation": "countUnique", "field": "city"},
    {"aggregation": "max", "field": "age"},
    {"aggregation": "min", "field": "name"},
    {"aggregation": "sum", "field": "info.n"},
]
GROUPS = [
    {"g": "a", "h": 1, "x": 1},
    {"g": "b", "h": 1, "x": 2},
    {"g": "a", "h": 2, "x": 3},
    {"g": None, "h": "1", "x": 4},
    {"h": 1, "x": 5},
    {"g": "", "h": 0, "x": 6},
    {"g": {"o": 1}, "h": True, "x": 7},
    {"g": 5, "h": 1, "x": 8},
    {"g": "5", "h": 1, "x": 9},
]


def su(version, case_id, params, rows=PEOPLE, **kw):
    return one(
        f"summarize-{version:g}-{case_id}",
        "summarize",
        version,
        {"options": {}, **params},
        rows,
        **kw,
    )


def values(*entries):
    return {"values": list(entries)}


CASES = []
for v in (1, 1.1):
    CASES += [
        su(v, "every-aggregation", {"fieldsToSummarize": values(*ALL)}),
        su(
            v,
            "default-count",
            {"fieldsToSummarize": values({"aggregation": "count", "field": "tags"})},
        ),
        su(
            v,
            "no-field",
            {"fieldsToSummarize": values({"aggregation": "count", "field": ""})},
            error=True,
        ),
        su(
            v,
            "missing-field",
            {"fieldsToSummarize": values({"aggregation": "sum", "field": "nope"})},
            error=v == 1,
        ),
        su(
            v,
            "missing-field-continue",
            {
                "fieldsToSummarize": values({"aggregation": "sum", "field": "nope"}),
                "options": {"continueIfFieldNotFound": True},
            },
        ),
        su(
            v,
            "mixed",
            {
                "fieldsToSummarize": values(
                    {"aggregation": "append", "field": "v"},
                    {"aggregation": "append", "field": "v", "includeEmpty": True},
                    {
                        "aggregation": "concatenate",
                        "field": "v",
                        "separateBy": "other",
                        "customSeparator": " | ",
                    },
                    {
                        "aggregation": "concatenate",
                        "field": "v",
                        "includeEmpty": True,
                        "separateBy": ", ",
                    },
                    {"aggregation": "count", "field": "v", "includeEmpty": True},
                    {"aggregation": "countUnique", "field": "s", "includeEmpty": True},
                    {"aggregation": "max", "field": "v"},
                    {"aggregation": "min", "field": "s"},
                    {"aggregation": "sum", "field": "v"},
                    {"aggregation": "average", "field": "v"},
                )
            },
            rows=MIXED,
        ),
        su(
            v,
            "split-by-one",
            {
                "fieldsToSummarize": values({"aggregation": "sum", "field": "x"}),
                "fieldsToSplitBy": "g",
            },
            rows=GROUPS,
        ),
        su(
            v,
            "split-by-two",
            {
                "fieldsToSummarize": values({"aggregation": "append", "field": "x"}),
                "fieldsToSplitBy": "g, h",
            },
            rows=GROUPS,
        ),
        su(
            v,
            "split-skip-empty",
            {
                "fieldsToSummarize": values({"aggregation": "count", "field": "x"}),
                "fieldsToSplitBy": "g",
                "options": {"skipEmptySplitFields": True},
            },
            rows=GROUPS,
        ),
        su(
            v,
            "single-item",
            {
                "fieldsToSummarize": values({"aggregation": "sum", "field": "x"}),
                "fieldsToSplitBy": "h",
                "options": {"outputFormat": "singleItem"},
            },
            rows=GROUPS,
        ),
        su(
            v,
            "single-item-two",
            {
                "fieldsToSummarize": values({"aggregation": "count", "field": "x"}),
                "fieldsToSplitBy": "g,h",
                "options": {"outputFormat": "singleItem"},
            },
            rows=GROUPS,
        ),
        su(
            v,
            "single-item-no-split",
            {"fieldsToSummarize": values(*ALL), "options": {"outputFormat": "singleItem"}},
        ),
        su(
            v,
            "nested-names",
            {
                "fieldsToSummarize": values({"aggregation": "max", "field": "info.zip"}),
                "fieldsToSplitBy": "info.zip",
            },
        ),
        su(
            v,
            "no-dots",
            {
                "fieldsToSummarize": values({"aggregation": "count", "field": "a.b"}),
                "options": {"disableDotNotation": True},
            },
            rows=[{"a.b": 1}, {"a.b": 2}, {"a": {"b": 3}}],
        ),
        su(
            v,
            "spaces-in-names",
            {
                "fieldsToSummarize": values({"aggregation": "sum", "field": "my field"}),
                "fieldsToSplitBy": "the group",
            },
            rows=[{"my field": 1, "the group": "a"}, {"my field": 2, "the group": "a"}],
        ),
        su(
            v,
            "floats",
            {
                "fieldsToSummarize": values(
                    {"aggregation": "sum", "field": "f"}, {"aggregation": "average", "field": "f"}
                )
            },
            rows=[{"f": 0.1}, {"f": 0.2}, {"f": 0.3}],
        ),
        su(
            v,
            "strings-min-max",
            {
                "fieldsToSummarize": values(
                    {"aggregation": "min", "field": "n"}, {"aggregation": "max", "field": "n"}
                )
            },
            rows=[{"n": "10"}, {"n": "9"}, {"n": 3}, {"n": "b"}],
        ),
    ]
