# ruff: noqa: E501  (JavaScript comparators kept one per line)
"""Sort 1 (simple: orders, several fields, mixed types, dots; code: comparators, n8n's
default code, no return) and Limit 1."""

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


def sc(case_id, code=None, rows=PEOPLE, **kw):
    params = {"type": "code"} if code is None else {"type": "code", "code": code}
    return one(f"sort-1-code-{case_id}", "sort", 1, params, rows, **kw)


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
    sc("default"),
    sc("age", "return a.json.age - b.json.age;"),
    sc(
        "age-desc-then-name",
        "return b.json.age - a.json.age || (a.json.name < b.json.name ? -1 : 1);",
    ),
    sc(
        "undeclared-field",
        "fieldName = 'city';\nif (a.json[fieldName] < b.json[fieldName]) {\nreturn -1;\n}\n"
        "if (a.json[fieldName] > b.json[fieldName]) {\nreturn 1;\n}\nreturn 0;",
    ),
    sc("nested", "return a.json.info.n - b.json.info.n;"),
    sc("zero-keeps-order", "return 0;"),
    sc("return-in-comment", "// return\na.json.age - b.json.age;"),
    sc("no-return", "a.json.age - b.json.age;", error=True),
    sc("empty", "", error=True),
    sc(
        "throws",
        "if (a.json.name === 'bob' || b.json.name === 'bob') throw new Error('no bob');\nreturn 0;",
        error=True,
    ),
    sc("syntax-error", "return (a.json.age;", error=True),
    sc("unknown-name", "return a.json.age - nope;", error=True),
    sc("mutates-json", "a.json.seen = true;\nb.json.seen = true;\nreturn a.json.age - b.json.age;"),
    sc("mixed-strings", "return String(a.json.s) < String(b.json.s) ? -1 : 1;", rows=MIXED),
    sc(
        "stable",
        "return a.json.k - b.json.k;",
        rows=[{"k": 1, "i": 1}, {"k": 0, "i": 2}, {"k": 1, "i": 3}, {"k": 0, "i": 4}],
    ),
    sc(
        "strings-as-numbers",
        "return Number(a.json.n) - Number(b.json.n);",
        rows=[{"n": "10"}, {"n": "9"}, {"n": "100"}, {"n": "9.5"}, {"n": "-1"}],
    ),
    sc(
        "missing-field",
        "return (a.json.a ?? 99) - (b.json.a ?? 99);",
        rows=[{"a": 2}, {"b": 1}, {"a": 1}, {"a": None}],
    ),
    sc(
        "counter-per-run",
        "calls = (typeof calls === 'undefined' ? 0 : calls) + 1;\na.json.calls = calls > 0;\nb.json.calls = calls > 0;\nreturn a.json.age - b.json.age;",
    ),
    sc("with-expression", "={{ 'return a.json.age - b.json.age;' }}"),
    li("first", {"maxItems": 2}),
    li("last", {"maxItems": 2, "keep": "lastItems"}),
    li("more-than-items", {"maxItems": 10}),
    li("all", {"maxItems": 5, "keep": "lastItems"}),
    li("default", {}),
    li("expression", {"maxItems": "={{ 3 }}", "keep": "lastItems"}),
]
