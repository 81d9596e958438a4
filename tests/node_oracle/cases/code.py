# ruff: noqa: E501  (the cases are JavaScript snippets, kept one per line)
"""The Code node (n8n-nodes-base.code 1 and 2): both modes, return shapes, data access,
paired items, Luxon with fixed dates, errors, and console.log kept out of the output."""

from __future__ import annotations

from typing import Any

from tests.node_oracle.harness import Case

VERSIONS = (1, 2)
ALL = "runOnceForAllItems"
EACH = "runOnceForEachItem"

ROWS: list[dict[str, Any]] = [
    {"name": "Ann", "n": 1, "tags": ["a", "b"], "meta": {"k": "x"}},
    {"name": "Bob", "n": 2, "tags": [], "meta": None},
    {"name": "Åsa ✓", "n": "3", "empty": "", "nested": {"deep": {"v": 1.5}}},
]


def code_node(
    version: int, code: str, mode: str = ALL, name: str = "Code", **params: Any
) -> dict[str, Any]:
    parameters: dict[str, Any] = {"mode": mode, "jsCode": code, **params}
    if version == 2:
        parameters.setdefault("language", "javaScript")
    return {
        "name": name,
        "type": "n8n-nodes-base.code",
        "typeVersion": version,
        "parameters": parameters,
    }


def case(
    what: str,
    version: int,
    code: str,
    mode: str = ALL,
    rows: list[dict[str, Any]] | None = None,
    error: bool = False,
) -> Case:
    short = "all" if mode == ALL else "each"
    return Case(
        f"code-{version}-{short}-{what}",
        nodes=[code_node(version, code, mode)],
        inputs={"Input": ROWS if rows is None else rows},
        error=error,
    )


# (what, code, rows or None, n8n stops with an error)
ALL_ITEMS: list[tuple[str, str, list[dict[str, Any]] | None, bool]] = [
    ("items-as-they-are", "return items;", None, False),
    ("input-all", "return $input.all();", None, False),
    (
        "map-json",
        "return $input.all().map(i => ({ json: { ...i.json, seen: true } }));",
        None,
        False,
    ),
    (
        "plain-objects",
        "return $input.all().map((i, n) => ({ at: n, name: i.json.name }));",
        None,
        False,
    ),
    ("single-object", "return { count: $input.all().length };", None, False),
    ("single-json-item", "return { json: { one: 1 } };", None, False),
    ("null-is-empty", "return null;", None, False),
    ("empty-array", "return [];", None, False),
    ("undefined", "const x = 1;", None, True),
    ("number", "return 5;", None, True),
    ("string", "return 'text';", None, True),
    ("array-of-numbers", "return [1, 2];", None, True),
    ("array-of-arrays", "return [[1], [2]];", None, True),
    ("mixed-json-and-plain", "return [{ json: { a: 1 } }, { b: 2 }];", None, True),
    ("json-not-object", "return [{ json: 1 }];", None, True),
    ("json-array", "return [{ json: [1, 2] }];", None, True),
    ("unknown-top-level-key", "return [{ json: { a: 1 }, extra: 2 }];", None, True),
    ("json-and-pairedItem", "return [{ json: { a: 1 }, pairedItem: { item: 2 } }];", None, False),
    ("null-in-array", "return [{ a: 1 }, null];", None, True),
    ("first-last", "return [$input.first(), $input.last()];", None, False),
    (
        "first-json",
        "return [{ json: { f: $input.first().json.name, l: $input.last().json.n } }];",
        None,
        False,
    ),
    (
        "items-length",
        "return [{ json: { a: items.length, b: $input.all().length } }];",
        None,
        False,
    ),
    ("json-in-all-mode", "return [{ json: { name: $json.name } }];", None, False),
    ("input-item-in-all-mode", "return [{ json: { name: $input.item.json.name } }];", None, False),
    ("item-index-in-all-mode", "return [{ json: { i: $itemIndex } }];", None, False),
    (
        "node-all",
        "return $('Input').all().map(i => ({ json: { n: i.json.n } }));",
        None,
        False,
    ),
    (
        "node-first-last",
        "return [{ json: { f: $('Input').first().json.name, l: $('Input').last().json.name } }];",
        None,
        False,
    ),
    (
        "node-item-in-all-mode",
        "return [{ json: { name: $('Input').item.json.name } }];",
        None,
        False,
    ),
    (
        "node-item-matching",
        "return $input.all().map((x, i) => ({ json: { m: $('Input').itemMatching(i).json.name } }));",
        None,
        False,
    ),
    ("node-unknown", "return [{ json: { x: $('Nope').first() } }];", None, True),
    (
        "node-legacy",
        "return [{ json: { a: $node['Input'].json.name, b: $items('Input').length } }];",
        None,
        False,
    ),
    (
        "mutate-input",
        "for (const item of $input.all()) { item.json.added = item.json.n * 2; }\nreturn $input.all();",
        None,
        False,
    ),
    (
        "aggregate",
        "const total = items.reduce((s, i) => s + Number(i.json.n), 0);\n"
        "return [{ json: { total, names: items.map(i => i.json.name) } }];",
        None,
        False,
    ),
    (
        "split",
        "const out = [];\nfor (const it of items) {\n  for (const t of it.json.tags || []) out.push({ json: { t } });\n}\nreturn out;",
        None,
        False,
    ),
    (
        "luxon-fixed",
        "const d = DateTime.fromISO('2024-02-28T22:30:00Z', { zone: 'UTC' });\n"
        "return [{ json: { iso: d.plus({ days: 2 }).toISO(), date: d.toFormat('yyyy-LL-dd'),"
        " wd: d.weekdayLong, diff: DateTime.fromISO('2024-03-10').diff(DateTime.fromISO('2024-03-01'), 'days').days } }];",
        None,
        False,
    ),
    (
        "luxon-in-output",
        "return [{ json: { d: DateTime.fromISO('2024-01-02T03:04:05.006Z', { zone: 'UTC' }) } }];",
        None,
        False,
    ),
    (
        "date-in-output",
        "return [{ json: { d: new Date(Date.UTC(2020, 0, 2, 3, 4, 5)) } }];",
        None,
        False,
    ),
    (
        "special-values",
        "return [{ json: { nan: NaN, inf: Infinity, u: undefined, arr: [1, undefined, 2], neg0: -0, big: 2 ** 60 } }];",
        None,
        False,
    ),
    (
        "duration-interval",
        "const i = Interval.fromDateTimes(DateTime.fromISO('2024-01-01T00:00:00Z'), DateTime.fromISO('2024-01-03T12:00:00Z'));\n"
        "return [{ json: { h: i.length('hours'), d: Duration.fromObject({ hours: 36 }).shiftTo('days', 'hours').toObject() } }];",
        None,
        False,
    ),
    (
        "console-log",
        "console.log('hello', { a: 1 });\nconsole.warn('w');\nreturn [{ json: { ok: true } }];",
        None,
        False,
    ),
    ("async-await", "const v = await Promise.resolve(7);\nreturn [{ json: { v } }];", None, False),
    ("throw-error", "throw new Error('boom');", None, True),
    ("throw-string", "throw 'plain';", None, True),
    ("reference-error", "return [{ json: { a: notDefined } }];", None, True),
    ("syntax-error", "return [{ json: { a: 1 } ];", None, True),
    ("type-error", "const o = null;\nreturn [{ json: { a: o.x } }];", None, True),
    (
        "jmespath",
        "return [{ json: { names: $jmespath(items.map(i => i.json), '[*].name') } }];",
        None,
        False,
    ),
    (
        "helpers-if-min-max",
        "return [{ json: { a: $if(true, 1, 2), b: $max(1, 5, 3), c: $min(4, 2), d: $ifEmpty('', 'x') } }];",
        None,
        True,
    ),
    ("no-input-items-code-runs", "return [{ json: { n: items.length } }];", [], False),
    ("json-stringify", "return [{ json: { s: JSON.stringify(items[0].json) } }];", None, False),
    (
        "unicode-and-regex",
        "return items.map(i => ({ json: { up: String(i.json.name).toUpperCase(), m: /([A-Z])/.test(i.json.name) } }));",
        None,
        False,
    ),
    (
        "workflow-vars",
        "return [{ json: { run: $runIndex, mode: typeof $execution.id } }];",
        None,
        False,
    ),
    (
        "binary-only-item",
        "return [{ binary: {} }];",
        None,
        False,
    ),
    ("items-not-defined-hint", "const x = item.json;\nreturn [x];", None, True),
    (
        "input-paired-visible",
        "return items.map(i => ({ json: { p: i.pairedItem ?? null } }));",
        None,
        False,
    ),
    (
        "types-seen",
        "return items.map(i => ({ json: { t: typeof i.json.n, arr: Array.isArray(i.json.tags), m: i.json.meta === null, e: i.json.empty === '' } }));",
        None,
        False,
    ),
    (
        "sort-by-name",
        "return items.sort((a, b) => (a.json.name < b.json.name ? 1 : -1));",
        None,
        False,
    ),
    (
        "numbers",
        "return [{ json: { s: String(0.1 + 0.2), f: (1234.5).toFixed(1), e: 1e21, p: parseInt('08'), d: 7 / 2, r: Math.round(2.5) } }];",
        None,
        False,
    ),
    (
        "strings",
        "return [{ json: { pad: '7'.padStart(3, '0'), rep: 'a-b-c'.replaceAll('-', '+'), sp: 'x,y'.split(','), tr: '  t '.trim(), at: 'abc'.at(-1) } }];",
        None,
        False,
    ),
    ("object-json-falsy", "return { json: 0, x: 1 };", None, False),
    ("object-with-json-and-extra", "return { json: { a: 1 }, extra: 2 };", None, False),
    ("binary-and-plain-mixed", "return [{ binary: {} }, { a: 1 }];", None, True),
    ("throw-in-callback", "return items.map(i => { throw new TypeError('in map'); });", None, True),
    (
        "dates-utc",
        "const d = new Date('2024-03-10T12:00:00Z');\nreturn [{ json: { day: d.getUTCDay(), ms: d.getTime(), iso: d.toISOString() } }];",
        None,
        False,
    ),
    (
        "luxon-zones",
        "const d = DateTime.fromISO('2024-03-31T00:30:00', { zone: 'Europe/Berlin' });\n"
        "return [{ json: { a: d.plus({ hours: 2 }).toISO(), b: d.setZone('America/New_York').toFormat('yyyy-MM-dd HH:mm ZZ'), c: d.startOf('month').toISO() } }];",
        None,
        False,
    ),
    (
        "return-items-with-extra-fields-later",
        "const out = items.slice(0, 2);\nout[1].json = { replaced: true };\nreturn out;",
        None,
        False,
    ),
    (
        "deep-clone-json",
        "const c = JSON.parse(JSON.stringify(items));\nc[0].json.name = 'changed';\nreturn [c[0], items[0]];",
        None,
        False,
    ),
]

ALL_ITEMS += [
    (
        "undeclared-assign-read",
        "fieldName = 'name';\nreturn items.map(i => ({ json: { v: i.json[fieldName] } }));",
        None,
        False,
    ),
    (
        "undeclared-in-closure",
        "items.forEach(i => { total = (typeof total === 'undefined' ? 0 : total) + Number(i.json.n); });\nreturn [{ json: { total } }];",
        None,
        False,
    ),
    (
        "undeclared-destructure-for-in",
        "[first, second] = items;\nfor (k in first.json) { last = k; }\nreturn [{ json: { a: first.json.name, b: second.json.name, last } }];",
        None,
        False,
    ),
    (
        "undeclared-read-before-assign",
        "const v = later;\nlater = 1;\nreturn [{ json: { v } }];",
        None,
        True,
    ),
    ("undeclared-typeof", "return [{ json: { t: typeof neverSet } }];", None, False),
    (
        "undeclared-shadows-global",
        "Math = { max: () => 42 };\nreturn [{ json: { m: Math.max(1, 2) } }];",
        None,
        False,
    ),
    (
        "assign-undefined",
        "undefined = 5;\nreturn [{ json: { u: typeof undefined } }];",
        None,
        False,
    ),
    (
        "undeclared-declared-elsewhere",
        "function f() { let i = 9; return i; }\nfor (i = 0; i < 2; i++) {}\nreturn [{ json: { i, f: f() } }];",
        None,
        False,
    ),
]

EACH_ITEM: list[tuple[str, str, list[dict[str, Any]] | None, bool]] = [
    ("return-json", "return $json;", None, False),
    ("return-item", "return $input.item;", None, False),
    ("return-item-var", "return item;", None, False),
    ("modify-json", "$json.seen = $itemIndex;\nreturn $input.item;", None, False),
    ("plain-object", "return { name: $json.name, i: $itemIndex };", None, False),
    ("json-wrapper", "return { json: { name: $json.name } };", None, False),
    ("json-wrapper-extra-key", "return { json: { name: $json.name }, extra: 1 };", None, False),
    (
        "json-and-pairedItem",
        "return { json: { i: $itemIndex }, pairedItem: { item: 0 } };",
        None,
        False,
    ),
    ("null-skips", "return $itemIndex === 1 ? null : $json;", None, False),
    ("undefined-skips", "if ($itemIndex !== 1) return $json;", None, False),
    ("zero", "return $itemIndex === 1 ? 0 : $json;", None, False),
    ("false", "return $itemIndex === 1 ? false : $json;", None, False),
    ("string", "return 'x';", None, True),
    ("number", "return 5;", None, True),
    ("array", "return [{ json: {} }];", None, True),
    ("empty-array", "return [];", None, True),
    ("json-not-object", "return { json: 'x' };", None, True),
    ("input-first-refused", "return $input.first();", None, True),
    ("input-all-refused", "return { n: $input.all().length };", None, True),
    ("input-first-in-comment", "// $input.first()\nreturn $json;", None, False),
    ("node-item", "return { from: $('Input').item.json.name, i: $itemIndex };", None, False),
    ("node-all", "return { n: $('Input').all().length };", None, False),
    ("node-first", "return { f: $('Input').first().json.name };", None, False),
    (
        "node-item-matching",
        "return { m: $('Input').itemMatching($itemIndex).json.n };",
        None,
        False,
    ),
    ("items-not-defined", "return { n: items.length };", None, True),
    (
        "throw-on-second",
        "if ($itemIndex === 1) throw new Error('bad item ' + $json.name);\nreturn $json;",
        None,
        True,
    ),
    ("reference-error", "return { a: nope };", None, True),
    ("syntax-error", "return { a: 1 ;", None, True),
    (
        "luxon",
        "const d = DateTime.fromObject({ year: 2024, month: 1, day: 31 }, { zone: 'Europe/Berlin' }).plus({ months: $itemIndex + 1 });\n"
        "return { d: d.toISODate(), off: d.offset, q: d.quarter };",
        None,
        False,
    ),
    ("console-log", "console.log('item', $itemIndex);\nreturn { i: $itemIndex };", None, False),
    (
        "async-await",
        "const v = await new Promise(r => r($itemIndex * 10));\nreturn { v };",
        None,
        False,
    ),
    (
        "nested-access",
        "return { deep: $json.nested?.deep?.v ?? null, k: $json.meta?.k ?? 'none' };",
        None,
        False,
    ),
    ("numbers-as-strings", "return { sum: $json.n + 1, num: Number($json.n) + 1 };", None, False),
    ("jmespath", "return { t: $jmespath($json, 'tags[0]') };", None, False),
    ("no-input-items", "return { x: 1 };", [], False),
    ("date-in-output", "return { d: new Date(Date.UTC(2021, 5, 1)) };", None, False),
    (
        "luxon-in-output",
        "return { d: DateTime.fromISO('2024-05-06T07:08:09Z', { zone: 'UTC' }) };",
        None,
        False,
    ),
    ("item-paired-visible", "return { p: $input.item.pairedItem ?? null };", None, False),
    (
        "null-fields",
        "return { m: $json.meta ?? 'nullish', e: $json.empty, missing: $json.missing ?? 'none', t: typeof $json.missing };",
        None,
        False,
    ),
    ("binary-key", "return { binary: {} };", None, False),
    ("node-json", "return { a: $node['Input'].json.name };", None, False),
    ("return-new-array-of-json", "return [$json];", None, True),
    ("undefined-json", "return { json: undefined };", None, False),
    ("null-json", "return { json: null };", None, True),
    ("throw-non-error", "throw { code: 1 };", None, True),
    (
        "spread-and-destructure",
        "const { name, ...rest } = $json;\nreturn { name, keys: Object.keys(rest).sort() };",
        None,
        False,
    ),
]

EACH_ITEM += [
    ("undeclared-assign-read", "label = 'x' + $itemIndex;\nreturn { label };", None, False),
    (
        "undeclared-kept-between-items",
        "if (typeof seen === 'undefined') seen = 0;\nseen++;\nreturn { seen, name: $json.name };",
        None,
        False,
    ),
    (
        "undeclared-then-node-data",
        "count = (typeof count === 'undefined' ? 0 : count) + 1;\nreturn { count, name: $('Input').item.json.name };",
        None,
        False,
    ),
    (
        "undeclared-set-by-first-item",
        "if ($itemIndex === 0) { firstName = $json.name; }\nreturn { first: firstName };",
        None,
        False,
    ),
]

CASES: list[Case] = []
for _version in VERSIONS:
    for _what, _code, _rows, _error in ALL_ITEMS:
        CASES.append(case(_what, _version, _code, ALL, _rows, _error))
    for _what, _code, _rows, _error in EACH_ITEM:
        CASES.append(case(_what, _version, _code, EACH, _rows, _error))


def _chain(id_: str, first: dict[str, Any], second: dict[str, Any], error: bool = False) -> Case:
    return Case(
        id_,
        nodes=[first, second],
        connections={
            first["name"]: {"main": [[{"node": second["name"], "type": "main", "index": 0}]]}
        },
        inputs={"Input": ROWS},
        error=error,
    )


for _version in VERSIONS:
    CASES += [
        _chain(
            f"code-{_version}-paired-after-filtering",
            code_node(_version, "return items.filter(i => i.json.name !== 'Bob');", name="Keep"),
            code_node(
                _version,
                "return { mine: $json.name, source: $('Input').item.json.n, via: $('Keep').item.json.name };",
                EACH,
            ),
        ),
        _chain(
            f"code-{_version}-paired-new-items-no-pairing",
            code_node(
                _version,
                "return items.map(i => ({ json: { copy: i.json.name } })).reverse();",
                name="Make",
            ),
            code_node(
                _version, "return { copy: $json.copy, source: $('Input').item.json.name };", EACH
            ),
        ),
        _chain(
            f"code-{_version}-paired-explicit",
            code_node(
                _version,
                "return items.map((i, n) => ({ json: { copy: i.json.name }, pairedItem: { item: items.length - 1 - n } }));",
                name="Make",
            ),
            code_node(
                _version, "return { copy: $json.copy, source: $('Input').item.json.name };", EACH
            ),
        ),
        _chain(
            f"code-{_version}-paired-each-mode",
            code_node(
                _version, "return { up: String($json.name).toUpperCase() };", EACH, name="Upper"
            ),
            code_node(
                _version,
                "return items.map(i => ({ json: { up: i.json.up } }));",
                name="Code",
            ),
        ),
        _chain(
            f"code-{_version}-aggregate-then-item",
            code_node(_version, "return [{ json: { n: items.length } }];", name="Count"),
            code_node(_version, "return { n: $json.n, first: $('Input').item.json.name };", EACH),
        ),
        _chain(
            f"code-{_version}-node-all-of-earlier",
            code_node(_version, "return { doubled: Number($json.n) * 2 };", EACH, name="Double"),
            code_node(
                _version,
                "return [{ json: { d: $('Double').all().map(i => i.json.doubled), i: $('Input').all().length } }];",
            ),
        ),
    ]

for _version in VERSIONS:
    CASES += [
        _chain(
            f"code-{_version}-paired-after-each-skips",
            code_node(
                _version, "return $itemIndex === 0 ? null : { n: $json.n };", EACH, name="Skip"
            ),
            code_node(_version, "return { n: $json.n, name: $('Input').item.json.name };", EACH),
        ),
        _chain(
            f"code-{_version}-paired-to-set",
            code_node(
                _version,
                "return items.slice(1).map(i => ({ json: { n: i.json.n }, pairedItem: i.pairedItem }));",
                name="Tail",
            ),
            {
                "name": "Code",
                "type": "n8n-nodes-base.set",
                "typeVersion": 3.4,
                "parameters": {
                    "mode": "manual",
                    "assignments": {
                        "assignments": [
                            {
                                "id": "a",
                                "name": "name",
                                "type": "string",
                                "value": "={{ $('Input').item.json.name }}",
                            }
                        ]
                    },
                    "options": {},
                },
            },
        ),
    ]

CASES += [
    Case(
        "code-2-timezone-setting",
        nodes=[
            code_node(
                2,
                "return [{ json: { d: DateTime.fromISO('2024-07-01T12:00:00').toISO(), z: DateTime.fromISO('2024-07-01').zoneName } }];",
            )
        ],
        inputs={"Input": [{}]},
        settings={"timezone": "America/New_York"},
    ),
    Case(
        "code-2-python-refused",
        nodes=[
            {
                "name": "Code",
                "type": "n8n-nodes-base.code",
                "typeVersion": 2,
                "parameters": {"language": "pythonNative", "pythonCode": "return _items"},
            }
        ],
        inputs={"Input": ROWS},
        error=True,
    ),
    Case(
        "code-2-default-parameters",
        nodes=[{"name": "Code", "type": "n8n-nodes-base.code", "typeVersion": 2, "parameters": {}}],
        inputs={"Input": ROWS},
        error=True,
    ),
    Case(
        "code-1-only-code",
        nodes=[
            {
                "name": "Code",
                "type": "n8n-nodes-base.code",
                "typeVersion": 1,
                "parameters": {"jsCode": "return items.map(i => ({ json: { n: i.json.n } }));"},
            }
        ],
        inputs={"Input": ROWS},
    ),
]

CASES += [
    _chain(
        "code-2-undeclared-not-shared-between-nodes",
        code_node(2, "shared = 'first';\nreturn items;", name="First"),
        code_node(2, "return [{ json: { t: typeof shared } }];"),
    ),
    _chain(
        "code-2-undeclared-not-seen-by-expressions",
        code_node(2, "shared = 'first';\nreturn items;", name="First"),
        {
            "name": "Code",
            "type": "n8n-nodes-base.set",
            "typeVersion": 3.4,
            "parameters": {
                "mode": "manual",
                "assignments": {
                    "assignments": [
                        {"id": "a", "name": "t", "type": "string", "value": "={{ typeof shared }}"}
                    ]
                },
                "options": {},
            },
        },
    ),
]
