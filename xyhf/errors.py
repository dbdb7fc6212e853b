"""Diagnostics: every problem the generator finds, located and explained in Chinese.

Stages never raise on bad input; they return diagnostics, and the CLI reports all of them
at once (the mkdocs / check-jsonschema habit), so a submitter fixes a file in one pass.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from collections.abc import Iterable


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY_LABEL = {Severity.ERROR: "错误", Severity.WARNING: "警告"}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding. `field` is a dotted path such as `ip.number` or `payment.milestones[0].amount_cny`."""

    file: str
    line: int
    column: int
    field: str
    message: str
    rule: str = ""
    severity: Severity = Severity.ERROR

    def as_text(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        label = SEVERITY_LABEL[self.severity]
        field_part = f"{self.field}：" if self.field else ""
        return f"{where}: {label}: {field_part}{self.message}"

    def as_github(self) -> str:
        # Workflow commands: the message must escape %, CR and LF; properties also , and :
        def esc(text: str) -> str:
            return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        def esc_prop(text: str) -> str:
            return esc(text).replace(":", "%3A").replace(",", "%2C")

        kind = "error" if self.severity is Severity.ERROR else "warning"
        title = f"{self.field or '文件'}（{self.rule}）" if self.rule else (self.field or "文件")
        return (
            f"::{kind} file={esc_prop(self.file)},line={self.line},col={self.column},title={esc_prop(title)}::{esc(self.message)}"
        )

    def as_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


@dataclass
class Report:
    """Diagnostics of one run, in a stable order."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.diagnostics), key=lambda d: (d.file, d.line, d.column, d.field, d.message))

    def render(self, fmt: str) -> str:
        items = self.sorted()
        if fmt == "json":
            return json.dumps([d.as_dict() for d in items], ensure_ascii=False, indent=2)
        if fmt == "github":
            return "\n".join(d.as_github() for d in items)
        lines = [d.as_text() for d in items]
        n_err, n_warn = len(self.errors), len(self.warnings)
        if n_err or n_warn:
            lines.append(f"共 {n_err} 个错误，{n_warn} 个警告。")
        return "\n".join(lines)


class CatalogError(Exception):
    """Raised at the CLI edge when a run must stop; carries the report that explains why."""

    def __init__(self, report: Report):
        super().__init__(f"{len(report.errors)} errors")
        self.report = report
