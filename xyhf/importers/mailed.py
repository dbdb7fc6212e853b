"""The office's side of "发邮件提交": a file the web form produced, received as an e-mail attachment,
placed where its first line says (`# catalog/records/<holder>/<name>.yaml` or `# catalog/needs/<city>/
<name>.yaml`), then the whole catalog checked; on any error nothing stays written. The maintainer then
commits it on a branch and opens the pull request as usual (guide: 工作站与办公室：把邮件里的文件转为提交)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from xyhf.errors import Report
from xyhf.importers.commit import discard, write_then_check
from xyhf.pipeline import check_catalog
from xyhf.source.discover import valid_name

FIRST_LINE = re.compile(r"#\s*catalog/(records|needs)/([^/\s]+)/([^/\s]+)\.yaml\s*")


def target_of(text: str, slug: str | None = None, to: str | None = None) -> tuple[str | None, str]:
    """(catalog-relative path, "") or (None, why not) from the form's first line (or `to`, checked alike)."""
    first = f"# catalog/{to}" if to else text.lstrip("\ufeff").split("\n", 1)[0].strip()
    m = FIRST_LINE.fullmatch(first)
    if not m:
        return None, (
            "文件第一行不是网页表单写的保存位置（形如 # catalog/records/<持有方编号>/<文件名>.yaml）："
            "请确认附件是成果库网页表单下载的文件，或用 --to 指定保存位置。"
        )
    kind, folder, name = m.group(1), m.group(2), slug or m.group(3)
    folder_ok = valid_name(folder) if kind == "records" else re.fullmatch(r"43[0-9]{4}", folder) is not None
    if not folder_ok:
        return None, f"保存位置中的“{folder}”不是有效的{'持有方编号' if kind == 'records' else '市州代码'}。"
    if not valid_name(name):
        return None, f"文件名“{name}”不可用：只能用小写英文字母、数字和连字符，2–64 个字符（可用 --slug 另取）。"
    return f"{kind}/{folder}/{name}.yaml", ""


def receive(path: Path, root: Path, today: dt.date, slug: str | None = None, to: str | None = None) -> tuple[int, str]:
    """(exit code, message in Chinese). A new file is written only if the catalog still checks; an
    edit of an existing record (the file carries its code) replaces the old file the same way."""
    text = path.read_bytes().decode("utf-8-sig", errors="strict").replace("\r\n", "\n")
    rel, why = target_of(text, slug, to)
    if rel is None:
        return 1, why
    kind, folder = rel.split("/")[:2]
    if kind == "records" and not (root / "holders" / f"{folder}.yaml").is_file():
        return 1, f"成果库中没有持有方 {folder}：请先为该单位建立持有方文件（catalog/holders/{folder}.yaml）。"
    target = root / rel
    if target.exists():
        if not re.search(r"(?m)^code:", text):
            return 1, f"catalog/{rel} 已存在：这是一项新的提交，请用 --slug 另取文件名。"
        return _replace(target, text, root, today, rel)
    written, report = write_then_check(root, {rel: text}, today)
    if report is not None:
        return 1, _failed(rel, report)
    return 0, _next_steps(rel, written)


def _replace(target: Path, text: str, root: Path, today: dt.date, rel: str) -> tuple[int, str]:
    original = target.read_bytes()
    target.write_text(text, encoding="utf-8", newline="\n")
    report, _ = check_catalog(root, today)
    if not report.ok:
        target.write_bytes(original)
        return 1, _failed(rel, report)
    return 0, _next_steps(rel, [target])


def _failed(rel: str, report: Report) -> str:
    return (
        f"catalog/{rel} 未写入：成果库检查发现以下问题。请回复提交人的邮件，说明要改的地方（可附上下面的说明）。\n"
        + report.render("text")
    )


def _next_steps(rel: str, written: list[Path]) -> str:
    branch = "submit/" + rel.removesuffix(".yaml").replace("/", "-")
    return (
        f"已写入 catalog/{rel}，成果库检查通过。下一步（在仓库目录中）：\n"
        f"  git switch -c {branch}\n"
        f"  git add catalog/{rel}\n"
        f'  git commit -m "邮件提交：{rel}"\n'
        f"  git push -u origin {branch}\n"
        "然后在 GitHub 上为该分支开拉取请求；合并后主分支自动签发统一编码。回复提交人：已收到，进入审核。"
    )


__all__ = ["discard", "receive", "target_of"]
