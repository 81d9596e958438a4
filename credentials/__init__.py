"""Credential types shipped with kflow."""

from kflow.credentials.keitaro_api import KEITARO_API

__all__ = ["KEITARO_API"]
