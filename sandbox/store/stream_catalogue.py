"""What `/stream_types`, `/stream_schemas`, `/streams_actions` and `/stream_filters` answer."""

from __future__ import annotations

from typing import Any

__all__ = ["ACTIONS", "FILTERS", "SCHEMAS", "TYPES"]

TYPES: list[dict[str, Any]] = [
    {"value": "forced", "name": "Intercepting", "description": "Checked first, before others"},
    {"value": "regular", "name": "Regular", "description": "Checked by position or weight"},
    {"value": "default", "name": "Fallback", "description": "Used when no other stream fits"},
]
SCHEMAS: list[dict[str, Any]] = [
    {"value": "landings", "name": "Landing pages and offers"},
    {"value": "redirect", "name": "Redirect"},
    {"value": "action", "name": "Action"},
]
ACTIONS: list[dict[str, Any]] = [
    {"key": key, "name": name, "field": field, "type": kind, "description": description}
    for key, name, field, kind, description in [
        ("http", "HTTP redirect", "url", "redirect", "302 redirect to the URL"),
        ("meta", "Meta redirect", "url", "redirect", "Redirect by a meta refresh tag"),
        ("double_meta", "Double meta redirect", "url", "redirect", "Two meta refreshes"),
        ("js", "JS redirect", "url", "redirect", "Redirect by JavaScript"),
        ("blank_referrer", "Blank referrer", "url", "redirect", "Redirect without referrer"),
        ("curl", "CURL", "url", "other", "Load the page on the server and show it"),
        ("remote", "Remote", "url", "other", "Take the redirect URL from a remote page"),
        ("iframe", "Iframe", "url", "other", "Show the URL in an iframe"),
        ("frame", "Frame", "url", "other", "Show the URL in a frame"),
        ("formsubmit", "Form submit", "url", "other", "Post a form to the URL"),
        ("local_file", "Local file", "file", "other", "Show a local file"),
        ("show_text", "Show text", "text", "other", "Answer with plain text"),
        ("show_html", "Show HTML", "text", "other", "Answer with HTML"),
        ("status404", "Not found", "", "other", "Answer 404"),
        ("do_nothing", "Do nothing", "", "other", "Answer an empty page"),
        ("campaign", "Send to campaign", "campaign", "other", "Pass to another campaign"),
        ("js_for_script", "JS for script", "url", "other", "For the JS integration"),
        ("js_for_iframe", "JS for iframe", "url", "other", "For the iframe integration"),
    ]
]
FILTERS: list[dict[str, Any]] = [
    {
        "value": value,
        "tooltip": tooltip,
        "modes": {"accept": "Accept", "reject": "Reject"},
        "group": group,
        "template": "",
        "header_template": "",
        "defaults": [],
    }
    for value, tooltip, group in [
        ("country", "Visitor's country", "geo"),
        ("region", "Visitor's region", "geo"),
        ("city", "Visitor's city", "geo"),
        ("ip", "IP addresses and ranges", "network"),
        ("isp", "Internet provider", "network"),
        ("connection_type", "Connection type", "network"),
        ("device_type", "Device type", "device"),
        ("os", "Operating system", "device"),
        ("browser", "Browser", "device"),
        ("language", "Browser language", "device"),
        ("bot", "Bots (by the bot list and signatures)", "traffic"),
        ("proxy", "Proxy visitors", "traffic"),
        ("referrer", "Referrer", "traffic"),
        ("keyword", "Keyword", "traffic"),
        ("sub_id_n", "Sub ID values", "parameters"),
        ("limit", "Click limits per hour, day or total", "other"),
        ("uniqueness", "Unique visitors", "other"),
        ("schedule", "Days and hours", "other"),
    ]
]
