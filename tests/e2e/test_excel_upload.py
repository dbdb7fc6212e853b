"""Excel in the browser (提交指南): the filled template is read in Chromium, every row checked with the
same rules as `xyhf import-xlsx`, problems reported by sheet, row and column in Chinese, nothing
produced while any row is wrong; a good workbook gives one zip whose YAML files `xyhf check` passes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from e2e_support import browser, check_written, served_site  # noqa: F401 - fixtures
from xyhf.importers.xlsx import MILESTONE_COLS, RECORD_COLS, render_template

pytestmark = pytest.mark.browser
ROW = {
    "文件名": "qingzhu-junji",
    "成果名称": "一种秸秆青贮饲料发酵菌剂",
    "类型": "专利",
    "登记/授权号": "ZL201710601862.3",
    "专利类型": "发明专利",
    "申请日": "2017-08-01",
    "授权/登记日": "2020-03-10",
    "技术成熟度": "6",
    "简要说明": "本发明公开了一种秸秆青贮饲料发酵菌剂，发酵周期缩短三分之一。",
    "应用领域与市场前景": "肉牛、奶牛养殖场的青贮饲料制作。",
    "技术优势": "发酵周期缩短约 30%。",
    "关键词": "秸秆、饲料、青贮",
    "IPC 分类号": "A23K 10/12",
    "转化方式": "许可",
    "许可类型": "开放许可",
    "转化地域": "湖南省",
    "支付模式": "里程碑节点支付",
    "状态": "可转化",
    "入库日期": "2026-11-20",
}
MILESTONE = {
    "文件名": "qingzhu-junji",
    "里程碑节点": "技术验证通过",
    "支付条件": "中试验证通过",
    "支付金额（元）": 50000,
    "支付期限": "节点达成后 30 日内",
}


def workbook(path: Path, rows: list[dict], milestones: list[dict]) -> Path:
    from openpyxl import load_workbook

    path.write_bytes(render_template())
    wb = load_workbook(path)
    for sheet, cols, data in (("成果", RECORD_COLS, rows), ("里程碑节点", MILESTONE_COLS, milestones)):
        index = {c.header: i + 1 for i, c in enumerate(cols)}
        for r, row in enumerate(data, start=2):
            for header, value in row.items():
                wb[sheet].cell(row=r, column=index[header], value=value)
    wb.save(path)
    return path


def upload(page, base: str, path: Path) -> None:
    page.goto(base + "guide/")
    page.select_option("#xyhf-excel-holder", "xjlg")
    page.set_input_files("#xyhf-excel-file", str(path))
    page.wait_for_function(
        "!document.querySelector('[data-xyhf-excel-status]').textContent.includes('正在读取') && document.querySelector('[data-xyhf-excel-status]').textContent.length > 0"
    )


def test_bad_rows_are_located_and_nothing_is_produced(browser, served_site, tmp_path):  # noqa: F811
    _, base = served_site
    bad = {**ROW, "文件名": "Bad Name", "技术成熟度": "3", "登记/授权号": "ZL201710601862.4", "简要说明": None}
    bad.update({"转化方式": None, "许可类型": None, "转化地域": None})  # a whole group left empty
    path = workbook(tmp_path / "bad.xlsx", [ROW, bad], [MILESTONE, {**MILESTONE, "文件名": "nowhere"}])
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    upload(page, base, path)
    problems = page.inner_text("[data-xyhf-excel-problems]")
    assert "工作表“成果”第 3 行“技术成熟度”列：“3”不是可选值" in problems
    assert "工作表“成果”第 3 行“文件名”列：文件名只能用小写英文字母" in problems
    assert "工作表“成果”第 3 行“简要说明”列：请填写“简要说明”" in problems
    assert "工作表“成果”第 3 行“登记/授权号”列：专利号校验位错误" in problems
    assert "工作表“里程碑节点”第 3 行“文件名”列：文件名“nowhere”在“成果”表中没有对应的行" in problems
    assert "入库要求 TRL 4 及以上" in problems  # the minimum and why, not only "not a choice"
    assert "工作表“成果”第 3 行“转化方式”列：请填写" in problems  # a group's message under its own column
    lines = problems.splitlines()
    assert len(lines) == len(set(lines)), "no message twice"
    under_name = [line for line in lines if "“文件名”列：" in line]
    assert all("文件名" in line.split("列：", 1)[1] for line in under_name), under_name
    assert not page.is_visible("[data-xyhf-excel-zip]")
    page.close()


def test_a_good_workbook_gives_a_zip_the_checker_passes(browser, served_site, tmp_path):  # noqa: F811
    _, base = served_site
    second = {**ROW, "文件名": "siliao-tianjiaji", "成果名称": "一种青贮饲料添加剂", "登记/授权号": None, "类型": "技术秘密"}
    second.update(
        {
            "专利类型": None,
            "申请日": None,
            "授权/登记日": None,
            "IPC 分类号": None,
            "评估机构": "湖南示例评估中心",
            "评估报告编号": "PG-2026-001",
            "评估日期": "2026-05-01",
        }
    )
    path = workbook(tmp_path / "good.xlsx", [ROW, second], [MILESTONE, {**MILESTONE, "文件名": "siliao-tianjiaji"}])
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    upload(page, base, path)
    assert "全部 2 项成果检查通过" in page.inner_text("[data-xyhf-excel-status]"), page.inner_text("[data-xyhf-excel-problems]")
    with page.expect_download() as download:
        page.click("[data-xyhf-excel-zip]")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert sorted(archive.namelist()) == ["records/xjlg/qingzhu-junji.yaml", "records/xjlg/siliao-tianjiaji.yaml"]
    files = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    report = check_written(tmp_path, files)
    assert report.ok, report.render("text")
    text = files["records/xjlg/qingzhu-junji.yaml"]
    assert '- "秸秆"' in text and '- "青贮"' in text and "湘江理工大学" in text  # split keywords, owner from the holder
    context.close()
