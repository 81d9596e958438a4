"""Resource `integration`: AVScan, IMKLO and Facebook integrations."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.declarative import runnable
from kflow.nodes.keitaro.operations.model import Field
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.operations.verbs import Entity

__all__ = ["DECLARED", "LABEL", "OPERATIONS"]

LABEL = {
    "name": "Интеграция",
    "value": "integration",
    "description": "AVScan, IMKLO and Facebook integrations",
}

INTEGRATION = Entity(
    "integration",
    "integration",
    "/integrations/facebook",
    Field("id", "ID Аккаунта Facebook", "int", param="facebookId"),
)

FB_NAME = Field("name", "Название")
FB_FIELDS = (
    Field("ad_account_id", "ID Рекламного аккаунта"),
    Field("token", "Токен доступа", secret=True),
    Field("proxy_enabled", "Через прокси", "bool"),
    Field("proxy", "Прокси", "object", description='JSON object, e.g. {"host": "…", "port": 8080}'),
)
CAMPAIGN_ID = Field("campaign_id", "ID Кампании", "int", param="campaignId")

DECLARED = (
    INTEGRATION.op(
        "getAvscan",
        "AVScan: настройки",
        "The AVScan integration's settings",
        "GET",
        path="/integrations/avscan",
        by_id=False,
        action="Get the AVScan settings",
        idempotent=True,
    ),
    INTEGRATION.op(
        "setAvscan",
        "AVScan: задать ключ",
        "Set the AVScan key",
        "PUT",
        path="/integrations/avscan",
        by_id=False,
        query=(Field("avscan_key", "Ключ AVScan", secret=True),),
        example={"avscan_key": "av-0123456789"},
        action="Set the AVScan key",
        idempotent=True,
    ),
    INTEGRATION.op(
        "getImklo",
        "IMKLO: настройки",
        "The IMKLO integration's settings",
        "GET",
        path="/integrations/imklo",
        by_id=False,
        action="Get the IMKLO settings",
        idempotent=True,
    ),
    INTEGRATION.op(
        "setImklo",
        "IMKLO: задать URL",
        "Set the IMKLO API URL",
        "PUT",
        path="/integrations/imklo",
        by_id=False,
        query=(Field("imklo_api_url", "URL API IMKLO"),),
        example={"imklo_api_url": "https://imklo.example.test/api"},
        action="Set the IMKLO URL",
        idempotent=True,
    ),
    INTEGRATION.op(
        "getFacebookAccounts",
        "Facebook: аккаунты",
        "The connected Facebook ad accounts",
        "GET",
        by_id=False,
        answer="list",
        unwrap="data",
        action="Get Facebook accounts",
        idempotent=True,
    ),
    INTEGRATION.op(
        "createFacebookAccount",
        "Facebook: подключить аккаунт",
        "Connect a Facebook ad account",
        "POST",
        by_id=False,
        required=(FB_NAME,),
        optional=FB_FIELDS,
        unwrap="data",
        example={"name": "BM 7", "additionalFields": {"ad_account_id": "act_77"}},
        action="Create a Facebook account",
        idempotent=False,
    ),
    INTEGRATION.op(
        "getFacebookAccount",
        "Facebook: аккаунт",
        "One connected Facebook ad account",
        "GET",
        unwrap="data",
        action="Get a Facebook account",
        idempotent=True,
    ),
    INTEGRATION.op(
        "updateFacebookAccount",
        "Facebook: обновить аккаунт",
        "Change a Facebook ad account's settings",
        "PUT",
        optional=(FB_NAME, *FB_FIELDS),
        collection="updateFields",
        unwrap="data",
        example={"updateFields": {"proxy_enabled": False}},
        action="Update a Facebook account",
        idempotent=True,
    ),
    INTEGRATION.op(
        "deleteFacebookAccount",
        "Facebook: отключить аккаунт",
        "Disconnect a Facebook ad account",
        "DELETE",
        action="Delete a Facebook account",
        idempotent=True,
    ),
    INTEGRATION.op(
        "getFacebookCampaigns",
        "Facebook: кампании",
        "The tracker campaigns linked to a Facebook ad account",
        "GET",
        "/campaign",
        answer="list",
        action="Get a Facebook account's campaigns",
        idempotent=True,
    ),
    INTEGRATION.op(
        "linkFacebookCampaign",
        "Facebook: привязать кампанию",
        "Link a tracker campaign to a Facebook ad account",
        "POST",
        "/campaign",
        required=(CAMPAIGN_ID,),
        idempotent=True,
        example={"campaignId": 2},
        action="Link a campaign to a Facebook account",
    ),
    INTEGRATION.op(
        "unlinkFacebookCampaign",
        "Facebook: отвязать кампанию",
        "Unlink a tracker campaign from a Facebook ad account",
        "DELETE",
        "/campaign",
        required=(CAMPAIGN_ID,),
        example={"campaignId": 1},
        action="Unlink a campaign from a Facebook account",
        idempotent=True,
    ),
)

OPERATIONS: dict[str, KeitaroOperation] = runnable(DECLARED)
"""Operation value -> handler, in menu order."""
