"""Operations with properties of their own, one module per operation, grouped by resource.

Each module declares its request as a Wire (prepared by operations/interpreter.py, as the
n8n package's runtime reads it) beside hand-written properties, and execute() when the
answer is rows or pages. Each package has LABEL (the resource's option) and OPERATIONS
(value -> module). The node's full table, with the declared operations, is
`kflow.nodes.keitaro.resource_table`.
"""
