"""Shared helpers: run the command line in-process and write spec files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from docgen.cli import main

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"
DATA = Path(__file__).resolve().parent / "data"

VALID_PROJECT = """\
kind: project
year: 2020
layout: henan
name: 报警视频监控系统运维
department: 安阳市公安局
unit: 安阳市公安局(视频监控管理处)
funds:
  period: {total: 510.86, fiscal: 510.86, other: 0}
  annual: {total: 510.86, fiscal: 510.86, other: 0}
overview: 对全市报警视频监控系统进行运维。
basis: 安阳市视频监控建设规划。
necessity: 保障系统正常运行。
plan: 全年分季度实施。
goals:
  period: 系统稳定运行
  annual: 系统稳定运行
indicators:
  产出指标:
    数量指标:
      - name: 运维摄像头数量
        target: ≥881个
    时效指标:
      - name: 故障修复时间
        target: ≤24小时
  成本指标:
    成本指标:
      - name: 运维费用
        target: ≤510.86万元
  效益指标:
    社会效益指标:
      - name: 社会治安防控能力
        target: 得到提升
  满意度指标:
    服务对象满意度指标:
      - name: 群众满意度
        target: ≥90%
"""


class _Entry(click.Command):
    """docgen's entry point (docgen.cli.main: language, interruption, exit status) as CliRunner runs it."""

    def main(self, args=None, prog_name=None, **extra):  # type: ignore[override]
        main(list(args or ()))


ENTRY = _Entry("docgen")


def run(*args: str):
    """Invoke docgen in-process through its entry point; returns the click Result (exit_code, output)."""
    return CliRunner().invoke(ENTRY, list(args), catch_exceptions=False)


def diagnostics(output: str) -> list[tuple[int, str, str]]:
    """(line, severity, code) of every diagnostic line in the output."""
    found = []
    for line in output.splitlines():
        parts = line.split(": ", 2)
        if len(parts) < 2 or ":" not in parts[0]:
            continue
        loc = parts[0].rsplit(":", 2)
        head = parts[1].split(" ")
        if len(loc) == 3 and loc[1].isdigit() and len(head) >= 2 and head[0] in ("error", "warning"):
            found.append((int(loc[1]), head[0], head[1]))
    return found


@pytest.fixture
def write(tmp_path: Path):
    """write(text, name='spec.yaml', encoding='utf-8') -> path of a new spec file."""

    def _write(text: str | bytes, name: str = "spec.yaml", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(textwrap.dedent(text).encode(encoding))
        return path

    return _write


# --- the pipeline, as the tests use it -----------------------------------------------------------

from docgen.catalog import Catalog  # noqa: E402
from docgen.load.yamlload import load_text  # noqa: E402
from docgen.pipeline import check_file, check_loaded  # noqa: E402


def catalog() -> Catalog:
    """The shipped templates (plus $DOCGEN_TEMPLATES), read afresh."""
    return Catalog.default()


def validate_file(path, display: str | None = None):
    """check_file with the shipped templates: .spec, .ok, .diagnostics, .errors."""
    return check_file(Path(path), catalog(), display)


def validate_text(text: str, name: str = "inline.yaml"):
    return check_loaded(load_text(text, name), catalog(), Path(name))


def validate_loaded(loaded):
    return check_loaded(loaded, catalog(), Path(loaded.file))
