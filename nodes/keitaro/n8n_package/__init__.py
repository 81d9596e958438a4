"""The Keitaro node as an n8n community package (`n8n-nodes-keitaro`), generated.

`build(out)` writes package.json, the node (declarative, with generated routing), its
credential, its icon, the shared runtime and a README. The same descriptor drives kflow,
so the package and kflow send the same requests.
"""

from kflow.nodes.keitaro.n8n_package.build import build

__all__ = ["build"]
