"""The HTML report in a real browser, with the network shut: the table and its sorting,
the chart drawn, hostile values shown as text, and nothing asked of the network.

Needs Debian's chromium (`.ci/install-chromium`) and Playwright for Python (the `browser`
extra).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kflow.host.cli.report_chart import parse_chart
from kflow.host.cli.report_html import render_html

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

pytestmark = pytest.mark.browser

HOSTILE = "</script><script>window.pwned = 1</script><!-- <b>bold</b>"
CAMPAIGNS = ["FB Casino DE", HOSTILE, "TikTok VPN"]
DAYS = ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"]
COLUMNS = ["day", "campaign", "campaign_id", "clicks", "profit"]
ROWS = [
    {
        "day": day,
        "campaign": campaign,
        "campaign_id": number + 1,
        "clicks": 5 * d + number + 1,
        "profit": round((d - 1.5) * 7.25 + number * 3.1, 4),
    }
    # the tracker's order is not the day order: the chart must sort it
    for d, day in reversed(list(enumerate(DAYS)))
    for number, campaign in enumerate(CAMPAIGNS)
]


def _chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("chromium is missing: run .ci/install-chromium")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=_chromium(), headless=True)
        yield launched
        launched.close()


class _Opened:
    def __init__(self, page: Page, url: str) -> None:
        self.page = page
        self.url = url
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.problems: list[str] = []


@pytest.fixture
def open_report(browser: Browser, tmp_path: Path) -> Iterator[Callable[[str], _Opened]]:
    contexts = []

    def open_(html: str) -> _Opened:
        path = tmp_path / "report.html"
        path.write_text(html, encoding="utf-8")
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        contexts.append(context)
        page = context.new_page()
        opened = _Opened(page, path.as_uri())

        def guard(route: Route) -> None:
            if route.request.url == opened.url:
                route.continue_()
            else:
                opened.blocked.append(route.request.url)
                route.abort()

        page.route("**/*", guard)
        page.on("request", lambda request: opened.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                opened.problems.append(f"{message.type}: {message.text}")
                if message.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda error: opened.problems.append(f"pageerror: {error}"))
        page.goto(opened.url)
        page.wait_for_selector("body[data-ready='true']")
        return opened

    yield open_
    for context in contexts:
        context.close()


def _column(page: Page, index: int) -> list[str]:
    return page.locator(f"#report-table tbody tr td:nth-child({index + 1})").all_text_contents()


def _painted_pixels(page: Page) -> int:
    return page.evaluate(
        """() => {
            const canvas = document.querySelector('#chart canvas');
            const pixels = canvas.getContext('2d')
                .getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
            return painted;
        }"""
    )


@pytest.mark.parametrize("kind", ["line", "bar"])
def test_profit_by_day_per_campaign(open_report: Callable[[str], _Opened], kind: str) -> None:
    chart = parse_chart("profit:day:campaign", columns=COLUMNS, kind=kind)  # type: ignore[arg-type]
    opened = open_report(render_html(COLUMNS, ROWS, title="Daily profit", chart=chart))
    page = opened.page

    assert page.title() == "Daily profit"
    assert page.locator("#report-table tbody tr").count() == len(ROWS)
    assert _column(page, 0) == [row["day"] for row in ROWS]
    assert _column(page, 1) == [row["campaign"] for row in ROWS]
    assert page.locator("#report-table thead th").all_text_contents() == COLUMNS
    totals = page.locator("#report-table tfoot td").all_text_contents()
    assert totals[0] == "Total" and totals[3] == str(sum(row["clicks"] for row in ROWS))
    negatives = page.locator("#report-table tbody td.neg").all_text_contents()
    assert negatives and negatives == [str(r["profit"]) for r in ROWS if r["profit"] < 0]
    assert page.evaluate("() => window.pwned") is None
    assert page.locator("#report-table b").count() == 0

    host = page.locator("#chart")
    assert host.get_attribute("data-series") == str(len(CAMPAIGNS))
    assert host.get_attribute("data-points") == str(len(DAYS))
    box = page.locator("#chart canvas").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 200
    assert _painted_pixels(page) > 2000
    legend = page.locator("#chart .u-legend .u-series").all_text_contents()
    assert len(legend) == 1 + len(CAMPAIGNS) and any(HOSTILE in text for text in legend)
    # the cursor over the first and last slots: days in date order, sums in the legend
    over = page.locator("#chart .u-over").bounding_box()
    assert over
    for slot, day in ((0, DAYS[0]), (len(DAYS) - 1, DAYS[-1])):
        x = over["x"] + over["width"] * (slot + 0.5) / len(DAYS)
        page.mouse.move(x, over["y"] + over["height"] / 2)
        values = page.locator("#chart .u-legend .u-series .u-value").all_text_contents()
        expected = [r["profit"] for r in ROWS if r["day"] == day]
        assert values == [day, *(str(v) for v in expected)]

    assert opened.blocked == []
    assert opened.requests == [opened.url]
    assert opened.problems == []


def test_sorting_by_clicking_headers(open_report: Callable[[str], _Opened]) -> None:
    opened = open_report(render_html(COLUMNS, ROWS, title="Daily profit", auto_chart=False))
    page = opened.page
    profits = sorted(row["profit"] for row in ROWS)
    profit = page.locator("#report-table thead th button", has_text="profit")

    profit.click()
    assert [float(text) for text in _column(page, 4)] == profits
    assert page.locator("#report-table thead th").nth(4).get_attribute("aria-sort") == "ascending"
    profit.click()
    assert [float(text) for text in _column(page, 4)] == profits[::-1]
    assert page.locator("#report-table thead th").nth(4).get_attribute("aria-sort") == "descending"
    # the totals row stays last, outside the sorted body
    last = page.locator("#report-table tr").last.locator("td").first
    assert last.text_content() == "Total"

    # numbers sort as numbers: 10 < 9 would be text order
    page.locator("#report-table thead th button", has_text="clicks").click()
    clicks = [int(text) for text in _column(page, 3)]
    assert clicks == sorted(clicks) and clicks[0] < 10 < clicks[-1]
    page.locator("#report-table thead th button", has_text="campaign").first.click()
    assert _column(page, 1)[0] == HOSTILE  # "<" sorts before letters
    assert page.locator("#report-table thead th").nth(4).get_attribute("aria-sort") == "none"

    assert page.locator("#chart").count() == 0
    assert opened.requests == [opened.url] and opened.problems == []


def test_a_report_without_rows(open_report: Callable[[str], _Opened]) -> None:
    chart = parse_chart("profit:day:campaign")
    opened = open_report(render_html([], [], title="Nothing today", chart=chart))
    assert opened.page.locator("p.empty").text_content() == "No items."
    assert opened.page.locator("#report-table, #chart").count() == 0
    assert opened.requests == [opened.url] and opened.problems == []
