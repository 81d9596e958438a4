"""The sandbox's own rules for each Admin API body, as a tracker checks them.

Written from the reference and the 2022 spec, never from the node's schemas, so a node
that sends the wrong thing is refused here as it would be by a tracker.
"""

from __future__ import annotations

from kflow.sandbox.checks import Rule

__all__ = ["BODY_RULES", "CREATE", "UPDATE"]

CREATE = "create"
UPDATE = "update"

_STREAM = {
    "campaign_id": Rule("int", True),
    "type": Rule("str", True, ("forced", "regular", "default")),
    "name": Rule("str", True),
    "schema": Rule("str", True, ("landings", "redirect", "action")),
    "action_type": Rule("str", True),
    "position": Rule("int"),
    "weight": Rule("num"),
    "action_options": Rule("obj"),
    "action_payload": Rule("any"),
    "comments": Rule("str"),
    "state": Rule("str", enum=("active", "disabled", "deleted")),
    "collect_clicks": Rule("bool"),
    "filter_or": Rule("bool"),
    "filters": Rule("arr"),
    "triggers": Rule("arr"),
    "landings": Rule("arr"),
    "offers": Rule("arr"),
}
_OFFER = {
    "name": Rule("str", True),
    "group_id": Rule("int"),
    "offer_type": Rule("str", enum=("local", "external", "preloaded", "action")),
    "action_type": Rule("str"),
    "action_payload": Rule("any"),
    "affiliate_network_id": Rule("int"),
    "payout_value": Rule("num"),
    "payout_currency": Rule("str"),
    "payout_type": Rule("str", enum=("CPA", "CPC")),
    "state": Rule("str", enum=("active", "deleted")),
    "payout_auto": Rule("bool"),
    "payout_upsell": Rule("bool"),
    "country": Rule("arr"),
    "notes": Rule("str"),
    "archive": Rule("str"),
    "conversion_cap_enabled": Rule("bool"),
    "daily_cap": Rule("num"),
    "conversion_timezone": Rule("str"),
    "alternative_offer_id": Rule("num"),
}
_LANDING = {
    "name": Rule("str", True),
    "action_payload": Rule("any"),
    "group_id": Rule("digits"),
    "state": Rule("str", enum=("active", "disabled", "deleted")),
    "landing_type": Rule("str", enum=("local", "external", "preloaded", "action")),
    "action_type": Rule(
        "str", enum=("local_file", "http", "curl", "status404", "show_text", "show_html")
    ),
    "url": Rule("str"),
    "archive": Rule("str"),
    "notes": Rule("str"),
}
_NETWORK = {
    "name": Rule("str", True),
    "postback_url": Rule("str"),
    "offer_param": Rule("str"),
    "notes": Rule("str"),
}
_SOURCE = {
    "name": Rule("str", True),
    "postback_url": Rule("str"),
    "postback_statuses": Rule("arr"),
    "template_name": Rule("str"),
    "accept_parameters": Rule("bool"),
    "parameters": Rule("obj"),
    "notes": Rule("str"),
    "state": Rule("str", enum=("active", "disabled", "deleted")),
    "traffic_loss": Rule("num"),
}
_DOMAIN_CREATE = {
    "name": Rule("str", True),
    "is_ssl": Rule("bool", True),
    "default_campaign_id": Rule("int"),
    "wildcard": Rule("bool"),
    "catch_not_found": Rule("bool"),
    "notes": Rule("str"),
    "ssl_redirect": Rule("bool"),
    "allow_indexing": Rule("bool"),
}
_DOMAIN_UPDATE = {
    "name": Rule("str", True),
    "is_ssl": Rule("bool"),
    "default_campaign_id": Rule("int"),
    "state": Rule("str", enum=("active", "deleted")),
    "catch_not_found": Rule("bool"),
    "notes": Rule("str"),
}
_GROUP = {
    "name": Rule("str", True),
    "type": Rule("str", True, ("campaigns", "offers", "landings")),
}
_USER = {
    "login": Rule("str", True),
    "type": Rule("str", True, ("USER", "ADMIN")),
    "new_password": Rule("str", True),
    "new_password_confirmation": Rule("str", True),
    "preferences": Rule("obj"),
}
_USER_UPDATE = {**_USER, "keyCount": Rule("int")}
_FACEBOOK = {
    "name": Rule("str", True),
    "ad_account_id": Rule("str"),
    "token": Rule("str"),
    "proxy_enabled": Rule("bool"),
    "proxy": Rule("obj"),
}

BODY_RULES: dict[str, dict[str, dict[str, Rule]]] = {
    "streams": {CREATE: _STREAM, UPDATE: _STREAM},
    "offers": {CREATE: _OFFER, UPDATE: _OFFER},
    "landing_pages": {CREATE: _LANDING, UPDATE: _LANDING},
    "affiliate_networks": {CREATE: _NETWORK, UPDATE: _NETWORK},
    "traffic_sources": {CREATE: _SOURCE, UPDATE: _SOURCE},
    "domains": {CREATE: _DOMAIN_CREATE, UPDATE: _DOMAIN_UPDATE},
    "groups": {CREATE: _GROUP, UPDATE: _GROUP},
    "users": {CREATE: _USER, UPDATE: _USER_UPDATE},
    "facebook": {CREATE: _FACEBOOK, UPDATE: _FACEBOOK},
}
"""Collection -> create/update -> field -> Rule. Updates check types, never requiredness."""

BOT_LIST = {"value": Rule("str", True)}
FACEBOOK_CAMPAIGN = {"campaign_id": Rule("int", True)}
USER_ACCESS = {"access_data": Rule("obj", True)}

COSTS_BULK = {
    "campaign_ids": Rule("ids", True),
    "costs": Rule("arr", True),
    "timezone": Rule("str"),
    "currency": Rule("str"),
    "only_campaign_uniques": Rule("int", enum=(0, 1)),
}
"""POST /clicks/update_costs. Trackers read timezone and currency here or in each entry."""
COST_ENTRY = {
    "start_date": Rule("str", True),
    "end_date": Rule("str", True),
    "timezone": Rule("str"),
    "cost": Rule("str", True),
    "currency": Rule("str"),
    "filters": Rule("obj"),
}
CAMPAIGN_COSTS = {
    "start_date": Rule("str", True),
    "end_date": Rule("str", True),
    "timezone": Rule("str", True),
    "cost": Rule("str", True),
    "currency": Rule("str", True),
    "only_campaign_uniques": Rule("bool"),
    "filters": Rule("obj"),
}
CLEAN = {
    "start_date": Rule("str", True),
    "end_date": Rule("str", True),
    "campaign_id": Rule("int"),
    "timezone": Rule("str"),
}

CAMPAIGN = {
    "alias": Rule("str"),
    "type": Rule("str", enum=("position", "weight")),
    "name": Rule("str", True),
    "cookies_ttl": Rule("int"),
    "state": Rule("str", enum=("active", "disabled", "deleted")),
    "cost_type": Rule("str", enum=("CPC", "CPUC", "CPM")),
    "cost_value": Rule("num"),
    "cost_currency": Rule("str"),
    "cost_auto": Rule("bool"),
    "group_id": Rule("digits"),
    "bind_visitors": Rule("str", enum=("s", "sl", "slo")),
    "traffic_source_id": Rule("int"),
    "parameters": Rule("obj"),
    "token": Rule("str"),
    "domain_id": Rule("int"),
    "position": Rule("int"),
    "notes": Rule("str"),
}
"""POST and PUT /campaigns: CampaignRequest. `group_id` is a string of digits, as specified."""
REPORT_LABELS_QUERY = {
    "campaign_id": Rule("int", True),
    "label_name": Rule("str", True, ("whitelist", "blacklist")),
    "ref_name": Rule("str", True),
}
"""GET /report/labels: all three are required."""
