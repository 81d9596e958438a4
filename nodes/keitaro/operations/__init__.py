"""The machinery of Keitaro operations, resource-blind: the declaration model and wire kinds,
the one request interpreter, declared operations made runnable, downloads, the handler
Protocol, the shared verbs, paging parameters and refusals. It imports nothing from
resources/ nor from the node (tests/unit/nodes/keitaro/test_layout.py)."""
