"""Convert to File 1 and 1.1: CSV, HTML, JSON, text, base64 → file; round trips through
Extract from File."""

from tests.node_oracle.cases._files import b64, chain, node

ROWS = [
    {"id": 1, "name": "Ann", "amount": 1234.5, "ok": True, "note": None, "tags": ["a", "b"]},
    {"id": 2, "name": 'Bo, "B"', "amount": 0.1, "nested": {"x": 1, "y": {"z": "deep"}}},
    {"name": "Émile\nline", "amount": "1 234,56", "id": 123456789012, "empty": ""},
]
NUMBERS = [
    {"n": v}
    for v in (
        0.30000000000000004,
        1e21,
        -0.000001234,
        1e-7,
        12345678901,
        99999999999.9,
        1 / 3,
        -5,
        2.5e-10,
        1234567.891234,
        0,
    )
]


def conv(version, params):
    return node("Convert", "convertToFile", version, params)


def ext(version, params):
    return node("Extract", "extractFromFile", version, params)


CASES = []
for v in (1, 1.1):
    tag = f"convertToFile-{v}"
    CASES += [
        chain(f"{tag}-csv", [conv(v, {"operation": "csv", "options": {}})], ROWS),
        chain(f"{tag}-csv-numbers", [conv(v, {"operation": "csv", "options": {}})], NUMBERS),
        chain(
            f"{tag}-csv-semicolon",
            [conv(v, {"operation": "csv", "options": {"delimiter": ";", "fileName": "ru.csv"}})],
            ROWS,
        ),
        chain(
            f"{tag}-csv-no-header",
            [
                conv(
                    v,
                    {
                        "operation": "csv",
                        "binaryPropertyName": "f",
                        "options": {"headerRow": False},
                    },
                )
            ],
            ROWS,
        ),
        chain(
            f"{tag}-csv-id",
            [conv(v, {"operation": "csv", "options": {}})],
            [{"ID": "ID"}, {"ID": 2}],
        ),
        chain(
            f"{tag}-csv-int-keys",
            [conv(v, {"operation": "csv", "options": {}})],
            [{"b": 1, "2": "two", "a": 3, "1": "one"}],
        ),
        chain(
            f"{tag}-csv-round-trip",
            [
                conv(v, {"operation": "csv", "options": {"delimiter": ";"}}),
                ext(v, {"operation": "csv", "options": {"delimiter": ";", "enableBOM": True}}),
            ],
            ROWS,
        ),
        chain(f"{tag}-html", [conv(v, {"operation": "html", "options": {}})], ROWS),
        chain(
            f"{tag}-html-no-header",
            [conv(v, {"operation": "html", "options": {"headerRow": False, "fileName": "t.html"}})],
            ROWS[:2],
        ),
        chain(f"{tag}-json-once", [conv(v, {"operation": "toJson", "options": {}})], ROWS),
        chain(
            f"{tag}-json-once-format",
            [conv(v, {"operation": "toJson", "options": {"format": True, "fileName": "x.json"}})],
            ROWS,
        ),
        chain(
            f"{tag}-json-each",
            [conv(v, {"operation": "toJson", "mode": "each", "options": {"addBOM": True}})],
            ROWS,
        ),
        chain(
            f"{tag}-json-round-trip",
            [
                conv(v, {"operation": "toJson", "mode": "each", "options": {"format": True}}),
                ext(v, {"operation": "fromJson", "options": {}}),
            ],
            ROWS,
        ),
        chain(
            f"{tag}-text",
            [conv(v, {"operation": "toText", "sourceProperty": "name", "options": {}})],
            ROWS,
        ),
        chain(
            f"{tag}-text-cp1251",
            [
                conv(
                    v,
                    {
                        "operation": "toText",
                        "sourceProperty": "t",
                        "options": {"encoding": "windows1251", "fileName": "ru.txt"},
                    },
                )
            ],
            [{"t": "Сумма;1 234,56"}],
        ),
        chain(
            f"{tag}-text-bom",
            [
                conv(
                    v,
                    {
                        "operation": "toText",
                        "sourceProperty": "t",
                        "options": {"encoding": "utf8", "addBOM": True},
                    },
                )
            ],
            [{"t": "Привет"}],
        ),
        chain(
            f"{tag}-text-object",
            [conv(v, {"operation": "toText", "sourceProperty": "nested", "options": {}})],
            ROWS[1:2],
        ),
        chain(
            f"{tag}-text-number",
            [conv(v, {"operation": "toText", "sourceProperty": "id", "options": {}})],
            ROWS,
        ),
        chain(
            f"{tag}-text-missing",
            [conv(v, {"operation": "toText", "sourceProperty": "nope", "options": {}})],
            ROWS,
            error=True,
        ),
        chain(
            f"{tag}-base64",
            [conv(v, {"operation": "toBinary", "sourceProperty": "b", "options": {}})],
            [{"b": b64(b"hello")}, {"b": b64(b"%PDF-1.4 x")}],
        ),
        chain(
            f"{tag}-base64-named",
            [
                conv(
                    v,
                    {
                        "operation": "toBinary",
                        "sourceProperty": "x.b",
                        "options": {"fileName": "a.csv", "mimeType": "text/csv"},
                    },
                )
            ],
            [{"x": {"b": b64("a;b\r\n1;2".encode("cp1251"))}}],
        ),
        chain(
            f"{tag}-base64-mime-only",
            [
                conv(
                    v,
                    {
                        "operation": "toBinary",
                        "sourceProperty": "b",
                        "options": {"mimeType": "application/json"},
                    },
                )
            ],
            [{"b": b64(b'{"a":1}')}],
        ),
        chain(
            f"{tag}-base64-round-trip",
            [
                conv(v, {"operation": "toBinary", "sourceProperty": "b", "options": {}}),
                ext(
                    v,
                    {
                        "operation": "binaryToPropery",
                        "destinationKey": "back",
                        "options": {"keepSource": "both"},
                    },
                ),
            ],
            [{"b": b64(b"\x00\x01bytes\xff")}],
        ),
    ]
CASES += [
    chain(
        "convertToFile-1-base64-as-text",
        [
            conv(
                1,
                {
                    "operation": "toBinary",
                    "sourceProperty": "t",
                    "options": {"dataIsBase64": False, "encoding": "windows1251"},
                },
            )
        ],
        [{"t": "Привет"}],
    ),
    chain(
        "convertToFile-1.1-csv-v0",
        [conv(1.1, {"operation": "csv", "options": {}})],
        ROWS[:1],
        order="v0",
    ),
]
