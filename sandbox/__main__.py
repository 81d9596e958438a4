"""`python -m kflow.sandbox [--port N] [--api-key KEY] [--db FILE]`: same as `kflow sandbox`."""

import sys

from kflow.host.cli import main

sys.exit(main(["sandbox", *sys.argv[1:]]))
