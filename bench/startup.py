"""Start-up: how long `kflow --help` takes, and `kflow node` on one item against a sandbox
that is already running (its start is not counted). Writes section 5 of bench/RESULTS.md.

    python bench/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "RESULTS.md"
START, END = "<!-- startup: written by bench/startup.py -->", "<!-- end of startup -->"
KFLOW = str(Path(sys.executable).with_name("kflow"))
HELP_TARGET, NODE_TARGET = 0.2, 0.5


def _environment() -> dict[str, str]:
    """Bytecode is written and read, as after `pip install` (which compiles it)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(args: list[str], runs: int) -> float:
    """The median wall time of a command over `runs` runs, process start included, after
    one run that is not counted (it writes the bytecode)."""
    env = _environment()
    subprocess.run(args, check=True, capture_output=True, env=env)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(port: int) -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"the sandbox did not start on port {port}")


def node_one_item(runs: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        creds = Path(folder) / "creds.yaml"
        port = free_port()
        sandbox = subprocess.Popen(
            [KFLOW, "sandbox", "--port", str(port), "--credentials-out", str(creds)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(port)
            command = [
                KFLOW,
                "node",
                "keitaro",
                "-p",
                "resource=click",
                "-p",
                "operation=update",
                "-p",
                "clickId=hea230qdxnbfcz1o79b",
                "-p",
                'clickData={"cost": "0.45"}',
                "--credentials",
                str(creds),
            ]
            return wall(command, runs)
        finally:
            sandbox.terminate()
            sandbox.wait(10)


def verdict(seconds: float, target: float) -> str:
    return "met" if seconds < target else f"missed by {seconds - target:.3f} s"


def render(help_s: float, node_s: float, runs: int) -> str:
    return "\n".join(
        [
            START,
            "## 5. Start-up",
            "",
            f"Median of {runs} runs each, process start included, with bytecode compiled "
            "as `pip install` leaves it (`python bench/startup.py`).",
            "",
            "| command | seconds | target |",
            "|---|---|---|",
            f"| `kflow --help` | {help_s:.3f} "
            f"| < {HELP_TARGET} s: {verdict(help_s, HELP_TARGET)} |",
            f"| `kflow node keitaro` (click → update, one item, sandbox already running) "
            f"| {node_s:.3f} | < {NODE_TARGET} s: {verdict(node_s, NODE_TARGET)} |",
            "",
            "`kflow --help` imports neither aiohttp nor pydantic: the commands are listed from "
            "a catalog, and only the chosen command's module is imported "
            "(tests/unit/host/test_cli_startup.py keeps it so). `kflow node` loads only the "
            "node type it runs.",
            END,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    os.environ.setdefault("NO_COLOR", "1")
    help_s = wall([KFLOW, "--help"], runs)
    node_s = node_one_item(runs)
    section = render(help_s, node_s, runs)
    text = RESULTS.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    text = pattern.sub(section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    RESULTS.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
    print(section)


if __name__ == "__main__":
    main()
