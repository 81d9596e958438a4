"""`python -m kflow.host` runs the CLI."""

import sys

from kflow.host.cli import main

sys.exit(main())
