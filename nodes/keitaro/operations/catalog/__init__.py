"""The declarative operations, one module per resource, each with an OPERATIONS tuple."""
