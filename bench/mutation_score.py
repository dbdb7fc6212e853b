"""Print the mutation score of `make mutate`: per module and in all, killed / judged, with the
mutants not run yet said plainly (mutmut keeps each mutant's verdict in mutants/<module>.py.meta;
a run stopped part way leaves the rest without one, and they are counted as not run, never as killed).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

# Timeouts count as killed (the mutant did not pass); a mutant no test reaches counts as surviving.
KILLED = {"killed", "timeout", "segfault", "caught by type check"}
SURVIVED = {"survived", "no tests", "suspicious"}


def verdicts(root: Path) -> dict[str, Counter]:
    """Module → Counter of killed / survived / not run / skipped."""
    out: dict[str, Counter] = {}
    for meta in sorted(root.glob("**/*.py.meta")):
        module = meta.relative_to(root).as_posix().removesuffix(".py.meta").replace("/", ".")
        counts: Counter = Counter()
        for code in json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {}).values():
            counts[kind(code)] += 1
        if counts:
            out[module] = counts
    return out


def kind(code: int | None) -> str:
    """killed, survived, not run or skipped, from mutmut's exit code of one mutant."""
    if code is None:
        return "not run"
    status = status_by_exit_code.get(code, "suspicious")
    return "killed" if status in KILLED else "survived" if status in SURVIVED else "skipped"


def line(name: str, c: Counter) -> str:
    judged = c["killed"] + c["survived"]
    share = f"{c['killed'] / judged:6.1%}" if judged else "     —"
    left = f"，未运行 {c['not run']}" if c["not run"] else ""
    return f"{name:40} 杀死 {c['killed']:5} / {judged:5}（{share}），存活 {c['survived']}{left}"


def main(root: Path = Path("mutants")) -> int:
    found = verdicts(root)
    if not found:
        print(f"找不到变异测试结果 {root}：请先运行 make mutate。", file=sys.stderr)
        return 1
    total: Counter = Counter()
    for module, counts in found.items():
        print(line(module, counts))
        total.update(counts)
    print(line("合计", total))
    if total["not run"]:
        print(f"还有 {total['not run']} 个变异体没有运行：再次运行 make mutate 会接着运行（已有结果保留）。")
    print("存活的变异体：.venv/bin/mutmut results；查看某一个：.venv/bin/mutmut show <名称>")
    return 0


if __name__ == "__main__":
    sys.exit(main())
