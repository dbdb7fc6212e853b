"""Print the mutation score of the last `mutmut run` (make mutate): the killed share, with the
counts behind it. Reads mutants/mutmut-cicd-stats.json (written by `mutmut export-cicd-stats`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(path: Path = Path("mutants/mutmut-cicd-stats.json")) -> int:
    try:
        stats = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        print(f"找不到变异测试结果 {path}：请先运行 make mutate。", file=sys.stderr)
        return 1
    # Timeouts count as killed (the mutant did not pass); mutants no test reaches count as survivors.
    killed = stats["killed"] + stats["timeout"] + stats["segfault"]
    judged = killed + stats["survived"] + stats["no_tests"] + stats["suspicious"]
    share = killed / judged if judged else 0.0
    print(
        f"变异测试：杀死 {killed} / {judged} 个变异体（{share:.1%}）；"
        f"存活 {stats['survived']}，无测试覆盖 {stats['no_tests']}，可疑 {stats['suspicious']}，跳过 {stats['skipped']}。"
    )
    print("存活的变异体：.venv/bin/mutmut results；查看某一个：.venv/bin/mutmut show <名称>")
    return 0


if __name__ == "__main__":
    sys.exit(main())
