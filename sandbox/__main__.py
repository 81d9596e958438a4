"""`python -m kflow.sandbox [--port N] [--api-key KEY] [--db FILE]`: same as `kflow sandbox`."""

import argparse
import asyncio
import sys

from kflow.sandbox.command import COMMAND

parser = argparse.ArgumentParser(prog="python -m kflow.sandbox", description=COMMAND.help)
COMMAND.add_arguments(parser)
try:
    sys.exit(asyncio.run(COMMAND.run(parser.parse_args())))
except KeyboardInterrupt:
    sys.exit(130)
