"""The drag-in step, in a real browser: the Keitaro node dragged into n8n's editor, filled
in, and executed against the sandbox.

Needs Debian's chromium (`.ci/install-chromium`), Playwright for Python (the `browser`
extra) and n8n 2.41.1 (`.ci/install-n8n`). Saves a screenshot of the node's form into docs/.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kflow.nodes.keitaro.n8n_package import build
from kflow.sandbox import SandboxServer
from tests.n8n_editor import OWNER, editor
from tests.n8n_headless import environment, import_credentials, install_package, pack
from tests.support import FIRST_CLICK

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "n8n-keitaro-node.png"
CLICK_DATA = '{"cost": "0.45", "sub_id_2": "from-n8n"}'


def _chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("chromium is missing: run .ci/install-chromium")
    return path


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()
    server = SandboxServer(record=True)
    asyncio.run_coroutine_threadsafe(server.start(), loop).result(30)
    yield server
    asyncio.run_coroutine_threadsafe(server.stop(), loop).result(30)
    loop.call_soon_threadsafe(loop.stop)


def test_drag_the_node_in_fill_it_and_execute(sandbox: SandboxServer, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    home = tmp_path / "home"
    home.mkdir()
    build(tmp_path / "package")
    env = environment(home)
    install_package(home, env, pack(tmp_path / "package", tmp_path))
    import_credentials(
        home,
        env,
        [
            {
                "id": "KeitaroCred00001",
                "name": "Keitaro tracker",
                "type": "keitaroApi",
                "data": sandbox.credentials(),
            }
        ],
    )
    with editor(home) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), headless=True)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        login = context.request.post(
            f"{url}/rest/login",
            data={"emailOrLdapLoginId": OWNER["email"], "password": OWNER["password"]},
        )
        assert login.ok
        page = context.new_page()
        page.goto(f"{url}/workflow/new")
        test_id = page.locator

        test_id('[data-test-id="canvas-add-button"]').click()
        test_id('[data-test-id="node-creator-search-bar"]').fill("manual")
        page.keyboard.press("Enter")
        expect(test_id('[data-test-id="canvas-trigger-node"]')).to_be_visible()
        page.keyboard.press("Escape")

        test_id('[data-test-id="node-creator-plus-button"]').click()
        test_id('[data-test-id="node-creator-search-bar"]').fill("Keitaro")
        node = test_id('[data-test-id="item-iterator-item"]', has_text="Keitaro").first
        expect(node).to_be_visible()
        node.click()
        action = test_id(
            '[data-test-id="item-iterator-item"]',
            has=page.get_by_text("Update a click", exact=True),
        )
        action.locator("[draggable]").drag_to(
            test_id('[data-test-id="canvas"]'), target_position={"x": 350, "y": 600}
        )

        click_id = test_id('[data-test-id="parameter-input-clickId"] input')
        expect(click_id).to_be_visible()
        click_id.fill(FIRST_CLICK)
        test_id('[data-test-id="parameter-input-clickData"] .cm-content').click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(CLICK_DATA)
        test_id('[data-test-id="node-execute-button"]').first.click()

        expect(page.get_by_text("Node executed successfully")).to_be_visible(timeout=30_000)
        expect(test_id('[data-test-id="output-panel"]')).to_contain_text("hea230qdxnbfcz1o79b")
        page.wait_for_timeout(500)
        test_id('[data-test-id="ndv"]').screenshot(path=str(SCREENSHOT))
        browser.close()

    (put,) = [r for r in sandbox.requests if r.method == "PUT"]
    assert put.path == f"/admin_api/v1/clicks/{FIRST_CLICK}" and put.status == 200
    assert json.loads(put.body) == json.loads(CLICK_DATA)
