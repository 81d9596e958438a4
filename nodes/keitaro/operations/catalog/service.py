"""Bot list, logs and third-party integrations."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.catalog.verbs import Entity
from kflow.nodes.keitaro.operations.model import Field

__all__ = ["BOTLIST_OPERATIONS", "INTEGRATION_OPERATIONS", "LOG_OPERATIONS"]

BOTLIST = Entity("botList", "bot list", "/botlist", Field("id", "ID", "int"))
LOG = Entity("log", "log", "/logs", Field("id", "ID", "int"))
LOG_TYPE = Field(
    "type",
    "Тип лога",
    options=("postbacks", "sent_postbacks", "system", "traffic", "ssl"),
    param="logType",
)
INTEGRATION = Entity(
    "integration",
    "integration",
    "/integrations/facebook",
    Field("id", "ID Аккаунта Facebook", "int", param="facebookId"),
)

IPS = Field(
    "value",
    "IP-адреса",
    "lines",
    placeholder="1.2.3.4\n5.6.7.0/24",
    description="One IP address or range a line (commas also separate)",
)
_IPS_EXAMPLE = {"value": "203.0.113.7\n198.51.100.0/24"}

BOTLIST_OPERATIONS = (
    BOTLIST.op(
        "get",
        "Получить",
        "The bot list: one IP or range a line",
        "GET",
        by_id=False,
        action="Get the bot list",
        idempotent=True,
    ),
    BOTLIST.op(
        "add",
        "Добавить",
        "Add IPs to the bot list",
        "POST",
        "/add",
        by_id=False,
        required=(IPS,),
        example=_IPS_EXAMPLE,
        idempotent=True,
        action="Add IPs to the bot list",
    ),
    BOTLIST.op(
        "exclude",
        "Исключить",
        "Remove IPs from the bot list",
        "POST",
        "/exclude",
        by_id=False,
        required=(IPS,),
        example={"value": "10.0.0.1"},
        idempotent=True,
        action="Remove IPs from the bot list",
    ),
    BOTLIST.op(
        "replace",
        "Заменить",
        "Replace the whole bot list",
        "PUT",
        by_id=False,
        required=(IPS,),
        example=_IPS_EXAMPLE,
        action="Replace the bot list",
        idempotent=True,
    ),
    BOTLIST.op(
        "clear",
        "Очистить",
        "Empty the bot list",
        "DELETE",
        by_id=False,
        action="Clear the bot list",
        idempotent=True,
    ),
)

LOG_OPERATIONS = (
    LOG.op(
        "get",
        "Получить",
        "Read a tracker log, newest lines first",
        "GET",
        path="/logs/{type}",
        ids={"type": LOG_TYPE},
        by_id=False,
        answer="pages",
        query_optional=(
            Field("query", "Поиск", description="Only lines containing this text, e.g. a subid"),
        ),
        example={"logType": "postbacks"},
        action="Get a log",
        idempotent=True,
    ),
    LOG.op(
        "clear",
        "Очистить",
        "Empty a tracker log",
        "DELETE",
        path="/logs/{type}",
        ids={"type": LOG_TYPE},
        by_id=False,
        example={"logType": "system"},
        action="Clear a log",
        idempotent=True,
    ),
    LOG.op(
        "getTypes",
        "Типы логов",
        "The kinds of log the tracker keeps",
        "POST",
        path="/logs/types",
        by_id=False,
        answer="list",
        idempotent=True,
        reads=True,
        action="Get the log types",
    ),
)

FB_NAME = Field("name", "Название")
FB_FIELDS = (
    Field("ad_account_id", "ID Рекламного аккаунта"),
    Field("token", "Токен доступа", secret=True),
    Field("proxy_enabled", "Через прокси", "bool"),
    Field("proxy", "Прокси", "object", description='JSON object, e.g. {"host": "…", "port": 8080}'),
)
CAMPAIGN_ID = Field("campaign_id", "ID Кампании", "int", param="campaignId")

INTEGRATION_OPERATIONS = (
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
