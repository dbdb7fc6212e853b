"""The issue workflows (need-issue.yml, issue-to-pr.yml) and the weekly issue script, issue 24
classes 3 and 4: a long issue body reaches xyhf through a file, run here through the workflow's own
script with bash; only the job that runs after a maintainer's `accepted` can write the repository;
concurrency is per issue and per purpose, so an edit cannot cancel a conversion."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests/cli"))
from test_need_issue import GOOD, issue_body  # noqa: E402

WORKFLOWS = ROOT / ".github/workflows"
ISSUE_WORKFLOWS = {"need-issue.yml": ("需求提交", "issue-to-need"), "issue-to-pr.yml": ("成果提交", "issue-to-record")}
BODY_CHARS = 65_536


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def step(job: dict, step_id: str) -> str:
    return next(s["run"] for s in job["steps"] if s.get("id") == step_id)


def long_need_body() -> str:
    """A valid need issue padded to 65,536 characters of Chinese: 190 KiB in UTF-8, more than the
    128 KiB Linux allows one environment variable or argument."""
    body = issue_body(GOOD) + "\n### 补充说明\n\n"
    body += "长" * (BODY_CHARS - len(body))
    assert len(body) == BODY_CHARS and len(body.encode()) > 131_072
    return body


def run_step(script: str, cwd: Path, event: dict) -> tuple[subprocess.CompletedProcess, Path]:
    """Run one `run:` block the way a GitHub runner does (bash -eo pipefail, the event payload in a
    file named by GITHUB_EVENT_PATH), in a checkout-like folder: ./catalog and ./.venv."""
    temp = Path(tempfile.mkdtemp(prefix="runner-temp-", dir=cwd))  # a fresh one per job, as on GitHub
    (cwd / "event.json").write_text(json.dumps(event, ensure_ascii=False), encoding="utf-8")
    (cwd / "step.sh").write_text(script, encoding="utf-8")
    if not (cwd / ".venv").exists():
        (cwd / ".venv").symlink_to(ROOT / ".venv")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(cwd),
        "XYHF_TODAY": "2026-11-24",
        "GITHUB_EVENT_PATH": str(cwd / "event.json"),
        "RUNNER_TEMP": str(temp),
        "GITHUB_OUTPUT": str(temp / "output"),
    }
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(cwd / "step.sh")],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    return done, temp


def test_a_body_that_long_cannot_travel_in_an_environment_variable():
    """The failure of issue 24, class 3, paired with the fix below: "Argument list too long"."""
    with pytest.raises(OSError) as failed:
        subprocess.run(["true"], env={"ISSUE_BODY": long_need_body()}, check=False)
    assert failed.value.errno == errno.E2BIG


def test_the_check_step_reads_a_65536_character_body_from_the_event_file(make_catalog):
    root = make_catalog()
    body = long_need_body()
    script = step(workflow("need-issue.yml")["jobs"]["check"], "run")
    done, temp = run_step(script, root.parent, {"action": "opened", "issue": {"number": 7, "body": body}})
    assert done.returncode == 0, done.stderr
    assert (temp / "issue.md").read_text(encoding="utf-8") == body + "\n"  # the whole body, via jq
    report = (temp / "reply/report.md").read_text(encoding="utf-8")
    assert "自动检查通过" in report  # xyhf ran on it
    assert (temp / "output").read_text() == "status=0\n"
    assert not (root / "needs").exists()  # checking writes nothing


def test_the_convert_step_writes_the_need_and_shell_text_in_the_body_stays_text(make_catalog):
    root = make_catalog()
    pwned = root.parent / "pwned"
    hostile = {**GOOD, "现状与问题": GOOD["现状与问题"] + f"$(touch {pwned}) `touch {pwned}` '\"; touch {pwned}"}
    script = step(workflow("need-issue.yml")["jobs"]["convert"], "run")
    done, temp = run_step(script, root.parent, {"action": "labeled", "issue": {"number": 8, "body": issue_body(hostile)}})
    assert done.returncode == 0, done.stderr
    assert (temp / "output").read_text() == "status=0\n"
    assert "$(touch" in (root / "needs/430100/foundry-porosity.yaml").read_text(encoding="utf-8")
    assert not pwned.exists()


def test_a_bad_body_gets_its_reply_and_a_crash_still_gets_one(make_catalog):
    root = make_catalog()
    script = step(workflow("issue-to-pr.yml")["jobs"]["check"], "run")
    done, temp = run_step(
        script, root.parent, {"action": "edited", "issue": {"number": 9, "body": "### 持有方编号\n\n@everyone\n"}}
    )
    assert done.returncode == 0 and (temp / "output").read_text() == "status=1\n"
    assert "没有持有方编号“＠everyone”" in (temp / "reply/report.md").read_text(encoding="utf-8")
    (root.parent / ".venv").unlink()
    (root.parent / ".venv").mkdir()  # xyhf missing: the reply says the check did not finish
    done, temp = run_step(script, root.parent, {"action": "edited", "issue": {"number": 9, "body": None}})
    assert done.returncode == 0 and "status=127" in (temp / "output").read_text()
    assert "自动检查没有完成" in (temp / "reply/report.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(p.name for p in WORKFLOWS.glob("*.yml")))
def test_no_workflow_puts_an_issue_body_in_an_environment_variable_or_argument(name):
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    assert "event.issue.body" not in text and "ISSUE_BODY" not in text
    assert '--body "$' not in text  # bodies go by --body-file


@pytest.mark.parametrize("name", sorted(ISSUE_WORKFLOWS))
def test_only_the_job_after_a_maintainers_accepted_can_write_the_repository(name):
    label, command = ISSUE_WORKFLOWS[name]
    wf = workflow(name)
    assert wf["permissions"] == {} and "concurrency" not in wf  # nothing granted or shared by default
    jobs = wf["jobs"]
    assert set(jobs) == {"check", "reply", "convert"}
    # check: runs xyhf on the submitter's text with a read-only token, on opened and edited only.
    assert jobs["check"]["permissions"] == {"contents": "read"}
    assert "github.event.action != 'labeled'" in jobs["check"]["if"] and label in jobs["check"]["if"]
    assert "--check-only" in step(jobs["check"], "run") and command in step(jobs["check"], "run")
    # reply: may comment, and runs no project code (no checkout, no .venv, no make).
    assert jobs["reply"]["permissions"] == {"issues": "write"}
    for s in jobs["reply"]["steps"]:
        assert "checkout" not in s.get("uses", "") and ".venv" not in s.get("run", "") and "make" not in s.get("run", "")
    # convert: the only job with contents or pull-requests write, only for an `accepted` label,
    # and it checks that whoever added the label has write access before anything runs.
    writers = [j for j, job in jobs.items() if {"write"} & {job["permissions"].get(k) for k in ("contents", "pull-requests")}]
    assert writers == ["convert"]
    condition = jobs["convert"]["if"]
    assert "github.event.action == 'labeled'" in condition and "github.event.label.name == 'accepted'" in condition
    gate = jobs["convert"]["steps"][1]
    assert "collaborators/${SENDER}/permission" in gate["run"] and gate["env"]["SENDER"] == "${{ github.event.sender.login }}"
    assert "--check-only" not in step(jobs["convert"], "run")


def test_concurrency_is_per_issue_and_purpose_and_never_cancels_a_conversion():
    groups = []
    for name in ISSUE_WORKFLOWS:
        for job_id, job in workflow(name)["jobs"].items():
            c = job["concurrency"]
            assert "${{ github.event.issue.number }}" in c["group"] and job_id in c["group"]
            groups.append(c["group"])
            if job_id != "check":
                assert c["cancel-in-progress"] is False, (name, job_id)
    assert len(set(groups)) == len(groups)  # an edit's check shares no group with a conversion


def test_weekly_issue_bodies_go_to_gh_on_standard_input(tmp_path):
    """freshness_issues.py (audit, reminders, push): a 200 KB body is never an argument."""
    fake = tmp_path / "bin"
    fake.mkdir()
    log = tmp_path / "gh.log"
    (fake / "gh").write_text(
        "#!/usr/bin/env python3\nimport json, sys\n"
        f"log = open({str(log)!r}, 'a')\n"
        "log.write(json.dumps({'args': sys.argv[1:], 'stdin': sys.stdin.read()}) + '\\n')\n"
        "print('[]' if sys.argv[1:3] == ['issue', 'list'] else '')\n"
    )
    (fake / "gh").chmod(0o755)
    body = "| 成果 |\n|---|\n" + "| 长长长长 |\n" * 20_000
    entries = tmp_path / "entries.json"
    entries.write_text(json.dumps([{"title": "[成果巡检] 某单位（x）", "findings": [1], "body": body}], ensure_ascii=False))
    done = subprocess.run(
        [sys.executable, str(ROOT / ".github/scripts/freshness_issues.py"), str(entries)],
        cwd=ROOT,
        env={**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    create = next(c for c in calls if c["args"][:2] == ["issue", "create"])
    assert create["stdin"] == body and "--body-file" in create["args"]
    assert max(len(a.encode()) for c in calls for a in c["args"]) < 1_000
