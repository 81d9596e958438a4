"""The parameters of Edit Fields (Set) 3.x, with n8n's names, defaults and display rules."""

from __future__ import annotations

from typing import Any

__all__ = ["SET_FIELDS_PROPERTIES"]

_OLD = [3, 3.1, 3.2]  # versions with `fields.values` rows and the four-way `include`
_FROM_3_4 = [{"_cnd": {"gte": 3.4}}]


def _value(name: str, kind: str, default: Any, note: str, **more: Any) -> dict[str, Any]:
    return {
        "displayName": "Value",
        "name": name,
        "type": kind,
        "default": default,
        "description": note,
        "displayOptions": {"show": {"type": [name]}},
        **more,
    }


_ROW_TYPES = [
    {"name": "String", "value": "stringValue"},
    {"name": "Number", "value": "numberValue"},
    {"name": "Boolean", "value": "booleanValue"},
    {"name": "Array", "value": "arrayValue"},
    {"name": "Object", "value": "objectValue"},
]

# Row values are read as text whatever their type (n8n converts them when the node runs),
# so an expression giving `true` or 12 is not refused before the conversion.
_ROWS: list[dict[str, Any]] = [
    {
        "displayName": "Name",
        "name": "name",
        "type": "string",
        "default": "",
        "description": "The field to set; dot notation reaches nested fields (data.person[0].name)",
    },
    {
        "displayName": "Type",
        "name": "type",
        "type": "options",
        "default": "stringValue",
        "options": _ROW_TYPES,
        "description": "The type the value is converted to",
    },
    _value("stringValue", "string", "", "Text"),
    _value("numberValue", "string", "", "A number, or text that reads as one"),
    _value("booleanValue", "string", "true", "true or false"),
    _value("arrayValue", "string", "", "A JSON array, e.g. [1, 2]"),
    _value("objectValue", "json", "={}", "A JSON object; expressions inside are filled in"),
]

_INCLUDE_OLD = [
    {"name": "All Input Fields", "value": "all", "description": "Keep every input field"},
    {"name": "No Input Fields", "value": "none", "description": "Only the fields set here"},
    {
        "name": "Selected Input Fields",
        "value": "selected",
        "description": "Keep the fields named in Fields to Include",
    },
    {
        "name": "All Input Fields Except",
        "value": "except",
        "description": "Drop the fields named in Fields to Exclude",
    },
]

_INCLUDE = [
    {"name": "All", "value": "all", "description": "Keep every input field"},
    {
        "name": "Selected",
        "value": "selected",
        "description": "Keep the fields named in Fields to Include",
    },
    {
        "name": "All Except",
        "value": "except",
        "description": "Drop the fields named in Fields to Exclude",
    },
]


def _names(name: str, display: str, include: str, *, old: bool) -> dict[str, Any]:
    rules: dict[str, Any] = (
        {"show": {"include": [include], "@version": _OLD}}
        if old
        else {
            "show": {"include": [include], "/includeOtherFields": [True]},
            "hide": {"@version": _OLD},
        }
    )
    verb = "keep" if include == "selected" else "drop"
    return {
        "displayName": display,
        "name": name,
        "type": "string",
        "default": "",
        "placeholder": "e.g. field1,field2",
        "description": f"Comma-separated names of the input fields to {verb}",
        "displayOptions": rules,
    }


SET_FIELDS_PROPERTIES: list[dict[str, Any]] = [
    {
        "displayName": "Mode",
        "name": "mode",
        "type": "options",
        "noDataExpression": True,
        "default": "manual",
        "options": [
            {
                "name": "Manual Mapping",
                "value": "manual",
                "description": "Set fields one by one, each with a type",
            },
            {"name": "JSON", "value": "raw", "description": "Write the output item as JSON"},
        ],
    },
    {
        "displayName": "Duplicate Item",
        "name": "duplicateItem",
        "type": "boolean",
        "default": False,
        "description": "Whether to repeat the item (n8n's editor only: ignored in automatic runs)",
    },
    {
        "displayName": "Duplicate Item Count",
        "name": "duplicateCount",
        "type": "number",
        "default": 0,
        "typeOptions": {"minValue": 0},
        "description": "How many copies to add (n8n's editor only)",
        "displayOptions": {"show": {"duplicateItem": [True]}},
    },
    {
        "displayName": "Item duplication happens only in manual runs in n8n's editor",
        "name": "duplicateWarning",
        "type": "notice",
        "default": "",
        "displayOptions": {"show": {"duplicateItem": [True]}},
    },
    {
        "displayName": "JSON",
        "name": "jsonOutput",
        "type": "json",
        "typeOptions": {"rows": 5},
        "default": '{\n  "my_field_1": "value",\n  "my_field_2": 1\n}\n',
        "description": "The output fields as a JSON object; {{ }} expressions inside are "
        "filled in first (text as it is, objects as JSON)",
        "displayOptions": {"show": {"mode": ["raw"]}},
    },
    {
        "displayName": "Fields to Set",
        "name": "fields",
        "type": "fixedCollection",
        "placeholder": "Add Field",
        "default": {},
        "typeOptions": {"multipleValues": True, "sortable": True},
        "description": "The fields to add or change",
        "displayOptions": {"show": {"mode": ["manual"], "@version": _OLD}},
        "options": [{"name": "values", "displayName": "Values", "values": _ROWS}],
    },
    {
        "displayName": "Fields to Set",
        "name": "assignments",
        "type": "assignmentCollection",
        "default": {},
        "description": "The fields to add or change: each a name, a type (string, number, "
        "boolean, array, object or binary) and a value",
        "displayOptions": {"show": {"mode": ["manual"]}, "hide": {"@version": _OLD}},
    },
    {
        "displayName": "Include in Output",
        "name": "include",
        "type": "options",
        "default": "all",
        "description": "Which input fields the output keeps",
        "displayOptions": {"show": {"@version": _OLD}},
        "options": _INCLUDE_OLD,
    },
    {
        "displayName": "Include Other Input Fields",
        "name": "includeOtherFields",
        "type": "boolean",
        "default": False,
        "description": "Whether the output keeps the input's fields besides those set here",
        "displayOptions": {"hide": {"@version": _OLD}},
    },
    {
        "displayName": "Input Fields to Include",
        "name": "include",
        "type": "options",
        "default": "all",
        "description": "Which input fields the output keeps",
        "displayOptions": {"hide": {"@version": _OLD, "/includeOtherFields": [False]}},
        "options": _INCLUDE,
    },
    _names("includeFields", "Fields to Include", "selected", old=True),
    _names("excludeFields", "Fields to Exclude", "except", old=True),
    _names("includeFields", "Fields to Include", "selected", old=False),
    _names("excludeFields", "Fields to Exclude", "except", old=False),
    {
        "displayName": "Options",
        "name": "options",
        "type": "collection",
        "placeholder": "Add option",
        "default": {},
        "options": [
            {
                "displayName": "Include Binary File",
                "name": "includeBinary",
                "type": "boolean",
                "default": True,
                "description": "Whether the input's binary data is kept (before 3.4; off "
                "unless set)",
                "displayOptions": {"hide": {"@version": _FROM_3_4}},
            },
            {
                "displayName": "Strip Binary Data",
                "name": "stripBinary",
                "type": "boolean",
                "default": True,
                "description": "Whether the input's binary data is dropped when other input "
                "fields are kept (from 3.4; kept unless set)",
                "displayOptions": {"show": {"@version": _FROM_3_4, "/includeOtherFields": [True]}},
            },
            {
                "displayName": "Ignore Type Conversion Errors",
                "name": "ignoreConversionErrors",
                "type": "boolean",
                "default": False,
                "description": "Whether a value that does not convert to its type is kept "
                "as it is instead of failing the item",
                "displayOptions": {"show": {"/mode": ["manual"]}},
            },
            {
                "displayName": "Support Dot Notation",
                "name": "dotNotation",
                "type": "boolean",
                "default": True,
                "description": 'Whether "a.b" sets b inside a ({"a": {"b": …}}); off, it '
                'sets the key "a.b" itself',
            },
        ],
    },
]
