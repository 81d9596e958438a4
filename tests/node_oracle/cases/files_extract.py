"""Extract from File 1 and 1.1 fed exact bytes (Convert to File's base64 → file): Russian
Excel CSV exports (cp1251, UTF-8 with BOM, `;`, decimal commas), CSV edge cases, XLSX,
JSON, text, base64."""

from tests.node_oracle.cases._files import b64, chain, fixture, node, to_file

CP1251 = fixture("ru_export_cp1251.csv")
BOM = fixture("ru_export_utf8_bom.csv")
XLSX = fixture("small.xlsx")


def ext(version, params, **extra):
    return node("Extract", "extractFromFile", version, params, **extra)


def feed(case_id, data, extract, *, name=None, mime=None, error=False, order="v1"):
    options = {k: v for k, v in (("fileName", name), ("mimeType", mime)) if v}
    return chain(
        case_id, [to_file(data, **options), extract], [{"b": b64(data)}], error=error, order=order
    )


CSV_EDGES = {
    "plain": b"a,b\n1,2\n3,4",
    "crlf-trailing": b"a,b\r\n1,2\r\n\r\n3,4\r\n",
    "cr-only": b"a,b\r1,2\r3,4\r",
    "short-record": b"a,b\n1,2\n3",
    "long-record": b"a,b\n1,2,3\n5,6\n",
    "bad-quote": b'a,b\n1,x"y\n5,6\n',
    "bad-closing": b'a,b\n1,"x"y\n5,6\n',
    "open-quote": b'a,b\n1,"open\n5,6\n',
    "quoted-newline": b'a,b\n"x\n""y""",2\n',
    "empty-values": b"a,b,c\n1,,3\n,,\n",
    "duplicate-headers": b"a,a,\n1,2,3\n",
    "spaces": b"a,b\n 1 , 2 \n",
    "empty": b"",
    "header-only": b"a,b\n",
    "money": 'сумма,валюта\n"1 234,56",RUB\n1234.50,USD\n0012,EUR\n'.encode(),
}

CASES = []
for v in (1, 1.1):
    tag = f"extractFromFile-{v}"
    csv = {"operation": "csv", "options": {}}
    CASES += [
        feed(
            f"{tag}-ru-bom-default",
            BOM,
            ext(v, {"operation": "csv", "options": {"delimiter": ";"}}),
        ),
        feed(
            f"{tag}-ru-bom-excluded",
            BOM,
            ext(v, {"operation": "csv", "options": {"delimiter": ";", "enableBOM": True}}),
        ),
        feed(
            f"{tag}-ru-cp1251-utf8",
            CP1251,
            ext(v, {"operation": "csv", "options": {"delimiter": ";"}}),
        ),
        feed(
            f"{tag}-ru-cp1251-latin1",
            CP1251,
            ext(v, {"operation": "csv", "options": {"delimiter": ";", "encoding": "latin1"}}),
        ),
        feed(
            f"{tag}-ru-bom-empty-cells",
            BOM,
            ext(
                v,
                {
                    "operation": "csv",
                    "options": {"delimiter": ";", "enableBOM": True, "includeEmptyCells": True},
                },
            ),
        ),
        feed(
            f"{tag}-ru-bom-no-header",
            BOM,
            ext(v, {"operation": "csv", "options": {"delimiter": ";", "headerRow": False}}),
        ),
        feed(
            f"{tag}-ru-bom-no-header-empty",
            BOM,
            ext(
                v,
                {
                    "operation": "csv",
                    "options": {"delimiter": ";", "headerRow": False, "includeEmptyCells": True},
                },
            ),
        ),
        feed(
            f"{tag}-ru-text-cp1251",
            CP1251,
            ext(
                v,
                {
                    "operation": "text",
                    "destinationKey": "t",
                    "options": {"encoding": "windows1251"},
                },
            ),
        ),
        feed(
            f"{tag}-ru-text-bom-kept",
            BOM,
            ext(v, {"operation": "text", "options": {"encoding": "utf8", "stripBOM": False}}),
        ),
        feed(f"{tag}-ru-text-bom-default", BOM, ext(v, {"operation": "text", "options": {}})),
        feed(
            f"{tag}-from-line",
            b"x\na,b\n1,2\n3,4\n",
            ext(v, {"operation": "csv", "options": {"fromLine": 2}}),
        ),
        feed(
            f"{tag}-from-line-zero",
            b"a,b\n1,2\n",
            ext(v, {"operation": "csv", "options": {"fromLine": 0}}),
            error=True,
        ),
        feed(
            f"{tag}-max-rows",
            b"a,b\n1,2\n3,4\n5,6\n",
            ext(v, {"operation": "csv", "options": {"maxRowCount": 2}}),
        ),
        feed(
            f"{tag}-max-rows-all",
            b"a,b\n1,2\n3,4\n",
            ext(v, {"operation": "csv", "options": {"maxRowCount": -1}}),
        ),
        feed(
            f"{tag}-relax-quotes",
            b'a,b\n1,x"y\n5,6\n',
            ext(v, {"operation": "csv", "options": {"relaxQuotes": True}}),
        ),
        feed(
            f"{tag}-skip-errors",
            b"a,b\n1,2,3\n5,6\n",
            ext(
                v,
                {
                    "operation": "csv",
                    "options": {
                        "skipRecordsWithErrors": {
                            "value": {"enabled": True, "maxSkippedRecords": -1}
                        }
                    },
                },
            ),
        ),
        feed(
            f"{tag}-multi-delimiter",
            b"a||b\n1||2\n",
            ext(v, {"operation": "csv", "options": {"delimiter": "||"}}),
        ),
        feed(
            f"{tag}-other-field",
            b"a\n1\n",
            ext(v, {"operation": "csv", "binaryPropertyName": "nope", "options": {}}),
            error=True,
        ),
        feed(f"{tag}-xlsx", XLSX, ext(v, {"operation": "xlsx", "options": {}})),
        feed(
            f"{tag}-xlsx-sheet",
            XLSX,
            ext(v, {"operation": "xlsx", "options": {"sheetName": "Second"}}),
        ),
        feed(
            f"{tag}-xlsx-no-sheet",
            XLSX,
            ext(v, {"operation": "xlsx", "options": {"sheetName": "Nope"}}),
            error=True,
        ),
        feed(
            f"{tag}-xlsx-no-header",
            XLSX,
            ext(v, {"operation": "xlsx", "options": {"headerRow": False}}),
        ),
        feed(
            f"{tag}-xlsx-empty-cells",
            XLSX,
            ext(v, {"operation": "xlsx", "options": {"includeEmptyCells": True}}),
        ),
        feed(
            f"{tag}-xlsx-range", XLSX, ext(v, {"operation": "xlsx", "options": {"range": "B1:C3"}})
        ),
        feed(
            f"{tag}-xlsx-range-row", XLSX, ext(v, {"operation": "xlsx", "options": {"range": "1"}})
        ),
        feed(
            f"{tag}-json",
            b'{"a": 1, "b": [1.5, "x"], "c": {"d": null}}',
            ext(v, {"operation": "fromJson", "destinationKey": "out.value", "options": {}}),
        ),
        feed(f"{tag}-json-list", b"[1, 2, 3]", ext(v, {"operation": "fromJson", "options": {}})),
        feed(f"{tag}-json-empty", b"", ext(v, {"operation": "fromJson", "options": {}})),
        feed(
            f"{tag}-json-broken",
            b"{nope",
            ext(v, {"operation": "fromJson", "options": {}}),
            error=True,
        ),
        feed(
            f"{tag}-json-keep-json",
            b'{"a":1}',
            ext(v, {"operation": "fromJson", "options": {"keepSource": "json"}}),
        ),
        feed(
            f"{tag}-json-keep-binary",
            b'{"a":1}',
            ext(v, {"operation": "fromJson", "options": {"keepSource": "binary"}}),
        ),
        feed(f"{tag}-xml", b"<a><b>1</b></a>", ext(v, {"operation": "xml", "options": {}})),
        feed(
            f"{tag}-base64",
            b"\x00\xffbinary",
            ext(v, {"operation": "binaryToPropery", "destinationKey": "b64", "options": {}}),
        ),
        feed(
            f"{tag}-text-utf16",
            "Привет".encode("utf-16-le"),
            ext(v, {"operation": "text", "options": {"encoding": "ucs2"}}),
        ),
    ]
    for name, data in CSV_EDGES.items():
        error = v == 1.1 and name in {
            "short-record",
            "long-record",
            "bad-quote",
            "bad-closing",
            "open-quote",
        }
        CASES.append(feed(f"{tag}-csv-{name}", data, ext(v, csv), error=error))
CASES += [
    feed(
        "extractFromFile-1.1-csv-v0",
        b"a,b\n1,2\n",
        ext(1.1, {"operation": "csv", "options": {}}),
        order="v0",
    ),
    feed(
        "extractFromFile-1.1-csv-continue",
        b"a,b\n1,2,3\n",
        ext(1.1, {"operation": "csv", "options": {}}, onError="continueRegularOutput"),
    ),
]
