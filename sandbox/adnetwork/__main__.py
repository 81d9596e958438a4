"""`python -m kflow.sandbox.adnetwork [--port N] [--token T] [--now ISO]`."""

import argparse
import asyncio
import sys

from kflow.sandbox.adnetwork.command import COMMAND

parser = argparse.ArgumentParser(prog="python -m kflow.sandbox.adnetwork", description=COMMAND.help)
COMMAND.add_arguments(parser)
try:
    sys.exit(asyncio.run(COMMAND.run(parser.parse_args())))
except KeyboardInterrupt:
    sys.exit(130)
