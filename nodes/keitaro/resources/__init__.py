"""Operations with logic of their own, one module per operation, grouped by resource.

Each package has LABEL (the resource's option) and OPERATIONS (value -> module). The node's
full table, with the declarative operations, is `kflow.nodes.keitaro.resource_table`.
"""
