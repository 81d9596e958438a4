"""examples/spend-sync.yaml in a real n8n 2.41.1 sends what `kflow run` sends.

The example is exported (`kflow export workflow`), its Schedule Trigger swapped for a
Manual Trigger of the same name (`n8n execute` starts only at a Manual Trigger: anything
else is "Missing node to start execution"), and run headless with the Keitaro community
package installed, `$env` open (N8N_BLOCK_ENV_ACCESS_IN_NODE=false) and AD_NETWORK_URL in
n8n's environment. kflow runs the YAML itself. Each run gets three fresh stubs; both must
send the same requests: the same pages to the ad network (method, path, query), the same
cost updates to Keitaro (method, path, query, body), the same message to Telegram.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest

from kflow.host.n8n_workflow import n8n_id
from kflow.nodes.keitaro.n8n_package import build
from tests.integration.test_cli import KFLOW, ROOT
from tests.integration.test_spend_sync import (
    BEARER,
    EXAMPLE,
    NAMES,
    Stubs,
    check_requests,
    stubs,
    yesterday,
)
from tests.n8n_headless import (
    environment,
    import_credentials,
    import_workflow,
    install_package,
    n8n_root,
    pack,
)
from tests.support import child_env

pytestmark = pytest.mark.n8n


class _Threaded:
    """Fresh stubs served from a thread of their own, while n8n or kflow runs outside."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.stack = AsyncExitStack()
        self.stubs: Stubs = self._call(self.stack.enter_async_context(stubs()))

    def _call(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(60)

    def close(self) -> None:
        self._call(self.stack.aclose())
        self.loop.call_soon_threadsafe(self.loop.stop)


def _workflow() -> dict[str, Any]:
    done = subprocess.run(
        [str(KFLOW), "export", "workflow", str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    workflow = json.loads(done.stdout)
    (trigger,) = [n for n in workflow["nodes"] if n["type"] == "n8n-nodes-base.scheduleTrigger"]
    trigger.update(type="n8n-nodes-base.manualTrigger", typeVersion=1, parameters={})
    return workflow


def _n8n_credentials(found: Stubs) -> list[dict[str, Any]]:
    data = {
        ("keitaroApi", NAMES["keitaroApi"]): found.keitaro.credentials(),
        ("telegramApi", NAMES["telegramApi"]): found.telegram.credentials(),
        ("httpBearerAuth", BEARER): found.network.credentials(),
    }
    return [
        {"id": n8n_id(kind, name), "name": name, "type": kind, "data": values}
        for (kind, name), values in data.items()
    ]


def _run_in_n8n(workflow: dict[str, Any], found: Stubs, tarball: Path) -> dict[str, Any]:
    n8n = str(n8n_root() / "node_modules" / ".bin" / "n8n")
    with tempfile.TemporaryDirectory(prefix="kflow-n8n-") as folder:
        home = Path(folder)
        env = environment(home)
        env.update(N8N_BLOCK_ENV_ACCESS_IN_NODE="false", **found.network.environment())
        install_package(home, env, tarball)
        import_credentials(home, env, _n8n_credentials(found))
        import_workflow(home, env, workflow)
        ran = subprocess.run(
            [n8n, "execute", f"--id={workflow['id']}", "--rawOutput"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    out = ran.stdout
    start = out.find("\n{") + 1 if not out.startswith("{") else 0
    if ran.returncode != 0 or not out[start:].startswith("{"):
        raise RuntimeError(f"n8n execute failed: {ran.stderr[-2000:]}{out[-2000:]}")
    return json.loads(out[start:])["data"]["resultData"]["runData"]  # type: ignore[no-any-return]


def _run_in_kflow(found: Stubs, folder: Path) -> list[dict[str, Any]]:
    creds = folder / "creds.yaml"
    creds.write_text(found.credentials_yaml())
    done = subprocess.run(
        [str(KFLOW), "run", str(EXAMPLE), "--credentials", str(creds), "--allow-env"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=child_env(found.network.environment()),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _seen(found: Stubs) -> dict[str, Any]:
    """What reached the stubs, without what differs by nature (tokens, ports, ids)."""
    return {
        "network": list(found.network.requests),
        "keitaro": sorted(
            (
                (r.method, r.path, r.query, json.loads(r.body) if r.body else None, r.status)
                for r in found.keitaro.requests
            ),
            key=lambda r: json.dumps(r, sort_keys=True),  # kflow sends them concurrently
        ),
        "telegram": [(m["chat"]["id"], m["text"]) for m in found.telegram.store.sent],
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("spend-sync-n8n")
    build(folder / "package")
    tarball = pack(folder / "package", folder)
    workflow = _workflow()
    result: dict[str, Any] = {}
    for host in ("kflow", "n8n"):
        served = _Threaded()
        try:
            before = yesterday()
            if host == "n8n":
                result["n8n_output"] = _run_in_n8n(workflow, served.stubs, tarball)
            else:
                result["kflow_output"] = _run_in_kflow(served.stubs, folder)
            result[f"{host}_day"] = check_requests(served.stubs, before)
            result[host] = _seen(served.stubs)
        finally:
            served.close()
    yield result


def test_n8n_sends_the_same_requests_as_kflow(runs: dict[str, Any]) -> None:
    if runs["kflow_day"] != runs["n8n_day"]:
        pytest.skip("the two runs fell on each side of midnight (UTC)")
    assert runs["n8n"]["network"] == runs["kflow"]["network"]
    assert runs["n8n"]["keitaro"] == runs["kflow"]["keitaro"]
    assert runs["n8n"]["telegram"] == runs["kflow"]["telegram"]


def test_n8n_and_kflow_end_with_the_same_message(runs: dict[str, Any]) -> None:
    (theirs,) = runs["n8n_output"]["Tell the team"][0]["data"]["main"][0]
    (ours,) = runs["kflow_output"]
    volatile = ("date", "message_id", "from")  # "from": the bot id comes from the token
    assert {k: v for k, v in theirs["json"]["result"].items() if k not in volatile} == {
        k: v for k, v in ours["result"].items() if k not in volatile
    }
