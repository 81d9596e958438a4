"""extractFromFile (n8n's Extract from File, versions 1 and 1.1): a file → items' json.

CSV and XLSX give one item per row: CSV values stay strings ("1 234,56" is not a number),
XLSX cells keep their numbers. JSON, text and XML put the file's content in one field
(JSON parsed); Move File to Base64 String puts its base64 there. Version 1 returns the CSV
rows read before a broken record; 1.1 fails on it. HTML, ICS, ODS, PDF, RTF and XLS are
refused by name.
"""

from __future__ import annotations

import json
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits
from kflow.nodes.core.base import describe
from kflow.nodes.core.file_binary import binary_entry, entry_bytes
from kflow.nodes.core.file_csv import CsvError, CsvOptions, parse_csv
from kflow.nodes.core.file_encodings import UnknownEncoding, decode_bytes, detect_encoding
from kflow.nodes.core.file_properties import (
    ENCODING_CHOICES,
    field,
    operation_property,
    option,
    shown,
)
from kflow.nodes.core.file_spreadsheet import SpreadsheetError, read_xlsx
from kflow.nodes.core.paths import lodash_set, lodash_unset

__all__ = ["EXTRACT_FROM_FILE", "ExtractFromFileNode"]

SHEETS = ["csv", "html", "rtf", "ods", "xls", "xlsx"]
MOVES = ["binaryToPropery", "fromJson", "text", "fromIcs", "xml"]
REFUSED = {
    "html": "Extract From HTML",
    "rtf": "Extract From RTF",
    "ods": "Extract From ODS",
    "xls": "Extract From XLS",
    "fromIcs": "Extract From ICS",
    "pdf": "Extract From PDF",
}
_CSV_ENCODINGS = ["ascii", "latin1", "ucs-2", "ucs2", "utf-8", "utf16le", "utf8"]
_INPUT_FIELD = field(
    "binaryPropertyName",
    "Input Binary Field",
    "data",
    "The name of the input field containing the file data to be processed",
    required=True,
)


def _csv_only(prop: dict[str, Any]) -> dict[str, Any]:
    return {**prop, "displayOptions": {"show": {"/operation": ["csv"]}}}


def _sheet_options() -> list[dict[str, Any]]:
    sheets = {"show": {"/operation": ["ods", "xls", "xlsx"]}}
    return [
        _csv_only(option("delimiter", "Delimiter", "string", ",", "The field delimiter")),
        _csv_only(
            option(
                "encoding",
                "Encoding",
                "options",
                "utf-8",
                "The file's character set (the CSV reader knows these)",
                options=[{"name": n.upper(), "value": n} for n in _CSV_ENCODINGS],
            )
        ),
        _csv_only(
            option(
                "enableBOM",
                "Exclude Byte Order Mark (BOM)",
                "boolean",
                False,
                "Whether to drop a byte order mark at the start (else the first column's "
                "name begins with it)",
            )
        ),
        _csv_only(
            option(
                "relaxQuotes",
                "Preserve Quotes",
                "boolean",
                False,
                "Whether a quote inside an unquoted field is kept as text instead of failing",
            )
        ),
        option(
            "headerRow",
            "Header Row",
            "boolean",
            True,
            "Whether the first row of the file contains the header names",
            displayOptions={"show": {"/operation": ["csv", "html", "ods", "xls", "xlsx"]}},
        ),
        option(
            "includeEmptyCells",
            "Include Empty Cells",
            "boolean",
            False,
            "Whether empty cells are kept (as empty strings)",
            displayOptions={"show": {"/operation": ["csv", "html", "ods", "xls", "xlsx"]}},
        ),
        _csv_only(
            option(
                "maxRowCount",
                "Max Number of Rows to Load",
                "number",
                -1,
                "Stop after this many rows; -1 loads all",
            )
        ),
        option(
            "range",
            "Range",
            "string",
            "",
            "The range to read: a number is the starting row (from 0), text an A1 range",
            displayOptions=sheets,
        ),
        option("rawData", "RAW Data", "boolean", False, "Whether to return raw data"),
        option(
            "readAsString",
            "Read As String",
            "boolean",
            False,
            "Whether to read the file as a string first (some formats need it)",
        ),
        option(
            "sheetName",
            "Sheet Name",
            "string",
            "Sheet",
            "Name of the sheet to read from in the spreadsheet",
            displayOptions=sheets,
        ),
        _csv_only(
            option("fromLine", "Starting Line", "number", 0, "The line to start from (from 1)")
        ),
        _csv_only(
            {
                "displayName": "Skip Records With Errors",
                "name": "skipRecordsWithErrors",
                "type": "fixedCollection",
                "default": {"value": {"enabled": True, "maxSkippedRecords": -1}},
                "description": "Whether broken records are skipped, and how many may be",
                "options": [
                    {
                        "displayName": "Value",
                        "name": "value",
                        "values": [
                            option("enabled", "Enabled", "boolean", False, "Whether to skip"),
                            option(
                                "maxSkippedRecords",
                                "Max Skipped Records",
                                "number",
                                -1,
                                "Fail when more are skipped; -1 has no limit",
                            ),
                        ],
                    }
                ],
            }
        ),
    ]


def _move_properties() -> list[dict[str, Any]]:
    return shown(
        {"operation": MOVES},
        [
            _INPUT_FIELD,
            field(
                "destinationKey",
                "Destination Output Field",
                "data",
                "The output field that receives the extracted data",
                required=True,
            ),
            {
                "displayName": "Options",
                "name": "options",
                "type": "collection",
                "default": {},
                "options": [
                    option(
                        "encoding",
                        "File Encoding",
                        "options",
                        "utf8",
                        "The file's character set",
                        options=ENCODING_CHOICES,
                    ),
                    option(
                        "stripBOM",
                        "Strip BOM",
                        "boolean",
                        True,
                        "Whether to drop a byte order mark at the start",
                        displayOptions={"show": {"encoding": ["utf8", "cesu8", "ucs2"]}},
                    ),
                    option(
                        "keepSource",
                        "Keep Source",
                        "options",
                        "json",
                        "What of the input item to keep",
                        options=[
                            {"name": "JSON", "value": "json"},
                            {"name": "Binary", "value": "binary"},
                            {"name": "Both", "value": "both"},
                        ],
                    ),
                ],
            },
        ],
    )


def _pdf_properties() -> list[dict[str, Any]]:
    return shown(
        {"operation": ["pdf"]},
        [
            _INPUT_FIELD,
            {
                "displayName": "Options",
                "name": "options",
                "type": "collection",
                "default": {},
                "options": [
                    option("joinPages", "Join Pages", "boolean", True, "Whether to join pages"),
                    option(
                        "keepSource",
                        "Keep Source",
                        "options",
                        "json",
                        "What to keep",
                        options=[{"name": n, "value": n} for n in ("json", "binary", "both")],
                    ),
                    option("maxPages", "Max Pages", "number", 0, "Pages to read"),
                    option(
                        "password",
                        "Password",
                        "string",
                        "",
                        "The PDF's password",
                        typeOptions={"password": True},
                    ),
                ],
            },
        ],
    )


_OPERATIONS = [
    ("Extract From CSV", "csv", "Transform a CSV file into output items"),
    ("Extract From HTML", "html", "Transform a table in an HTML file (refused)"),
    ("Extract From ICS", "fromIcs", "Transform an ICS file (refused)"),
    ("Extract From JSON", "fromJson", "Transform a JSON file into output items"),
    ("Extract From ODS", "ods", "Transform an ODS file (refused)"),
    ("Extract From PDF", "pdf", "Extract a PDF's content (refused)"),
    ("Extract From RTF", "rtf", "Transform a table in an RTF file (refused)"),
    ("Extract From Text File", "text", "Extracts the content of a text file"),
    ("Extract From XML", "xml", "Extracts the content of an XML file (as text)"),
    ("Extract From XLS", "xls", "Transform an Excel 97 file (refused)"),
    ("Extract From XLSX", "xlsx", "Transform an Excel file into output items"),
    ("Move File to Base64 String", "binaryToPropery", "Convert a file into a base64 string"),
]


class ExtractFromFileNode:
    traits = NodeTraits(n8n_types=("n8n-nodes-base.extractFromFile",))
    description = describe(
        "extractFromFile",
        "Extract from File",
        "Convert binary data to JSON (CSV, XLSX, JSON, text files, base64)",
        [
            operation_property("The kind of file to read", _OPERATIONS),
            *shown(
                {"operation": SHEETS},
                [
                    {**_INPUT_FIELD, "placeholder": ""},
                    {
                        "displayName": "Options",
                        "name": "options",
                        "type": "collection",
                        "default": {},
                        "options": _sheet_options(),
                    },
                ],
            ),
            *_move_properties(),
            *_pdf_properties(),
        ],
        version=[1, 1.1],
        defaultVersion=1.1,
        group=["input"],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        operation = run.parameters.get("operation", "csv")
        if operation in REFUSED:
            raise NodeOperationError(
                run.name,
                f"'{REFUSED[operation]}' is not supported by kflow; extract from CSV, XLSX, "
                "JSON or text instead",
                parameter="Operation",
            )
        output: list[Item] = []
        for index, item in enumerate(run.items):
            try:
                if operation in SHEETS:
                    output.extend(_sheet_rows(run, operation, index, item))
                else:
                    output.append(_moved(run, operation, index, item))
            except NodeOperationError as error:
                if error.item_index is None:
                    error.item_index = index
                failed = run.item_failed(index, error)
                if failed is not None:
                    output.append(failed)
        return [output]


def _sheet_rows(run: NodeRun, operation: str, index: int, item: Item) -> list[Item]:
    params = run.params(index)
    options = params.get("options") or {}
    entry = binary_entry(
        run, item, index, str(params.get("binaryPropertyName")), "Input Binary Field"
    )
    data = entry_bytes(run, entry, index, "Input Binary Field")
    header = options.get("headerRow", True) is not False
    if operation == "csv":
        rows = _csv_rows(run, index, data, options, header)
    else:
        try:
            rows = read_xlsx(
                data,
                sheet_name=str(options.get("sheetName") or "") or None,
                header=header,
                include_empty=bool(options.get("includeEmptyCells")),
                cell_range=str(options.get("range") or ""),
            )
        except SpreadsheetError as error:
            raise NodeOperationError(run.name, str(error), item_index=index) from None
    if not header:
        return [{"json": {"row": row}, "pairedItem": {"item": index}} for row in rows]
    return [{"json": row, "pairedItem": {"item": index}} for row in rows]


def _csv_rows(
    run: NodeRun, index: int, data: bytes, options: dict[str, Any], header: bool
) -> list[Any]:
    skip = (options.get("skipRecordsWithErrors") or {}).get("value") or {}
    max_rows = options.get("maxRowCount")
    csv_options = CsvOptions(
        delimiter=str(options.get("delimiter", ",")),
        header=header,
        include_empty=bool(options.get("includeEmptyCells")),
        from_line=int(options["fromLine"]) if options.get("fromLine") is not None else None,
        to=int(max_rows) if max_rows is not None and max_rows > -1 else None,
        relax_quotes=bool(options.get("relaxQuotes")),
        skip_errors=bool(skip.get("enabled")),
        strip_bom=bool(options.get("enableBOM")),
    )
    text = decode_bytes(data, str(options.get("encoding") or "utf-8"), strip_bom=False)
    try:
        rows, skipped = parse_csv(text, csv_options)
    except CsvError as error:
        if (
            run.version == 1
            and error.rows is not None
            and "Invalid Option" not in str(error)
            and "Invalid option" not in str(error)
        ):
            return error.rows
        raise NodeOperationError(run.name, str(error), item_index=index) from None
    limit = skip.get("maxSkippedRecords", -1)
    if skip.get("enabled") and limit is not None and limit > 0 and skipped > limit:
        raise NodeOperationError(
            run.name, "Max number of skipped records exceeded", item_index=index
        )
    return rows


def _moved(run: NodeRun, operation: str, index: int, item: Item) -> Item:
    params = run.params(index)
    options = params.get("options") or {}
    prop = str(params.get("binaryPropertyName"))
    entry = binary_entry(run, item, index, prop, "Input Binary Field")
    data = entry_bytes(run, entry, index, "Input Binary Field")
    keep = options.get("keepSource")
    new: Item = {"json": {}, "pairedItem": {"item": index}}
    if keep and keep != "binary":
        new["json"] = json.loads(json.dumps(item["json"]))
    value: Any
    if operation == "binaryToPropery":
        import base64

        value = base64.b64encode(data).decode("ascii")
    else:
        try:
            encoding = options.get("encoding") or detect_encoding(data)
            value = decode_bytes(data, encoding, strip_bom=options.get("stripBOM") is not False)
        except UnknownEncoding as error:
            raise NodeOperationError(
                run.name, str(error), item_index=index, parameter="File Encoding"
            ) from None
    if operation == "fromJson":
        value = _parsed_json(run, index, value)
    lodash_set(new["json"], str(params.get("destinationKey") or ""), value)
    binary = item.get("binary") or {}
    if keep in ("binary", "both"):
        new["binary"] = binary
    else:
        rest = json.loads(json.dumps(binary))
        lodash_unset(rest, prop)
        new["binary"] = rest
    if not new["binary"]:
        del new["binary"]
    return new


def _parsed_json(run: NodeRun, index: int, text: str) -> Any:
    if text == "":
        return {}
    try:
        return json.loads(text)
    except ValueError:
        raise NodeOperationError(
            run.name,
            "The file selected in 'Input Binary Field' is not in JSON format",
            item_index=index,
            parameter="Input Binary Field",
        ) from None


EXTRACT_FROM_FILE = ExtractFromFileNode()
