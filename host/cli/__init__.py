"""The `kflow` command. Each group of commands is a module here; plugins add their own
commands through the `kflow.commands` entry point group (the sandbox's `kflow sandbox`).

Exit codes: 0 done; 1 a node failed (API error, network); 2 bad input (parameters, flow
file, credentials, command line). Errors are one line on stderr; `--debug` adds the
traceback, with secrets masked like everything else.
"""

from kflow.host.cli.main import main

__all__ = ["main"]
