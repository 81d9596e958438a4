"""One home per resource of the Keitaro node: a module (`stream.py`), or a package when
some of its operations are coded, one module each (`click/`), beside `declared.py`.

Every home exports LABEL (the resource's option in the selector) and OPERATIONS (value ->
handler, in menu order): declared operations (Operation data, made runnable by
operations/declarative.py), downloads, and coded modules that declare a Wire beside
hand-written properties. `shared/` holds the parts several resources ask for. The node's
table, in selector order, is `kflow.nodes.keitaro.resource_table`.
"""
