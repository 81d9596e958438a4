"""kflow's benchmark: one command, results in bench/RESULTS.md.

    python bench/run.py [--items 10000] [--memory-sizes 10000,100000,1000000]

1. `kflow node keitaro` click/update over N items against a fast local stub server, and a
   plain aiohttp loop with the same concurrency against the same server, in the same run.
2. Host overhead per item (parameters, expressions, validation, URL, masking, output) with
   a zero-latency transport.
3. Peak memory of `kflow node` with JSONL in and out at several input sizes.
4. A streamed flow with a branch: set → if → filter (bench/set-if-filter.yaml) over
   `--flow-items` items with `kflow run --input FILE.jsonl`, in items/s and peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from stub_server import running_stub  # bench/, on the path when run as a script

HERE = Path(__file__).resolve().parent
CONCURRENCY = 64
PARAMS = {
    "resource": "click",
    "operation": "update",
    "clickId": "={{ $json.subid }}",
    "clickData": '={"cost": {{ $json.cost }}}',
}
KEY = "bench0key0not0secret0000000000000"


def write_items(path: Path, count: int) -> None:
    with path.open("w") as out:
        for i in range(count):
            out.write(f'{{"subid": "s{i:09d}", "cost": {i % 97 / 10}}}\n')


async def plain_loop(url: str, count: int) -> float:
    """A plain aiohttp loop: the same PUTs, the same concurrency, nothing else."""
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector) as session:
        queue = iter(range(count))

        async def worker() -> None:
            for i in queue:
                async with session.put(
                    f"{url}/admin_api/v1/clicks/s{i:09d}",
                    json={"cost": i % 97 / 10},
                    headers={"Api-Key": KEY},
                ) as resp:
                    await resp.read()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        return time.perf_counter() - started


async def kflow_in_process(url: str, items: Path, *, zero_latency: bool = False) -> float:
    """kflow node's streaming path (what `kflow node --items FILE.jsonl` runs), timed."""
    from kflow.credentials import KEITARO_API
    from kflow.host.credentials import Credentials
    from kflow.host.engine.windowed import run_windowed
    from kflow.host.flow import Flow, FlowNode
    from kflow.host.http import HttpClient, HttpResponse
    from kflow.host.redaction import Redactor
    from kflow.host.settings import RunSettings
    from kflow.host.streaming import ItemWriter, iter_jsonl

    original = HttpClient.send
    if zero_latency:

        async def instant(self: HttpClient, request: Any) -> HttpResponse:
            return HttpResponse(200, {}, '{"sub_id": "x", "cost": 0.5}', request.url)

        HttpClient.send = instant  # type: ignore[method-assign]
    try:
        redactor = Redactor([KEY])
        creds = Credentials(redactor)
        creds.add(KEITARO_API, {"domain": url, "apiKey": KEY})
        flow = Flow(
            name="Keitaro", nodes=[FlowNode(name="Keitaro", type="keitaro", parameters=PARAMS)]
        )
        with open(os.devnull, "w") as sink:
            writer = ItemWriter(sink, "jsonl", redactor)
            started = time.perf_counter()
            await run_windowed(
                flow,
                iter_jsonl(str(items)),
                writer.write,
                credentials=creds,
                settings=RunSettings(concurrency=CONCURRENCY, retries=1),
                base_dir=items.parent,
            )
            return time.perf_counter() - started
    finally:
        HttpClient.send = original  # type: ignore[method-assign]


def kflow_cli(url: str, items: Path, out: Path) -> tuple[float, int]:
    """`kflow node` as a user runs it; wall time and peak RSS in KiB of the process."""
    env = {**os.environ, "KEITARO_URL": url, "KEITARO_API_KEY": KEY}
    args = [str(Path(sys.executable).with_name("kflow")), "node", "keitaro"]
    args += [f"-p{k}={v}" for k, v in PARAMS.items()]
    args += [
        "--items",
        str(items),
        "--format",
        "jsonl",
        "--output",
        str(out),
        "--concurrency",
        str(CONCURRENCY),
        "--retries",
        "1",
    ]
    return timed(args, env)


def timed(args: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Runs a command; its wall time and peak RSS in KiB."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(time.perf_counter() - t, peak)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, check=True, capture_output=True, text=True
    )
    seconds, rss = done.stdout.split()
    return float(seconds), int(rss)


def write_flow_items(path: Path, count: int) -> None:
    """Report-like rows for the set → if → filter flow."""
    with path.open("w") as out:
        for i in range(count):
            cost = (i * 37) % 1000 / 100
            revenue = (i * 53) % 1200 / 100
            out.write(
                f'{{"campaign": {i % 50}, "clicks": {i % 41}, "cost": {cost}, '
                f'"revenue": {revenue}}}\n'
            )


def kflow_flow(items: Path, out: Path) -> tuple[float, int]:
    """`kflow run bench/set-if-filter.yaml` over the items; wall time and peak RSS in KiB."""
    args = [str(Path(sys.executable).with_name("kflow")), "run", str(HERE / "set-if-filter.yaml")]
    args += ["--input", str(items), "--format", "jsonl", "--output", str(out)]
    return timed(args)


async def profile_overhead(url: str, count: int) -> str:
    """The top of a cProfile of the zero-latency run: where the host's time goes."""
    import cProfile
    import io
    import pstats

    with tempfile.TemporaryDirectory() as tmp:
        items = Path(tmp) / "items.jsonl"
        write_items(items, count)
        profiler = cProfile.Profile()
        profiler.enable()
        await kflow_in_process(url, items, zero_latency=True)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("tottime").print_stats(15)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    return "\n".join(lines[start:])


def render(report: dict[str, Any]) -> str:
    """bench/RESULTS.md."""
    ratio = report["ratio"]
    overhead = report["overhead_us_per_item"]
    peak = max(m["peak_mib"] for m in report["memory"])
    rows = "\n".join(
        f"| {m['items']:,} | {m['seconds']} | {m['peak_mib']} |" for m in report["memory"]
    )

    per_item = 1e6 / report["plain_items_per_s"]

    def verdict(ok: bool, miss: str) -> str:
        return "met" if ok else f"missed: {miss}"

    overhead_verdict = verdict(overhead <= 10, f"by {overhead - 10:.1f} µs")
    flow = report["flow"]

    return f"""# Benchmark results

Sections 1–4 are written by `python bench/run.py` (one run; their numbers all come from
it), section 5 by `python bench/startup.py` (one run of its own, on the same machine).

Machine: {report["machine"]}. The stub server runs in its own process on the same machine,
so client and server share the 2 cores.

## 1. kflow node vs a plain aiohttp loop

{report["items"]:,} click updates (`PUT /admin_api/v1/clicks/{{subid}}`, body from an expression
per item), concurrency {report["concurrency"]}, against the same fast local stub server.

| | items/s |
|---|---|
| plain aiohttp loop | {report["plain_items_per_s"]:,} |
| kflow (`kflow node`'s streaming path, in process) | {report["kflow_items_per_s"]:,} |
| ratio | **{ratio}** (target ≥ 0.9: {verdict(ratio >= 0.9, f"by {0.9 - ratio:.2f}")}) |

`kflow node keitaro … --items 10k.jsonl` as a command, process start included:
{report["kflow_cli_seconds"]} s.

## 2. Host overhead per item

With a zero-latency transport (the HTTP client answers at once), kflow spends
**{overhead} µs per item** (target ≤ 10 µs: {overhead_verdict}).
That covers reading the item, evaluating two expressions, resolving and checking the
parameters, validating the click data, building and masking the request, the retry
wrapper, the output envelope, redaction, and writing JSONL.

## 3. Peak memory, `kflow node` with JSONL in and out

| items | seconds | peak RSS (MiB) |
|---|---|---|
{rows}

Target: flat, under 100 MB. Peak {peak} MiB: {verdict(peak < 100, f"{peak - 100:.0f} MiB over")}.
Memory stays flat because `kflow node` reads JSONL lazily and writes outputs as each
window of 1,000 items completes.

## 4. A streamed flow with a branch: set → if → filter

`kflow run bench/set-if-filter.yaml --input {flow["items"]:,}.jsonl` (an Edit Fields node with
two expressions, an If on one of them, a Filter on the true branch), process start included:
**{flow["items_per_s"]:,} items/s** ({flow["seconds"]} s), peak RSS **{flow["peak_mib"]} MiB**
(target under 100 MB: {verdict(flow["peak_mib"] < 100, f"{flow['peak_mib'] - 100:.0f} MiB over")}).
It streams because every node declares that it handles items one by one; each window of
1,000 items runs the whole flow, and each expression is one engine call per window.

## Why the ratio is what it is

The plain loop does nothing but send. kflow spends about {overhead} µs of Python per item
on top of the same aiohttp request. The stub server answers in well under that, and shares
the machine's two cores with the client, so that work is most of the wall time:
{report["plain_items_per_s"]:,} items/s leaves about {per_item:.0f} µs per item, and kflow adds
{overhead} µs plus its HTTP client's own checks (redirect handling, control-character
checks, the response size cap). Against a real tracker, where one request takes
milliseconds, the same overhead is a few percent, and the tracker and the wire set the
pace. Reaching 0.9 against a zero-cost stub would mean a per-item cost under about
{0.1 * per_item:.0f} µs, which rules out evaluating expressions and validating every
item in Python.

The profile of the zero-latency run (top 15 by own time):

```
{report["profile"]}
```

What was done to get here: plainly valid click bodies skip jsonschema (a property test
keeps the quick path honest), `$json.field` expressions (and numbers written into text)
are read without the JavaScript engine, other expressions are one engine call per window,
parameters are resolved once per node run (host/plan.py), the first try runs outside
tenacity, control characters are found by regex, outputs are redacted as JSON text, and
parameter and URL lookups are cached.
"""


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB; Python {platform.python_version()} "
        f"on {platform.system()} {platform.release()}; aiohttp {aiohttp.__version__}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--memory-sizes", default="10000,100000,1000000")
    parser.add_argument("--flow-items", type=int, default=1_000_000)
    args = parser.parse_args()

    with running_stub() as url, tempfile.TemporaryDirectory() as tmp:
        items = Path(tmp) / "items.jsonl"
        write_items(items, args.items)
        await plain_loop(url, 500)  # warm up both sides
        plain = await plain_loop(url, args.items)
        host = await kflow_in_process(url, items)
        plain_again = await plain_loop(url, args.items)
        zero = await kflow_in_process(url, items, zero_latency=True)
        cli_seconds, _ = kflow_cli(url, items, Path(tmp) / "out.jsonl")
        memory = []
        for size in (int(s) for s in args.memory_sizes.split(",")):
            path = Path(tmp) / f"items-{size}.jsonl"
            write_items(path, size)
            seconds, rss = kflow_cli(url, path, Path(tmp) / "out.jsonl")
            memory.append((size, seconds, rss / 1024))
            path.unlink()
        flow_path = Path(tmp) / "flow-items.jsonl"
        write_flow_items(flow_path, args.flow_items)
        flow_seconds, flow_rss = kflow_flow(flow_path, Path(tmp) / "flow-out.jsonl")

    n = args.items
    plain_rate = n / min(plain, plain_again)
    kflow_rate = n / host
    overhead_us = zero / n * 1e6
    report = {
        "machine": machine(),
        "items": n,
        "concurrency": CONCURRENCY,
        "plain_items_per_s": round(plain_rate),
        "kflow_items_per_s": round(kflow_rate),
        "ratio": round(kflow_rate / plain_rate, 3),
        "kflow_cli_seconds": round(cli_seconds, 2),
        "overhead_us_per_item": round(overhead_us, 1),
        "memory": [
            {"items": s, "seconds": round(t, 1), "peak_mib": round(m, 1)} for s, t, m in memory
        ],
        "flow": {
            "items": args.flow_items,
            "seconds": round(flow_seconds, 1),
            "items_per_s": round(args.flow_items / flow_seconds),
            "peak_mib": round(flow_rss / 1024, 1),
        },
    }
    report["profile"] = await profile_overhead(url, min(n, 10_000))
    results = HERE / "RESULTS.md"
    text = render(report)
    old = results.read_text(encoding="utf-8") if results.exists() else ""
    start = old.find("<!-- startup:")
    if start != -1:  # section 5 is bench/startup.py's: kept as it was
        text = text.rstrip() + "\n\n" + old[start:]
    results.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
    asyncio.run(main())
