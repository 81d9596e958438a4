"""Sort 1 (simple: orders, several fields, mixed types, dots) and Limit 1."""

from tests.node_oracle.cases._data import MIXED, PEOPLE, one


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


def so(case_id, params, rows=PEOPLE, **kw):
    return one(f"sort-1-{case_id}", "sort", 1, {"options": {}, **params}, rows, **kw)


def li(case_id, params, rows=PEOPLE, **kw):
    return one(f"limit-1-{case_id}", "limit", 1, params, rows, **kw)


CASES = [
    so("name", {"sortFieldsUi": by("name")}),
    so("name-desc", {"sortFieldsUi": by("-name")}),
    so("age-then-name", {"sortFieldsUi": by("age", "-name")}),
    so("city-case-blind", {"sortFieldsUi": by("city")}),
    so("nested", {"sortFieldsUi": by("info.n", "name")}),
    so(
        "nested-no-dots",
        {"sortFieldsUi": by("info.n"), "options": {"disableDotNotation": True}},
        error=True,
    ),
    so("missing", {"sortFieldsUi": by("nope")}, error=True),
    so("no-fields", {"sortFieldsUi": {}}, error=True),
    so("mixed", {"sortFieldsUi": by("v")}, rows=MIXED),
    so("mixed-desc", {"sortFieldsUi": by("-v")}, rows=MIXED),
    so("strings", {"sortFieldsUi": by("s")}, rows=MIXED),
    so(
        "numbers-as-strings",
        {"sortFieldsUi": by("n")},
        rows=[{"n": "10"}, {"n": "9"}, {"n": "100"}, {"n": "9.5"}, {"n": "-1"}],
    ),
    so(
        "stable",
        {"sortFieldsUi": by("k")},
        rows=[{"k": 1, "i": 1}, {"k": 0, "i": 2}, {"k": 1, "i": 3}, {"k": 0, "i": 4}],
    ),
    so(
        "partly-missing",
        {"sortFieldsUi": by("a")},
        rows=[{"a": 2}, {"b": 1}, {"a": 1}, {"a": None}],
    ),
    so(
        "literal-dotted",
        {"sortFieldsUi": by("a.b"), "options": {"disableDotNotation": True}},
        rows=[{"a.b": 2}, {"a.b": 1}],
    ),
    so(
        "unicode",
        {"sortFieldsUi": by("w")},
        rows=[{"w": "éa"}, {"w": "eb"}, {"w": "Ёж"}, {"w": "zz"}, {"w": "字"}, {"w": "Z"}],
    ),
    li("first", {"maxItems": 2}),
    li("last", {"maxItems": 2, "keep": "lastItems"}),
    li("more-than-items", {"maxItems": 10}),
    li("all", {"maxItems": 5, "keep": "lastItems"}),
    li("default", {}),
    li("expression", {"maxItems": "={{ 3 }}", "keep": "lastItems"}),
]
