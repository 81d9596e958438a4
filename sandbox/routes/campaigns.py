"""`/admin_api/v1/campaigns/...`: list, get, create, update, archive, restore, clone, state."""

from __future__ import annotations

from aiohttp import web

from kflow.sandbox.bodies import read_json
from kflow.sandbox.checks import check_body
from kflow.sandbox.errors import error_response, field_errors_response
from kflow.sandbox.keys import STORE
from kflow.sandbox.routes.costs import campaign_costs
from kflow.sandbox.rules import CAMPAIGN
from kflow.sandbox.store import campaigns
from kflow.sandbox.store.campaigns import CampaignInvalid

__all__ = ["routes"]

routes = web.RouteTableDef()
_PREFIX = "/admin_api/v1/campaigns"
_ID = "{campaign_id:[0-9]+}"
_NOT_FOUND = "Campaign not found"


def _id(request: web.Request) -> int:
    return int(request.match_info["campaign_id"])


@routes.get(_PREFIX)
async def list_campaigns(request: web.Request) -> web.Response:
    """Live campaigns, a bare array."""
    return web.json_response(campaigns.list_campaigns(request.app[STORE].conn))


@routes.get(f"{_PREFIX}/deleted")
async def list_archived(request: web.Request) -> web.Response:
    """Archived campaigns, a bare array."""
    return web.json_response(campaigns.list_campaigns(request.app[STORE].conn, archived=True))


@routes.post(_PREFIX)
async def create(request: web.Request) -> web.Response:
    """Creates a campaign; 406 `{field: [messages]}` when invalid."""
    body = check_body(await read_json(request), CAMPAIGN, creating=True)
    store = request.app[STORE]
    try:
        with store.transaction() as db:
            campaign = campaigns.create(db, body)
    except CampaignInvalid as exc:
        return field_errors_response(exc.errors)
    return web.json_response(campaign)


@routes.get(f"{_PREFIX}/{_ID}")
async def get(request: web.Request) -> web.Response:
    """One live campaign; archived ones are 404, as on trackers."""
    campaign = campaigns.get(request.app[STORE].conn, _id(request))
    return web.json_response(campaign) if campaign else error_response(404, _NOT_FOUND)


@routes.put(f"{_PREFIX}/{_ID}")
async def update(request: web.Request) -> web.Response:
    """Partial update of a live campaign."""
    body = check_body(await read_json(request), CAMPAIGN, creating=False)
    store = request.app[STORE]
    if campaigns.get(store.conn, _id(request)) is None:
        return error_response(404, _NOT_FOUND)
    try:
        with store.transaction() as db:
            campaign = campaigns.update(db, _id(request), body)
    except CampaignInvalid as exc:
        return field_errors_response(exc.errors)
    return web.json_response(campaign)


@routes.delete(f"{_PREFIX}/{_ID}")
async def archive(request: web.Request) -> web.Response:
    """Moves a campaign to the archive; answered 201."""
    return await _change(request, campaigns.archive, archived=False, status=201)


@routes.post(f"{_PREFIX}/{_ID}/restore")
async def restore(request: web.Request) -> web.Response:
    """Brings an archived campaign back; answered 201."""
    return await _change(request, campaigns.restore, archived=True, status=201)


@routes.post(f"{_PREFIX}/{_ID}/enable")
async def enable(request: web.Request) -> web.Response:
    return await _change(request, lambda db, cid: campaigns.set_state(db, cid, "active"))


@routes.post(f"{_PREFIX}/{_ID}/disable")
async def disable(request: web.Request) -> web.Response:
    return await _change(request, lambda db, cid: campaigns.set_state(db, cid, "disabled"))


@routes.post(f"{_PREFIX}/{_ID}/clone")
async def clone(request: web.Request) -> web.Response:
    """Clones a campaign; like a tracker, answers a one-element array."""
    store = request.app[STORE]
    if campaigns.get(store.conn, _id(request)) is None:
        return error_response(404, _NOT_FOUND)
    with store.transaction() as db:
        copy = campaigns.clone(db, _id(request))
    return web.json_response([copy])


@routes.get(f"{_PREFIX}/{_ID}/streams")
async def streams(request: web.Request) -> web.Response:
    """The campaign's streams, a bare array."""
    store = request.app[STORE]
    if campaigns.get(store.conn, _id(request)) is None:
        return error_response(404, _NOT_FOUND)
    return web.json_response(campaigns.streams(store.conn, _id(request)))


@routes.post(f"{_PREFIX}/{_ID}/update_costs")
async def update_costs(request: web.Request) -> web.Response:
    """Sets the cost of one campaign over a period."""
    store = request.app[STORE]
    if campaigns.get(store.conn, _id(request)) is None:
        return error_response(404, _NOT_FOUND)
    return await campaign_costs(request, _id(request))


async def _change(
    request: web.Request, action: object, *, archived: bool = False, status: int = 200
) -> web.Response:
    store = request.app[STORE]
    if campaigns.get(store.conn, _id(request), archived=archived) is None:
        return error_response(404, _NOT_FOUND)
    with store.transaction() as db:
        campaign = action(db, _id(request))  # type: ignore[operator]
    return web.json_response(campaign, status=status)
