"""convertToFile (n8n's Convert to File, versions 1 and 1.1): items' json → a file.

CSV, HTML, XLSX: all items in one sheet (one output item). JSON: all items in one file or
one per item. Text: a field's string as a file. Move Base64 String to File: a field's
base64 as the file's bytes (version 1 may instead take the field as text, Data Is Base64
off). Versions differ only there. ODS, RTF, XLS and ICS are refused by name.
"""

from __future__ import annotations

from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits
from kflow.nodes.core.base import describe, each_item
from kflow.nodes.core.file_binary import js_json, node_base64, office_type
from kflow.nodes.core.file_csv import write_csv
from kflow.nodes.core.file_encodings import UnknownEncoding, encode_text
from kflow.nodes.core.file_properties import (
    ENCODING_CHOICES,
    UNICODE_WITH_BOM,
    field,
    ical_properties,
    operation_property,
    option,
    shown,
)
from kflow.nodes.core.file_sheet import sheet_of
from kflow.nodes.core.file_spreadsheet import write_html, write_xlsx
from kflow.nodes.core.js_values import UNDEFINED, js_string
from kflow.nodes.core.paths import lodash_get

__all__ = ["CONVERT_TO_FILE", "ConvertToFileNode"]

SHEETS = ["csv", "html", "rtf", "ods", "xls", "xlsx"]
REFUSED = {
    "rtf": "Convert to RTF",
    "ods": "Convert to ODS",
    "xls": "Convert to XLS",
    "iCal": "Convert to ICS",
}
_MIME = {
    "csv": "text/csv",
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

_OUTPUT_FIELD = field(
    "binaryPropertyName",
    "Put Output File in Field",
    "data",
    "The name of the output binary field to put the file in",
    required=True,
)
_ADD_BOM = option(
    "addBOM",
    "Add Byte Order Mark (BOM)",
    "boolean",
    False,
    "Whether to start the file with a byte order mark, which helps some programs read it",
    displayOptions={"show": {"encoding": UNICODE_WITH_BOM}},
)
_ENCODING = option(
    "encoding",
    "Encoding",
    "options",
    "utf8",
    "The character set to encode the text with",
    options=ENCODING_CHOICES,
)
_FILE_NAME = option("fileName", "File Name", "string", "", "Name of the output file")


def _sheet_properties() -> list[dict[str, Any]]:
    return shown(
        {"operation": SHEETS},
        [
            _OUTPUT_FIELD,
            {
                "displayName": "Options",
                "name": "options",
                "type": "collection",
                "default": {},
                "options": [
                    option(
                        "compression",
                        "Compression",
                        "boolean",
                        False,
                        "Whether to reduce the output file size",
                        displayOptions={"show": {"/operation": ["xlsx", "ods"]}},
                    ),
                    option(
                        "delimiter",
                        "Delimiter",
                        "string",
                        ",",
                        "The character to use to separate fields",
                        displayOptions={"show": {"/operation": ["csv"]}},
                    ),
                    _FILE_NAME,
                    option(
                        "headerRow",
                        "Header Row",
                        "boolean",
                        True,
                        "Whether the first row of the file contains the header names",
                    ),
                    option(
                        "sheetName",
                        "Sheet Name",
                        "string",
                        "Sheet",
                        "Name of the sheet to create in the spreadsheet",
                        displayOptions={"show": {"/operation": ["ods", "xls", "xlsx"]}},
                    ),
                ],
            },
        ],
    )


def _source(display: str, what: str) -> dict[str, Any]:
    return field(
        "sourceProperty",
        display,
        "",
        f"The input field holding {what}; dots reach nested fields (level1.level2)",
        required=True,
    )


def _binary_properties() -> list[dict[str, Any]]:
    return shown(
        {"operation": ["toBinary"]},
        [
            _source("Base64 Input Field", "the base64 text to turn into a file"),
            _OUTPUT_FIELD,
            {
                "displayName": "Options",
                "name": "options",
                "type": "collection",
                "default": {},
                "options": [
                    _ADD_BOM,
                    option(
                        "dataIsBase64",
                        "Data Is Base64",
                        "boolean",
                        True,
                        "Whether the field holds base64 (off: its text is the file)",
                        displayOptions={"show": {"@version": [1]}},
                    ),
                    {
                        **_ENCODING,
                        "displayOptions": {
                            "hide": {"dataIsBase64": [True], "@version": [{"_cnd": {"gt": 1}}]}
                        },
                    },
                    _FILE_NAME,
                    option("mimeType", "MIME Type", "string", "", "The MIME type of the file"),
                ],
            },
        ],
    )


def _text_properties() -> list[dict[str, Any]]:
    return shown(
        {"operation": ["toText"]},
        [
            _source("Text Input Field", "the text to write"),
            _OUTPUT_FIELD,
            {
                "displayName": "Options",
                "name": "options",
                "type": "collection",
                "default": {},
                "options": [_ADD_BOM, _ENCODING, _FILE_NAME],
            },
        ],
    )


def _json_properties() -> list[dict[str, Any]]:
    return shown(
        {"operation": ["toJson"]},
        [
            {
                "displayName": "Mode",
                "name": "mode",
                "type": "options",
                "noDataExpression": True,
                "default": "once",
                "description": "One file for all items, or one per item",
                "options": [
                    {"name": "All Items to One File", "value": "once"},
                    {"name": "Each Item to Separate File", "value": "each"},
                ],
            },
            _OUTPUT_FIELD,
            {
                "displayName": "Options",
                "name": "options",
                "type": "collection",
                "default": {},
                "options": [
                    _ADD_BOM,
                    option(
                        "format",
                        "Format",
                        "boolean",
                        False,
                        "Whether to indent the JSON for easier reading",
                    ),
                    _ENCODING,
                    _FILE_NAME,
                ],
            },
        ],
    )


_OPERATIONS = [
    ("Convert to CSV", "csv", "Transform input data into a CSV file"),
    ("Convert to HTML", "html", "Transform input data into a table in an HTML file"),
    ("Convert to ICS", "iCal", "Converts each input item to an ICS event file (refused)"),
    ("Convert to JSON", "toJson", "Transform input data into a single or multiple JSON files"),
    ("Convert to ODS", "ods", "Transform input data into an ODS file (refused)"),
    ("Convert to RTF", "rtf", "Transform input data into a table in an RTF file (refused)"),
    ("Convert to Text File", "toText", "Transform input data string into a file"),
    ("Convert to XLS", "xls", "Transform input data into an Excel 97 file (refused)"),
    ("Convert to XLSX", "xlsx", "Transform input data into an Excel file"),
    ("Move Base64 String to File", "toBinary", "Turn a base64 string into its file"),
]


class ConvertToFileNode:
    traits = NodeTraits(n8n_types=("n8n-nodes-base.convertToFile",))
    description = describe(
        "convertToFile",
        "Convert to File",
        "Convert JSON data to binary data (a CSV, HTML, XLSX, JSON or text file)",
        [
            operation_property("The kind of file to make", _OPERATIONS),
            *_sheet_properties(),
            *_binary_properties(),
            *_text_properties(),
            *_json_properties(),
            *ical_properties(),
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
                f"'{REFUSED[operation]}' is not supported by kflow; convert to CSV, XLSX or "
                "HTML instead",
                parameter="Operation",
            )
        if operation in SHEETS:
            return [[_sheet_file(run, operation)]]
        if operation == "toJson" and run.parameters.get("mode", "once") == "once":
            return [[_json_file(run)]]
        return [each_item(run, lambda i, item: _one_file(run, operation, i, item))]


def _all_paired(run: NodeRun) -> list[dict[str, int]]:
    return [{"item": i} for i in range(len(run.items))]


def _sheet_file(run: NodeRun, operation: str) -> Item:
    params = run.params(0)
    options = params.get("options") or {}
    sheet = sheet_of([item["json"] for item in run.items], header=options.get("headerRow", True))
    if operation == "csv":
        delimiter = str(options.get("delimiter") or ",")
        data = write_csv(sheet, delimiter).encode("utf-8")
    elif operation == "html":
        data = write_html(sheet).encode("utf-8")
    else:
        sheet_name = str(options.get("sheetName") or "Sheet")
        data = write_xlsx(sheet, sheet_name, compress=bool(options.get("compression")))
    name = options.get("fileName")
    file_name = f"File.{operation}" if name is None else str(name)
    entry = run.binary.prepare(data, file_name=file_name or None, mime_type=None)
    if not file_name:
        entry = run.binary.prepare(data, mime_type=_sniffed(operation, data))
    prop = str(params.get("binaryPropertyName") or "data")
    return {"json": {}, "binary": {prop: entry}, "pairedItem": _all_paired(run)}


def _sniffed(operation: str, data: bytes) -> str | None:
    return _MIME["xlsx"] if operation == "xlsx" else None


def _encoded(run: NodeRun, index: int, text: str, options: dict[str, Any]) -> bytes:
    # n8n drops Add BOM unless Encoding is set (its display rule reads the set value).
    add_bom = bool(options.get("addBOM")) and options.get("encoding") in UNICODE_WITH_BOM
    try:
        return encode_text(text, str(options.get("encoding") or "utf8"), add_bom=add_bom)
    except UnknownEncoding as error:
        raise NodeOperationError(
            run.name, str(error), item_index=index, parameter="Encoding"
        ) from None


def _json_file(run: NodeRun) -> Item:
    params = run.params(0)
    options = params.get("options") or {}
    data = [item["json"] for item in run.items]
    text = js_json(data, 2 if options.get("format") else 0)
    entry = _prepared(
        run, _encoded(run, 0, text, options), options.get("fileName"), "application/json"
    )
    prop = str(params.get("binaryPropertyName") or "data")
    return {"json": {}, "binary": {prop: entry}, "pairedItem": _all_paired(run)}


def _prepared(run: NodeRun, data: bytes, file_name: Any, mime_type: str | None) -> Any:
    """n8n's createBinaryFromJson ending: a file named `file.<extension>` when unnamed."""
    entry = run.binary.prepare(
        data, file_name=str(file_name) if file_name else None, mime_type=mime_type or None
    )
    if not entry.get("fileName"):
        extension = entry.get("fileExtension")
        entry["fileName"] = f"file.{extension}" if extension else "file"
    return entry


def _one_file(run: NodeRun, operation: str, index: int, item: Item) -> Item:
    params = run.params(index)
    options = params.get("options") or {}
    prop = str(params.get("binaryPropertyName") or "data")
    if operation == "toJson":
        text = js_json(item["json"], 2 if options.get("format") else 0)
        data = _encoded(run, index, text, options)
        entry = _prepared(run, data, options.get("fileName"), "application/json")
        return {"json": {}, "binary": {prop: entry}, "pairedItem": {"item": index}}
    source = str(params.get("sourceProperty") or "")
    value = lodash_get(item["json"], source) if source else item["json"]
    if value is UNDEFINED:
        raise NodeOperationError(run.name, f'The value in "{source}" is not set', item_index=index)
    mime_type: str | None = None
    file_name = options.get("fileName")
    as_base64 = operation == "toBinary" and (
        run.version != 1 or options.get("dataIsBase64", True) is not False
    )
    if operation == "toText":
        file_name = file_name or "file.txt"
        mime_type = "text/plain"
    elif operation == "toBinary":
        mime_type = options.get("mimeType") or None
    if as_base64:
        if not isinstance(value, str):
            raise NodeOperationError(
                run.name,
                f'The value in "{source}" must be a base64 string, not {type(value).__name__}',
                item_index=index,
                parameter="Base64 Input Field",
            )
        data = node_base64(value)
        if not mime_type and not file_name:
            mime_type = office_type(data)
    else:
        if isinstance(value, dict | list) or value is None:
            mime_type = "application/json"
            text = js_json(value, 2 if options.get("format") else 0)
        else:
            text = js_string(value) if value not in (0, False, "") else ""
        data = _encoded(run, index, text, options)
    entry = _prepared(run, data, file_name, mime_type)
    return {"json": {}, "binary": {prop: entry}, "pairedItem": {"item": index}}


CONVERT_TO_FILE = ConvertToFileNode()
