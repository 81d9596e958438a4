"""The editor of a local offer's or landing's files: structure, get, add, update, remove."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.model import Field, Operation
from kflow.nodes.keitaro.operations.verbs import Entity

__all__ = ["file_operations"]

_PATH = Field(
    "path",
    "Путь к файлу",
    placeholder="index.html",
    description="Relative to the local offer's or landing's folder",
)


def file_operations(entity: Entity) -> tuple[Operation, ...]:
    """The editor of a local offer's or landing's files."""
    example = {"path": "index.html"}
    return (
        entity.op(
            "getStructure",
            "Структура файлов",
            f"The local {entity.noun}'s file tree",
            "GET",
            "/get_structure",
            action=f"Get a {entity.noun}'s file tree",
            idempotent=True,
        ),
        entity.op(
            "getFile",
            "Получить файл",
            "Read one file",
            "GET",
            "/get_file",
            query=(_PATH,),
            example=example,
            action=f"Get a {entity.noun}'s file",
            idempotent=True,
        ),
        entity.op(
            "addFile",
            "Добавить файл",
            "Create an empty file",
            "POST",
            "/add_file",
            query=(_PATH,),
            example={"path": "thanks.html"},
            action=f"Add a file to a {entity.noun}",
            idempotent=False,
        ),
        entity.op(
            "updateFile",
            "Обновить файл",
            "Write a file's content (sent in the query string, as the API takes it)",
            "PUT",
            "/update_file",
            query=(_PATH, Field("data", "Содержимое")),
            example={"path": "index.html", "data": "<h1>Hi</h1>"},
            action=f"Update a {entity.noun}'s file",
            idempotent=True,
        ),
        entity.op(
            "removeFile",
            "Удалить файл",
            "Delete one file",
            "DELETE",
            "/remove_file",
            query=(_PATH,),
            example=example,
            action=f"Remove a {entity.noun}'s file",
            idempotent=True,
        ),
    )
