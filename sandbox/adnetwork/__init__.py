"""An ad network's stats API, emulated: paged daily spend per campaign and zone, behind a
bearer token, for flows that pull spend and push it into Keitaro (examples/spend-sync.yaml).

It imports nothing from kflow's host. `python -m kflow.sandbox.adnetwork` serves it;
`--sandbox` starts one when its provider is installed (`kflow.sandboxes` entry point).
"""

from kflow.sandbox.adnetwork.data import CAMPAIGNS, spend_rows
from kflow.sandbox.adnetwork.server import ENV_URL, AdNetworkServer

__all__ = ["CAMPAIGNS", "ENV_URL", "AdNetworkServer", "spend_rows"]
