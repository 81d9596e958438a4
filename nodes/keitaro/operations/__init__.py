"""Declarative Admin API operations: the model, the shared execution, the catalogue."""
