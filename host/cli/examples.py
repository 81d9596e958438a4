"""The "examples:" shown at the end of `kflow --help` and of each command's --help.

`EXAMPLES[""]` is the top-level one; the others are keyed by command name. Each line is a
command that works as written from the repository's folder (the flows under examples/ and
the sandbox's demo data), so a reader can paste it and see it run.
"""

from __future__ import annotations

__all__ = ["EXAMPLES"]


def _examples(*pairs: tuple[str, str]) -> str:
    """An epilog: "examples:", then each command with what it does on the line above."""
    lines = ["examples:"]
    for what, command in pairs:
        lines += [f"  # {what}", f"  {command}", ""]
    return "\n".join(lines).rstrip() + "\n"


EXAMPLES: dict[str, str] = {
    "": _examples(
        ("what can the Keitaro node do?", "kflow describe keitaro"),
        (
            "one operation against the built-in Keitaro sandbox",
            "kflow node keitaro -p resource=campaign -p operation=getMany --sandbox",
        ),
        ("run a flow file", "kflow run examples/report-by-campaign.yaml --sandbox"),
        ("check a flow file without running it", "kflow validate examples/push-spend.yaml"),
        ("every command has its own help and examples", "kflow node --help"),
    ),
    "node": _examples(
        (
            "list the campaigns of the sandbox tracker",
            "kflow node keitaro -p resource=campaign -p operation=getMany --sandbox",
        ),
        (
            "set a click's cost (credentials from a file)",
            "kflow node keitaro -p resource=click -p operation=update "
            '-p clickId=hea230qdxnbfcz1o79b -p \'clickData={"cost": "0.45"}\' '
            "--credentials creds.yaml",
        ),
        (
            "one request per input line; the value comes from each item",
            "kflow node keitaro -p resource=click -p operation=update "
            "-p 'clickId={{ $json.subid }}' -p 'clickData={\"cost\": \"{{ $json.cost }}\"}' "
            "--items examples/data/clicks.jsonl --continue-on-fail --sandbox",
        ),
        (
            "yesterday by campaign as a table, with totals and losses marked",
            "kflow node keitaro -p resource=statistics -p operation=buildReport "
            "-p interval=yesterday -p dimensions=campaign -p measures=clicks,cost,profit,roi "
            "--sandbox --format table",
        ),
        (
            "see the request a write would send, and send nothing",
            "kflow node keitaro -p resource=campaign -p operation=disable -p campaignId=2 "
            "--sandbox --dry-run",
        ),
        (
            "last 7 days by campaign, as JSON lines into a file",
            "kflow node keitaro -p resource=statistics -p operation=buildReport "
            "-p interval=7_days_ago -p dimensions=campaign -p measures=clicks,revenue,profit "
            "--sandbox --format jsonl --output report.jsonl",
        ),
        (
            "a core node works the same way",
            "kflow node httpRequest -p url=https://example.com/ -p options='{\"timeout\": 5000}'",
        ),
    ),
    "run": _examples(
        ("run a flow against the sandbox", "kflow run examples/report-by-campaign.yaml --sandbox"),
        (
            "preview: read the report, hold the disables, show them as a table",
            "kflow run examples/disable-losing-campaigns.yaml --sandbox --dry-run-writes "
            "--format table",
        ),
        (
            "one end node of several, as CSV",
            "kflow run examples/replay-postbacks.yaml --sandbox --node 'Failed postbacks' "
            "--output failed.csv",
        ),
        (
            "with credentials from a file, and per-node counts and times on stderr",
            "kflow run examples/push-spend.yaml --credentials creds.yaml --summary",
        ),
        (
            "feed the first node from a file (or - for stdin)",
            "kflow run examples/spend-from-csv.yaml --input examples/data/spend.csv --sandbox",
        ),
        (
            "an n8n workflow export runs as it is",
            "kflow run my-workflow.json --credentials creds.yaml",
        ),
        (
            "resume an interrupted run: skip the items already sent",
            "kflow run examples/replay-postbacks.yaml --input examples/data/postbacks.jsonl "
            "--skip 2 --sandbox",
        ),
    ),
    "validate": _examples(
        ("every problem of a flow, with its line", "kflow validate examples/push-spend.yaml"),
        ("an n8n workflow export is checked too", "kflow validate my-workflow.json"),
        (
            "check every flow of a folder (exit 2 on the first bad one)",
            'for f in examples/*.yaml; do kflow validate "$f" || break; done',
        ),
    ),
    "nodes": _examples(
        ("the installed node types", "kflow nodes"),
        ("the n8n node types kflow runs, and their versions", "kflow nodes --n8n"),
        ("is Telegram installed?", "kflow nodes | grep -i telegram"),
    ),
    "describe": _examples(
        ("the Keitaro node's resources and operations", "kflow describe keitaro"),
        ("one resource's operations and routes", "kflow describe keitaro stream"),
        (
            "one operation: its route, an example and its parameters",
            "kflow describe keitaro stream update",
        ),
        ("a core node's parameters", "kflow describe httpRequest"),
        ("an older version", "kflow describe if --version 1"),
        (
            "the machine-readable forms",
            "kflow describe keitaro --format routes | jq -r '.resource + \" \" + .operation'",
        ),
    ),
    "export": _examples(
        ("an installable n8n community package", "kflow export n8n --out build/n8n-package"),
        (
            "a flow as n8n workflow JSON, to import in n8n's editor",
            "kflow export workflow examples/report-by-campaign.yaml --out report.json",
        ),
        ("print it instead", "kflow export workflow examples/push-spend.yaml"),
    ),
    "serve": _examples(
        ("schedules and webhooks of one flow", "kflow serve examples/serve/hourly-report.yaml"),
        ("every flow of a folder, against the sandbox", "kflow serve examples/serve --sandbox"),
        (
            "on another port, with the REST API behind a token",
            "kflow serve examples/serve --port 8080 --credentials creds.yaml "
            "--admin-port 5679 --api-token-file token.txt",
        ),
        (
            "queue executions in Redis for kflow workers",
            "kflow serve examples/serve --broker redis://127.0.0.1:6379 --credentials creds.yaml",
        ),
    ),
    "worker": _examples(
        (
            "run what kflow serve queued",
            "kflow worker --broker redis://127.0.0.1:6379 --credentials creds.yaml",
        ),
        (
            "eight executions at a time; stop after 10 idle minutes",
            "kflow worker --broker redis://127.0.0.1:6379 --credentials creds.yaml "
            "--concurrency 8 --idle-timeout 600",
        ),
    ),
    "executions": _examples(
        ("the newest executions", "kflow executions list"),
        (
            "one flow's, from another database",
            "kflow executions list --flow 'Hourly report' --db kflow.db",
        ),
        ("what one execution did, node by node", "kflow executions show 42"),
        ("as JSON, for scripts", "kflow executions show 42 --format json"),
        (
            "run a failed execution again from the node that failed",
            "kflow executions retry 42 --from-failed",
        ),
    ),
    "credentials": _examples(
        ("check the credentials of a file", "kflow credentials test --credentials creds.yaml"),
        (
            "only one entry of the file",
            "kflow credentials test --credentials creds.yaml --credential 'Keitaro tracker'",
        ),
        (
            "or from the environment",
            "KEITARO_URL=https://tracker.example.com KEITARO_API_KEY=… kflow credentials test",
        ),
    ),
    "sandbox": _examples(
        ("a local Keitaro with demo data on port 8080", "kflow sandbox"),
        (
            "and a credentials file to use with it",
            "kflow sandbox --port 8080 --credentials-out sandbox-creds.yaml",
        ),
        (
            "then, in another terminal",
            "kflow node keitaro -p resource=campaign -p operation=getMany "
            "--credentials sandbox-creds.yaml",
        ),
        (
            "a tracker that sometimes fails, to test retries",
            "kflow sandbox --faults 429=0.2,500=0.05",
        ),
    ),
    "completion": _examples(
        ("bash: for this shell", "source <(kflow completion bash)"),
        (
            "bash: for every new shell",
            "kflow completion bash > ~/.local/share/bash-completion/completions/kflow",
        ),
        ("zsh", 'kflow completion zsh > "${fpath[1]}/_kflow"  # then: compinit'),
        ("fish", "kflow completion fish > ~/.config/fish/completions/kflow.fish"),
    ),
}
