"""Errors the UI shows to users as they are (Chinese messages)."""
from __future__ import annotations


class ServiceError(Exception):
    """A rule was broken; ``field`` names the form field to show the message beside."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(ServiceError):
    pass
