"""The Keitaro node ("Работа с API Keitaro")."""

from kflow.nodes.keitaro.node import KeitaroNode

__all__ = ["KeitaroNode"]
