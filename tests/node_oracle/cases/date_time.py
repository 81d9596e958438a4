"""Date & Time 1 and 2 against n8n: every operation, preset and custom formats, zones, errors."""

from __future__ import annotations

from typing import Any

from tests.node_oracle.harness import Case

ROWS: list[dict[str, Any]] = [
    {"d": "2024-03-10T15:04:05.123Z"},
    {"d": "2024-01-31"},
    {"d": "2023-12-31T23:59:59+05:30"},
    {"d": "2024-02-29T12:00:00-08:00"},
    {"d": 1700000000},
    {"d": 1700000000123},
    {"d": "1700000000"},
    {"d": "2024-06-15 08:30"},
    {"d": "20240615T083000Z"},
    {"d": "2024-W10-3"},
    {"d": "2024-075"},
    {"d": "Mon, 15 Jan 2024 10:20:30 GMT"},
    {"d": 1.5},
    {"d": "0"},
]
NONSENSE = [{"d": "hello"}]


def v2(
    case_id: str, params: dict[str, Any], rows: list[dict[str, Any]] | None = None, **kw: Any
) -> Case:
    node = {"name": "DT", "type": "n8n-nodes-base.dateTime", "typeVersion": 2, "parameters": params}
    node.update(kw.pop("node", {}))
    return Case(f"dateTime-2-{case_id}", nodes=[node], inputs={"Input": rows or ROWS}, **kw)


def v1(
    case_id: str, params: dict[str, Any], rows: list[dict[str, Any]] | None = None, **kw: Any
) -> Case:
    node = {"name": "DT", "type": "n8n-nodes-base.dateTime", "typeVersion": 1, "parameters": params}
    node.update(kw.pop("node", {}))
    return Case(f"dateTime-1-{case_id}", nodes=[node], inputs={"Input": rows or ROWS}, **kw)


CONTINUE = {"onError": "continueRegularOutput"}
CASES: list[Case] = []

for unit in (
    "years",
    "quarters",
    "months",
    "weeks",
    "days",
    "hours",
    "minutes",
    "seconds",
    "milliseconds",
):
    CASES.append(
        v2(
            f"add-{unit}",
            {
                "operation": "addToDate",
                "magnitude": "={{ $json.d }}",
                "timeUnit": unit,
                "duration": 3,
                "options": {},
            },
        )
    )
CASES += [
    v2(
        "add-fraction",
        {
            "operation": "addToDate",
            "magnitude": "={{ $json.d }}",
            "timeUnit": "days",
            "duration": 1.5,
            "options": {"includeInputFields": True},
        },
    ),
    v2(
        "subtract-months",
        {
            "operation": "subtractFromDate",
            "magnitude": "={{ $json.d }}",
            "timeUnit": "months",
            "duration": 1,
            "outputFieldName": "earlier",
            "options": {},
        },
    ),
    v2(
        "subtract-hours-zone",
        {
            "operation": "subtractFromDate",
            "magnitude": "={{ $json.d }}",
            "timeUnit": "hours",
            "duration": 30,
            "options": {},
        },
        settings={"timezone": "Europe/Berlin"},
    ),
    v2(
        "add-days-newyork",
        {
            "operation": "addToDate",
            "magnitude": "={{ $json.d }}",
            "timeUnit": "days",
            "duration": 200,
            "options": {},
        },
        settings={"timezone": "America/New_York"},
    ),
    v2(
        "add-invalid",
        {
            "operation": "addToDate",
            "magnitude": "={{ $json.d }}",
            "timeUnit": "days",
            "duration": 1,
            "options": {},
        },
        NONSENSE,
        error=True,
    ),
    v2(
        "add-invalid-continue",
        {
            "operation": "addToDate",
            "magnitude": "={{ $json.d }}",
            "timeUnit": "days",
            "duration": 1,
            "options": {},
        },
        [*NONSENSE, {"d": "2024-01-01"}],
        node=CONTINUE,
    ),
    v2(
        "add-object-continue",
        {
            "operation": "addToDate",
            "magnitude": "={{ $json.d }}",
            "timeUnit": "days",
            "duration": 1,
            "options": {},
        },
        [{"d": None}, {"d": True}, {"d": ""}],
        node=CONTINUE,
    ),
]
for fmt in ("MM/dd/yyyy", "yyyy/MM/dd", "MMMM dd yyyy", "MM-dd-yyyy", "yyyy-MM-dd", "X", "x"):
    CASES.append(
        v2(
            f"format-{fmt.replace('/', '_').replace(' ', '_')}",
            {"operation": "formatDate", "date": "={{ $json.d }}", "format": fmt, "options": {}},
        )
    )
for name, custom in {
    "full": "yyyy-MM-dd'T'HH:mm:ss.SSS ZZ",
    "names": "EEEE, MMMM d, y h:mm a",
    "short-names": "EEE MMM d yy",
    "narrow": "EEEEE MMMMM GGGGG",
    "weeks": "kkkk-'W'WW-c o ooo q qq",
    "zone": "z Z ZZZ",
    "literals": "'Today is' cccc 'at' H'h' u",
    "era": "G GG yyyyyy L LL LLL LLLL",
    "unknown-letters": "Q B yyyyy",
    "fractions": "s ss S uu uuu",
    "empty": "",
}.items():
    CASES.append(
        v2(
            f"format-custom-{name}",
            {
                "operation": "formatDate",
                "date": "={{ $json.d }}",
                "format": "custom",
                "customFormat": custom,
                "options": {},
            },
        )
    )
CASES += [
    v2(
        "format-workflow-zone",
        {
            "operation": "formatDate",
            "date": "={{ $json.d }}",
            "format": "custom",
            "customFormat": "yyyy-MM-dd HH:mm ZZ z",
            "options": {"timezone": True},
        },
        settings={"timezone": "Asia/Tokyo"},
    ),
    v2(
        "format-from-format",
        {
            "operation": "formatDate",
            "date": "={{ $json.s }}",
            "format": "custom",
            "customFormat": "yyyy-MM-dd HH:mm:ss ZZ",
            "options": {"fromFormat": "dd.MM.yyyy HH:mm"},
        },
        [{"s": "05.01.2024 10:20"}, {"s": "31.12.1999 23:59"}, {"s": "32.01.2024 10:00"}],
    ),
    v2(
        "format-from-format-zone",
        {
            "operation": "formatDate",
            "date": "={{ $json.s }}",
            "format": "custom",
            "customFormat": "yyyy-MM-dd HH:mm ZZ",
            "options": {"fromFormat": "yyyyMMdd HHmm"},
        },
        [{"s": "20240105 1020"}, {"s": "20240705 1020"}],
        settings={"timezone": "Europe/Berlin"},
    ),
    v2(
        "format-from-format-names",
        {
            "operation": "formatDate",
            "date": "={{ $json.s }}",
            "format": "yyyy-MM-dd",
            "options": {"fromFormat": "MMMM d, yyyy h:mm a"},
        },
        [{"s": "March 5, 2024 3:07 PM"}, {"s": "january 15, 2023 12:00 am"}],
    ),
    v2(
        "format-from-format-bad",
        {
            "operation": "formatDate",
            "date": "={{ $json.s }}",
            "format": "yyyy-MM-dd",
            "options": {"fromFormat": "yyyy-MM-dd"},
        },
        [{"s": "5 Jan"}],
        error=True,
    ),
    v2(
        "format-null",
        {
            "operation": "formatDate",
            "date": "={{ $json.d }}",
            "format": "yyyy-MM-dd",
            "options": {},
        },
        [{"d": None}],
    ),
    v2(
        "format-plus-offsets",
        {
            "operation": "formatDate",
            "date": "={{ $json.d }}",
            "format": "custom",
            "customFormat": "HH:mm z",
            "options": {"includeInputFields": True},
        },
        [
            {"d": "2024-01-01T10:00:00+00:00"},
            {"d": "2024-01-01T10:00:00+14:00"},
            {"d": "2024-01-01T10:00:00+15:00"},
        ],
    ),
    v2(
        "format-invalid",
        {"operation": "formatDate", "date": "={{ $json.d }}", "format": "yyyy", "options": {}},
        NONSENSE,
        error=True,
    ),
]
for unit in ("year", "month", "week", "day", "hour", "minute", "second"):
    CASES.append(
        v2(
            f"round-down-{unit}",
            {
                "operation": "roundDate",
                "date": "={{ $json.d }}",
                "mode": "roundDown",
                "toNearest": unit,
                "options": {},
            },
        )
    )
CASES += [
    v2(
        "round-up-month",
        {
            "operation": "roundDate",
            "date": "={{ $json.d }}",
            "mode": "roundUp",
            "to": "month",
            "options": {"includeInputFields": True},
        },
    ),
    v2(
        "round-down-day-zone",
        {
            "operation": "roundDate",
            "date": "={{ $json.d }}",
            "mode": "roundDown",
            "toNearest": "day",
            "options": {},
        },
        settings={"timezone": "America/Los_Angeles"},
    ),
]
PAIRS = [
    {"a": "2024-01-15T10:00:00Z", "b": "2024-03-20T16:30:15.250Z"},
    {"a": "2024-03-20T16:30:15.250Z", "b": "2024-01-15T10:00:00Z"},
    {"a": "2023-01-31", "b": "2024-02-29"},
    {"a": "2024-01-01", "b": "2024-01-01"},
    {"a": 1700000000, "b": 1710000000},
]
for name, units in {
    "day": ["day"],
    "ymd": ["year", "month", "day"],
    "week": ["week"],
    "hms": ["hour", "minute", "second"],
    "day-hour": ["day", "hour"],
    "ms": ["millisecond"],
    "all": ["year", "month", "week", "day", "hour", "minute", "second", "millisecond"],
    "month": ["month"],
}.items():
    CASES.append(
        v2(
            f"between-{name}",
            {
                "operation": "getTimeBetweenDates",
                "startDate": "={{ $json.a }}",
                "endDate": "={{ $json.b }}",
                "units": units,
                "options": {},
            },
            PAIRS,
        )
    )
    CASES.append(
        v2(
            f"between-{name}-iso",
            {
                "operation": "getTimeBetweenDates",
                "startDate": "={{ $json.a }}",
                "endDate": "={{ $json.b }}",
                "units": units,
                "options": {"isoString": True},
            },
            PAIRS,
        )
    )
for part in ("year", "month", "week", "day", "hour", "minute", "second"):
    CASES.append(
        v2(
            f"extract-{part}",
            {"operation": "extractDate", "date": "={{ $json.d }}", "part": part, "options": {}},
        )
    )
CASES.append(
    v2(
        "extract-hour-zone",
        {
            "operation": "extractDate",
            "date": "={{ $json.d }}",
            "part": "hour",
            "outputFieldName": "h",
            "options": {"includeInputFields": True},
        },
        settings={"timezone": "Asia/Kolkata"},
    )
)
CASES.append(
    v2(
        "current-bad-zone",
        {"operation": "getCurrentDate", "options": {"timezone": "Mars/Olympus"}},
        [{"x": 1}],
        error=True,
    )
)

V1_ROWS: list[dict[str, Any]] = [
    {"d": "2024-03-10T15:04:05.123Z"},
    {"d": "2024-01-31"},
    {"d": "2023-12-31T23:59:59+05:30"},
    {"d": 1700000000},
    {"d": 1700000000123},
    {"d": "1700000000"},
    {"d": "2024-06-15 08:30"},
    {"d": "Mon, 15 Jan 2024 10:20:30 GMT"},
    {"d": 1.5},
    {"d": ""},
]
for name, value in (
    ("MM_DD_YYYY", "MM/DD/YYYY"),
    ("YYYY_MM_DD", "YYYY/MM/DD"),
    ("MMMM", "MMMM DD YYYY"),
    ("dash", "MM-DD-YYYY"),
    ("iso", "YYYY-MM-DD"),
    ("X", "X"),
    ("x", "x"),
):
    CASES.append(
        v1(
            f"format-{name}",
            {"action": "format", "value": "={{ $json.d }}", "toFormat": value, "options": {}},
            V1_ROWS,
        )
    )
for name, custom in {
    "full": "YYYY-MM-DDTHH:mm:ss.SSSZ",
    "names": "dddd, MMMM Do YYYY, h:mm:ss a",
    "short": "ddd MMM D YY hh A",
    "week": "GGGG-[W]WW-E Wo DDDD DDDo Q Qo",
    "localized": "LLLL | LT | LTS | L | l | ll | lll",
    "fractions": "S SS SSS SSSS k kk ZZ X x",
    "empty": "",
    "escaped": "[Today is] dddd \\Y",
}.items():
    CASES.append(
        v1(
            f"format-custom-{name}",
            {
                "action": "format",
                "value": "={{ $json.d }}",
                "custom": True,
                "toFormat": custom,
                "dataPropertyName": "out",
                "options": {},
            },
            V1_ROWS,
        )
    )
CASES += [
    v1(
        "format-to-zone",
        {
            "action": "format",
            "value": "={{ $json.d }}",
            "custom": True,
            "toFormat": "YYYY-MM-DD HH:mm Z z",
            "options": {"toTimezone": "America/New_York"},
        },
        V1_ROWS,
    ),
    v1(
        "format-from-zone",
        {
            "action": "format",
            "value": "={{ $json.d }}",
            "custom": True,
            "toFormat": "YYYY-MM-DD HH:mm Z z",
            "options": {"fromTimezone": "Asia/Tokyo", "toTimezone": "Europe/London"},
        },
        V1_ROWS,
    ),
    v1(
        "format-from-zone-only",
        {
            "action": "format",
            "value": "={{ $json.d }}",
            "custom": True,
            "toFormat": "",
            "options": {"fromTimezone": "Europe/Berlin"},
        },
        V1_ROWS,
    ),
    v1(
        "format-workflow-zone",
        {
            "action": "format",
            "value": "={{ $json.d }}",
            "custom": True,
            "toFormat": "YYYY-MM-DD HH:mm Z",
            "options": {"toTimezone": "UTC"},
        },
        V1_ROWS,
        settings={"timezone": "Europe/Paris"},
    ),
    v1(
        "format-from-format",
        {
            "action": "format",
            "value": "={{ $json.s }}",
            "custom": True,
            "toFormat": "YYYY-MM-DD HH:mm",
            "options": {"fromFormat": "DD.MM.YYYY HH:mm"},
        },
        [
            {"s": "05.01.2024 10:20"},
            {"s": "31.12.1999 23:59"},
            {"s": "x05.01.2024 10:20y"},
            {"s": "32.01.2024 10:00"},
        ],
    ),
    v1(
        "format-from-format-zone",
        {
            "action": "format",
            "value": "={{ $json.s }}",
            "custom": True,
            "toFormat": "YYYY-MM-DD HH:mm Z",
            "options": {
                "fromFormat": "YYYY/MM/DD HH:mm",
                "fromTimezone": "America/Chicago",
                "toTimezone": "UTC",
            },
        },
        [{"s": "2024/01/05 10:20"}, {"s": "2024/07/05 10:20"}],
    ),
    v1(
        "format-dotted-name",
        {
            "action": "format",
            "value": "={{ $json.d }}",
            "dataPropertyName": "a.b",
            "toFormat": "YYYY-MM-DD",
            "options": {},
        },
        [{"d": "2024-01-02", "a": {"c": 1}}],
    ),
    v1(
        "format-invalid",
        {"action": "format", "value": "={{ $json.d }}", "options": {}},
        NONSENSE,
        error=True,
    ),
    v1(
        "format-invalid-continue",
        {"action": "format", "value": "={{ $json.d }}", "options": {}},
        [*NONSENSE, {"d": "2024-01-01"}],
        node=CONTINUE,
    ),
    v1("format-default", {"value": "={{ $json.d }}"}, V1_ROWS),
]
for unit in (
    "quarters",
    "years",
    "months",
    "weeks",
    "days",
    "hours",
    "minutes",
    "seconds",
    "milliseconds",
):
    CASES.append(
        v1(
            f"calculate-add-{unit}",
            {
                "action": "calculate",
                "value": "={{ $json.d }}",
                "operation": "add",
                "duration": 2,
                "timeUnit": unit,
                "options": {},
            },
            [
                {"d": "2024-01-31T10:00:00Z"},
                {"d": "2024-03-10"},
                {"d": "2023-12-31T23:30:00.5+02:00"},
            ],
        )
    )
CASES += [
    v1(
        "calculate-subtract",
        {
            "action": "calculate",
            "value": "={{ $json.d }}",
            "operation": "subtract",
            "duration": 1.5,
            "timeUnit": "months",
            "dataPropertyName": "back",
            "options": {},
        },
        [{"d": "2024-03-31T10:00:00Z"}, {"d": "2024-05"}, {"d": "2024"}],
    ),
    v1(
        "calculate-fraction-days",
        {
            "action": "calculate",
            "value": "={{ $json.d }}",
            "operation": "add",
            "duration": 2.5,
            "timeUnit": "days",
            "options": {},
        },
        [{"d": "2024-03-31T10:00:00Z"}],
    ),
    v1(
        "calculate-from-format",
        {
            "action": "calculate",
            "value": "={{ $json.s }}",
            "operation": "add",
            "duration": 1,
            "timeUnit": "days",
            "options": {"fromFormat": "DD/MM/YYYY HH:mm"},
        },
        [{"s": "05/01/2024 10:20"}, {"s": "29/02/2024 23:59"}],
    ),
    v1(
        "calculate-from-format-bad",
        {
            "action": "calculate",
            "value": "={{ $json.s }}",
            "operation": "add",
            "duration": 1,
            "timeUnit": "days",
            "options": {"fromFormat": "DD/MM/YYYY"},
        },
        [{"s": "2024-01-05"}],
        error=True,
    ),
    v1(
        "calculate-bad-continue",
        {
            "action": "calculate",
            "value": "={{ $json.s }}",
            "operation": "add",
            "duration": 1,
            "timeUnit": "days",
            "options": {},
        },
        [{"s": "nope"}, {"s": "2024-01-05"}],
        node=CONTINUE,
    ),
]
