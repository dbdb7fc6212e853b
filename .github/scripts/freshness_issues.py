"""Open, update or close one issue per holder, from `xyhf audit --format json` (or `xyhf reminders`).

The plan (pure, tested in tests/) comes from xyhf.maintain.audit.plan_issue_sync; this script only
talks to GitHub through the gh CLI.
"""

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, ".")
from xyhf.maintain.audit import FRESHNESS_LABEL, plan_issue_sync  # noqa: E402


def gh(*args: str, body: str | None = None) -> str:
    """An issue body goes through standard input (`--body-file -`), never an argument: Linux caps
    one argument at 128 KiB, and a body is data that must not reach the command line."""
    return subprocess.run(["gh", *args], input=body, check=True, capture_output=True, text=True).stdout


def main() -> None:
    entries = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    # Optional second argument: the label (the payment reminders reuse this script with their own).
    label = sys.argv[2] if len(sys.argv) > 2 else FRESHNESS_LABEL
    gh("label", "create", label, "--color", "d93f0b", "--description", "每周自动巡检", "--force")
    open_issues = json.loads(gh("issue", "list", "--label", label, "--state", "open", "--limit", "500", "--json", "number,title"))
    for action in plan_issue_sync(entries, open_issues):
        if action["do"] == "create":
            gh("issue", "create", "--title", action["title"], "--body-file", "-", "--label", label, body=action["body"])
        elif action["do"] == "update":
            gh("issue", "edit", str(action["number"]), "--body-file", "-", body=action["body"])
        elif action["do"] == "close":
            gh("issue", "close", str(action["number"]), "--comment", "本单位的问题已全部处理，自动关闭。")
        print(action["do"], action.get("title") or action.get("number"))


if __name__ == "__main__":
    main()
