"""A download operation: `GET /{collection}/{id}/download` (offer and landing use it).

The tracker packs a local offer's or landing's folder into a zip and answers it as
`application/octet-stream`. The output item carries the archive as binary data (in the
property the user names, `data` by default) and describes it in `data`:
`{fileName, mimeType, size}`.
"""

from __future__ import annotations

from typing import Any

from kflow.host import HttpClient, ItemContext, NodeApiError, NodeProperty, show_for
from kflow.nodes.keitaro.handlers import files
from kflow.nodes.keitaro.operations import wire
from kflow.nodes.keitaro.operations.model import Field, Wire
from kflow.nodes.keitaro.operations.refusals import fail
from kflow.nodes.keitaro.transport import KeitaroRequest, admin_request, send_for_bytes

__all__ = ["BINARY_PROPERTY", "Download"]

BINARY_PROPERTY = "binaryPropertyName"


class Download:
    """The download operation of one resource (offer or landing).

    Args:
        resource: The resource value (`offer`).
        noun: English singular for descriptions (`offer`).
        path: The collection path (`/offers`).
        id_param: The ID parameter's name (`offerId`).
        id_label: The ID parameter's display name (`ID Оффера`).
    """

    def __init__(self, resource: str, noun: str, path: str, id_param: str, id_label: str) -> None:
        self.resource = resource
        self.noun = noun
        self.collection = path.strip("/")
        self.id_param = id_param
        self.id_label = id_label
        self.ident = Field("id", id_label, "int", param=id_param)
        self.OPERATION = {
            "name": "Скачать архив",
            "value": "download",
            "description": f"The local {noun}'s files as one zip archive (binary data)",
            "action": f"Download a {noun}'s archive",
        }
        self.EXAMPLE: dict[str, Any] = {id_param: 1}
        self.WIRE = Wire(
            "GET",
            f"{path}/{{id}}/download",
            answer="binary",
            ids={"id": self.ident},
            idempotent=True,
            options={"fallbackName": f"{resource}_{{id}}.zip"},
        )
        self.ROUTE = self.WIRE.route
        self.PROPERTIES: list[NodeProperty] = show_for(resource, "download", self._properties())

    def __repr__(self) -> str:
        return f"Download({self.resource})"

    def _properties(self) -> list[dict[str, Any]]:
        return [
            {
                "displayName": self.id_label,
                "name": self.id_param,
                "type": "number",
                "default": 0,
                "required": True,
                "typeOptions": {"minValue": 1},
                "description": f"The {self.noun}'s ID",
            },
            {
                "displayName": "Поле для файла",
                "name": BINARY_PROPERTY,
                "type": "string",
                "default": "data",
                "required": True,
                "description": "The binary field of the output item to put the zip archive in",
                "hint": "The name of the output binary field to put the file in",
            },
        ]

    def prepare(self, ctx: ItemContext, base: str) -> KeitaroRequest:
        """Checks the ID and the binary field's name; builds the GET (no I/O)."""
        ident = self._read_id(ctx)
        self.property_name(ctx)
        return admin_request(
            ctx,
            base,
            "GET",
            (self.collection, ident, "download"),
            idempotent=True,
            expect="bytes",
        )

    def property_name(self, ctx: ItemContext) -> str:
        """The binary field to put the archive in."""
        name = ctx.param(BINARY_PROPERTY)
        if not isinstance(name, str) or not files.valid_property_name(name):
            raise fail(ctx, "Поле для файла", "give the name of a binary field, such as data")
        return name.strip()

    def _read_id(self, ctx: ItemContext) -> int:
        try:
            ident = wire.write(self.ident, ctx.param(self.id_param))
        except ValueError as exc:
            raise fail(ctx, self.id_label, str(exc)) from None
        if ident < 1:
            raise fail(ctx, self.id_label, "is required: give an ID of 1 or more")
        return int(ident)

    async def execute(
        self, ctx: ItemContext, http: HttpClient, request: KeitaroRequest
    ) -> list[Any]:
        """One FileAnswer: the archive as binary data, and its description."""
        content, headers = await send_for_bytes(ctx, http, request)
        if not files.is_zip(content):
            raise NodeApiError(
                ctx.node_name,
                f"the tracker answered {request.method} {request.path} with something that "
                "is not a zip archive",
                description="check that the domain is the tracker's admin panel, and that "
                f"the {self.noun} is a local one (with files)",
                request=request.describe(ctx),
                item_index=ctx.item_index,
                permanent=True,
            )
        fallback = f"{self.resource}_{self._read_id(ctx)}.zip"
        name = files.file_name(headers, fallback)
        mime = files.mime_type(headers, content)
        entry = ctx.files.prepare(content, file_name=name, mime_type=mime)
        data = {"fileName": name, "mimeType": mime, "size": len(content)}
        return [files.FileAnswer(data, {self.property_name(ctx): entry})]
