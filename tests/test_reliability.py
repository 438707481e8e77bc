"""What a careless or hostile user can do, and what docgen answers: a clear line at the right
place with the right exit status, never a traceback, an internal error or a file read or written
where it should not be."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SPECS, VALID_PROJECT, diagnostics, run

LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning) (?P<code>[A-Z]\d{3}) \S")


# --- a small package ------------------------------------------------------------------------------

PACKAGE = """\
kind: package
year: 2020
layout: henan
name: 安阳市公安局
title: 2020 年度部门预算
projects: [{projects}]
narratives:
  - {{title: 情况说明, template: {template}}}
{extra}"""


def package(folder: Path, projects: str = "p.yaml", template: str = "说明.md.j2", text: str = "# 说明\n\n{{ year }} 年。\n",
            extra: str = "") -> Path:
    """A package of one project and one narrative in ``folder``; returns the package file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "p.yaml").write_text(VALID_PROJECT, encoding="utf-8")
    if text is not None:
        (folder / "说明.md.j2").write_text(text, encoding="utf-8")
    path = folder / "公开材料.yaml"
    path.write_text(PACKAGE.format(projects=projects, template=template, extra=extra), encoding="utf-8")
    return path


def one_line_each(output: str) -> None:
    """Every line of docgen's output that is not a summary is one well-formed diagnostic."""
    for line in output.splitlines():
        if ": error " in line or ": warning " in line:
            assert LINE.match(line), line
    assert "Traceback" not in output and "Z001" not in output


def test_a_small_package_is_valid(tmp_path):
    result = run("validate", str(package(tmp_path / "pkg")))
    assert result.exit_code == 0, result.output


# --- a package stays in its folder -------------------------------------------------------------

@pytest.fixture
def outside(tmp_path):
    """A spec, a table and a template outside the package's folder."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "q.yaml").write_text(VALID_PROJECT.replace("报警视频监控系统运维", "外面的项目"), encoding="utf-8")
    (elsewhere / "secret.md.j2").write_text("机密内容 SECRET-7731\n", encoding="utf-8")
    (elsewhere / "公开01.csv").write_text("栏,行次,项目,金额\n收入,1,一般公共预算财政拨款收入,1.00\n", encoding="utf-8")
    return elsewhere


@pytest.mark.parametrize("projects", ["../elsewhere/q.yaml", "'{abs}/q.yaml'", "'../elsewhere/*.yaml'", "link.yaml", "'link/*.yaml'"])
def test_member_specs_outside_the_folder_are_refused(tmp_path, outside, projects):
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "link.yaml").symlink_to(outside / "q.yaml")
    (folder / "link").symlink_to(outside, target_is_directory=True)
    path = package(folder, projects=f"p.yaml, {projects.format(abs=outside)}")
    result = run("validate", str(path))
    assert result.exit_code == 1, result.output
    assert (6, "error", "G006") in diagnostics(result.output)
    assert "外面的项目" not in result.output
    out = tmp_path / "out"
    assert run("build", str(path), "--out", str(out)).exit_code == 1 and not out.exists()


def test_a_table_outside_the_folder_is_refused_and_not_read(tmp_path, outside):
    folder = tmp_path / "pkg"
    for name, extra in [("absolute", f"financial: {{公开01: '{outside}/公开01.csv'}}\n"),
                        ("relative", "financial: {公开01: ../../elsewhere/公开01.csv}\n")]:
        path = package(folder / name, extra=extra)
        result = run("validate", str(path))
        assert (9, "error", "G006") in diagnostics(result.output), result.output
        assert "B0" not in result.output  # the file was not read, so not checked
    link = folder / "linked"
    path = package(link, extra="financial: {公开01: 公开01.csv}\n")
    (link / "公开01.csv").symlink_to(outside / "公开01.csv")
    assert (9, "error", "G006") in diagnostics(run("validate", str(path)).output)


def test_a_template_linked_from_outside_is_not_printed(tmp_path, outside):
    folder = tmp_path / "pkg"
    path = package(folder, template="linked.md.j2")
    (folder / "linked.md.j2").symlink_to(outside / "secret.md.j2")
    result = run("validate", str(path))
    assert result.exit_code == 1 and "G006" in result.output and "SECRET-7731" not in result.output
    out = tmp_path / "out"
    assert run("build", str(path), "--out", str(out)).exit_code == 1 and not out.exists()
    # nor through an include, nor through “..”
    result = run("validate", str(package(folder, text="# 说明\n\n{% include 'linked.md.j2' %}\n")))
    assert "G006" in result.output and "SECRET-7731" not in result.output
    result = run("validate", str(package(folder, template="../elsewhere/secret.md.j2")))
    assert "G020" in result.output and "SECRET-7731" not in result.output


def test_a_shared_folder_may_be_named(tmp_path, outside):
    folder = tmp_path / "pkg"
    path = package(folder, projects="p.yaml, ../elsewhere/q.yaml", template="secret.md.j2", extra="shared: ../elsewhere\n")
    result = run("build", str(path), "--out", str(tmp_path / "out"), "--format", "docx")
    assert result.exit_code == 0, result.output
    import docx

    text = "\n".join(p.text for p in docx.Document(tmp_path / "out" / "公开材料.docx").paragraphs)
    assert "SECRET-7731" in text
    missing = package(tmp_path / "pkg2", extra="shared: ../nowhere\n")
    result = run("validate", str(missing))
    assert (9, "error", "G006") in diagnostics(result.output) and "共享文件夹" in result.output


# --- narrative templates: limits -----------------------------------------------------------------

@pytest.mark.parametrize("body,words", [
    ("{{ 'x' * 10**9 }}", "超过 200000 个字符"),
    ("{{ 'x' * 1000000000 }}", "超过 200000 个字符"),  # a constant: Jinja2 would compute it when compiling
    ("{{ 2 ** 1000000000 }}", "乘方指数超过 100"),
    ("{% for i in range(90000) %}{% for j in range(90000) %}{% endfor %}{% endfor %}", "range() 循环合计超过"),
    ("{{ 'x'|center(1000000000) }}", "宽度超过"),
    ("{{ 'x'.ljust(1000000000) }}", "宽度超过"),
    ("{{ '{:>999999999}'.format(1) }}", "宽度超过"),
    ("{{ '%999999999d' % 1 }}", "宽度超过"),
    ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "超过 200000 个字符"),
    ("{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% endif %}{% endmacro %}{{ f('x', 60) }}", "超过 200000 个字符"),
    ("{% set ns = namespace(l=[1]) %}{% for i in range(60) %}{{ ns.l.extend(ns.l) }}{% endfor %}", "超过 200000 个字符"),
    ("{{ ('x' * 100000)|replace('', 'yyyyyyyyyy') }}", "超过 200000 个字符"),
    ("{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}", "输出超过 500000 个字符"),
])
def test_template_work_is_limited_and_reported_at_its_line(tmp_path, body, words):
    path = package(tmp_path / "pkg", text=f"# 说明\n\n{{{{ year }}}} 年。\n{body}\n")
    started = time.monotonic()
    result = run("validate", str(path))
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    found = [line for line in result.output.splitlines() if "G021" in line]
    assert found and re.match(r".*说明\.md\.j2:4:1: error G021 ", found[0]), result.output
    assert words in found[0]


def test_a_template_that_runs_too_long_is_stopped(tmp_path, monkeypatch):
    import docgen.sandbox

    monkeypatch.setattr(docgen.sandbox, "MAX_SECONDS", 1)
    body = "{% set l = range(100000)|list %}{% for a in l %}{% for b in l %}{% endfor %}{% endfor %}"
    path = package(tmp_path / "pkg", text=f"# 说明\n\n{body}\n")
    started = time.monotonic()
    result = run("validate", str(path))
    assert time.monotonic() - started < 10
    assert "G021" in result.output and "运行超过 1 秒" in result.output


def test_ordinary_template_work_is_not_limited(tmp_path):
    body = ("{% for i in range(300) %}{% for j in range(300) %}{% endfor %}{% endfor %}"
            "{{ [1, 2, 3]|join('、') }} {{ '{:>5}'.format(1) }} {{ 2 ** 10 }} {{ '-' * 20 }}")
    path = package(tmp_path / "pkg", text=f"# 说明\n\n{body}\n")
    result = run("build", str(path), "--out", str(tmp_path / "out"), "--format", "docx")
    assert result.exit_code == 0, result.output
    import docx

    text = "\n".join(p.text for p in docx.Document(tmp_path / "out" / "公开材料.docx").paragraphs)
    assert "1、2、3     1 1024 " + "-" * 20 in text


def test_validate_reports_a_missing_or_broken_template(tmp_path):
    assert "G020" in run("validate", str(package(tmp_path / "a", template="没有这个.md.j2"))).output
    result = run("validate", str(package(tmp_path / "b", text="# 说明\n\n{% for x in %}\n")))
    assert (3, "error", "G020") in [(line, s, c) for line, s, c in diagnostics(result.output)], result.output


# --- CSV tables ----------------------------------------------------------------------------------

def test_an_enormous_table_file_is_refused_in_chinese(tmp_path):
    path = package(tmp_path / "pkg", extra="financial: {公开01: 公开01.csv}\n")
    with (tmp_path / "pkg" / "公开01.csv").open("w", encoding="utf-8") as fh:
        fh.write("栏,行次,项目,金额\n")
        fh.write(("收入,1,一般公共预算财政拨款收入," + "9" * 1000 + "\n") * 6000)
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert re.search(r"公开01\.csv:1:1: error B012 这个表格文件有 \d+\.\d MB，超过了财务报表的上限 5 MB", result.output), result.output


def test_a_cell_with_a_line_break_keeps_the_line_numbers_right(tmp_path):
    import shutil

    folder = tmp_path / "anyang-2023"
    shutil.copytree(SPECS / "anyang-2023", folder)
    csv = folder / "决算" / "公开01.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    header, first = lines[0], lines[1].split(",")
    first[2] = f'"{first[2]}\n（续）"'  # Excel's Alt+Enter inside a cell
    lines[1] = ",".join(first)
    target = 4  # a physical line after the broken cell
    cells = lines[target - 2].split(",")
    cells[-1] = "abc"
    lines[target - 2] = ",".join(cells)
    csv.write_text("\n".join([header, *lines[1:]]) + "\n", encoding="utf-8")
    result = run("validate", str(folder / "安阳市公安局2023年度部门决算.yaml"))
    assert any(line == target and code.startswith("B") for line, _, code in diagnostics(result.output)), result.output


# --- names that are too long --------------------------------------------------------------------

def test_paths_too_long_for_the_file_system_are_diagnostics(tmp_path):
    long = "很长的名称" * 60 + ".csv"
    path = package(tmp_path / "pkg", projects=f"p.yaml, {'项' * 300}.yaml", extra=f"financial: {{公开01: {long}}}\n")
    result = run("validate", str(path))
    one_line_each(result.output)
    assert result.exit_code == 1
    assert "名称太长" in result.output and (9, "error", "G001") in diagnostics(result.output)
    result = run("validate", str(tmp_path / ("规格" * 100 + ".yaml")))
    one_line_each(result.output)
    assert result.exit_code in (1, 2) and "L001" in result.output


# --- the command line speaks the user's language -------------------------------------------------

def test_click_messages_are_chinese_by_default_and_english_on_request():
    result = run("validate")
    assert result.exit_code == 2
    assert "用法：" in result.output and "缺少参数" in result.output and "Usage" not in result.output
    result = run("rendr", "x")
    assert "没有命令 'rendr'" in result.output and "是否想写 'render'" in result.output
    result = run("--lang", "en", "rendr", "x")
    assert "No such command 'rendr'" in result.output
    result = run("render", "--formats", "docx", "x")
    assert "没有选项 '--formats'" in result.output


def test_help_follows_the_language():
    zh = run("render", "--help").output
    en = run("--lang", "en", "render", "--help").output
    assert "用法：" in zh and "输出格式" in zh
    assert "Usage:" in en and "Output formats" in en and "输出格式" not in en
    assert "输出格式" in run("render", "--help").output  # a Chinese run after an English one is Chinese again
    assert run("schema", "--lang", "en").exit_code == 0


def test_ctrl_c_exits_130_and_says_so(write, monkeypatch):
    import docgen.pipeline as p

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(p, "check_file", interrupted)
    result = run("validate", str(write(VALID_PROJECT)))
    assert result.exit_code == 130 and "已中断" in result.output and "Traceback" not in result.output


def test_ctrl_c_during_a_parallel_build_stops_every_worker_and_leaves_nothing(tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen([sys.executable, "-m", "docgen", "build", str(SPECS / "anyang-2023" / "安阳市公安局2023年度部门决算.yaml"),
                                "--out", str(out), "--jobs", "3"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    children: list[int] = []
    while time.monotonic() < deadline and not children:  # wait for the workers to start
        children = _children(process.pid)
        time.sleep(0.05)
    assert children, "the build started no worker"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err.decode()
    assert "已中断" in err.decode() and "Traceback" not in err.decode(), err.decode()
    time.sleep(0.5)
    assert not [pid for pid in children if Path(f"/proc/{pid}").exists() and _state(pid) != "Z"]
    leftovers = list(out.glob("*")) if out.exists() else []
    assert not [p for p in leftovers if p.name.startswith(".docgen-")]
    assert len(leftovers) in (0, 3)  # all or none


def test_ctrl_c_while_docgen_is_starting_is_quiet(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen([sys.executable, "-m", "docgen", "validate", str(SPECS)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env)
    time.sleep(0.15)  # Python is still importing docgen
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    # 130 once docgen's handler is installed; on a loaded machine the signal may come while the
    # interpreter itself is starting, before Python handles SIGINT: then the process ends by the
    # signal (-2, which a shell also shows as 130). Either way: quiet, no traceback.
    assert process.returncode in (130, -signal.SIGINT), (process.returncode, err.decode())
    assert "Traceback" not in err.decode(), err.decode()


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return "gone"


# --- what users type ------------------------------------------------------------------------------

def _render(spec: Path, out: Path, *extra: str):
    result = run("render", str(spec), "--out", str(out), *extra)
    one_line_each(result.output)
    return result


def test_control_characters_in_a_name_are_removed_with_a_warning_and_every_format_is_written(write, tmp_path):
    import docx

    spec = write(VALID_PROJECT.replace("name: 报警视频监控系统运维", 'name: "报警\\x01视频\\u007f监控\\ufffe系统\\uffff运维\\0"'))
    result = _render(spec, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert [(line, code) for line, _, code in diagnostics(result.output)] == [(4, "L013")] * 5
    files = sorted(p.suffix for p in (tmp_path / "out").iterdir())
    assert files == [".docx", ".pdf", ".xlsx"]
    document = docx.Document(next((tmp_path / "out").glob("*.docx")))
    assert "报警视频监控系统运维" in "".join(c.text for t in document.tables for r in t.rows for c in r.cells)


def test_control_characters_in_a_package_name_are_no_internal_error(tmp_path):
    path = package(tmp_path / "pkg")
    path.write_text(path.read_text(encoding="utf-8").replace("name: 安阳市公安局", 'name: "安阳市\\x01公安局\\x7f"'), encoding="utf-8")
    result = run("build", str(path), "--out", str(tmp_path / "out"))
    one_line_each(result.output)
    assert result.exit_code == 0 and "L013" in result.output
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".docx", ".pdf", ".xlsx"]


def test_a_very_long_project_name_is_written_whole_in_the_table(write, tmp_path):
    import docx

    name = "报警视频监控系统运维" * 26  # 260 characters: Word's document title holds 255
    result = _render(write(VALID_PROJECT.replace("name: 报警视频监控系统运维", f"name: {name}")), tmp_path / "out")
    assert result.exit_code == 0, result.output
    document = docx.Document(next((tmp_path / "out").glob("*.docx")))
    assert name in [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert len(document.core_properties.title) <= 255


@pytest.mark.parametrize("where", ["key", "value"])
def test_a_newline_in_a_key_or_value_cannot_forge_a_diagnostic_line(write, where):
    forged = "evil.yaml:1:1: error X999 forged"
    text = VALID_PROJECT + f'"evil\\n{forged}": 1\n' if where == "key" else \
        VALID_PROJECT.replace("layout: henan", f'layout: "hen\\n{forged}"')
    result = run("validate", str(write(text)))
    assert result.exit_code == 1
    assert not any(line.startswith("evil.yaml") for line in result.output.splitlines())
    one_line_each(result.output)


def test_a_long_chinese_file_name_is_written_and_one_too_long_is_shortened(tmp_path):
    specs = tmp_path / "specs"
    specs.mkdir()
    fits = specs / ("报警视频监控系统运维项目" * 6 + ".yaml")  # 66 characters: 198 bytes, with the table name 231
    fits.write_text(VALID_PROJECT, encoding="utf-8")
    result = _render(fits, tmp_path / "out")
    assert result.exit_code == 0 and "W007" not in result.output
    assert len(list((tmp_path / "out").iterdir())) == 3
    too_long = specs / ("规" * 80 + ".yaml")
    too_long.write_text(VALID_PROJECT, encoding="utf-8")
    result = _render(too_long, tmp_path / "out2")
    assert result.exit_code == 0 and "W007" in result.output
    names = sorted(p.name for p in (tmp_path / "out2").iterdir())
    assert len(names) == 3 and all(len(n.encode()) <= 255 and ".项目绩效目标表." in n for n in names)
    assert len({n.rsplit(".", 1)[0] for n in names}) == 1  # one name, three formats


def test_two_public_renders_into_one_folder_keep_both_projects(tmp_path):
    specs = tmp_path / "specs"
    specs.mkdir()
    secret = (SPECS / "anyang-2023" / "涉密项目.yaml").read_text(encoding="utf-8")
    (specs / "甲.yaml").write_text(secret, encoding="utf-8")
    (specs / "乙.yaml").write_text(secret.replace("name: 涉密项目", "name: 另一个涉密项目"), encoding="utf-8")
    out = tmp_path / "public"
    for name in ("甲.yaml", "乙.yaml"):  # two separate runs into one folder
        assert _render(specs / name, out, "--public", "--format", "docx").exit_code == 0
    first = sorted(p.name for p in out.iterdir())
    assert len(first) == 2 and all(n.startswith("依法不公开项目-") for n in first)
    # the same spec gets the same name, whatever else is rendered with it
    again = tmp_path / "again"
    assert _render(specs, again, "--public", "--format", "docx").exit_code == 0
    assert sorted(p.name for p in again.iterdir()) == first


def test_out_naming_a_file_is_a_clear_error(write, tmp_path):
    blocker = tmp_path / "out.docx"
    blocker.write_text("mine")
    result = _render(write(VALID_PROJECT), blocker)
    assert result.exit_code == 2 and "W004" in result.output and "应当是文件夹" in result.output
    assert blocker.read_text() == "mine"


def test_a_full_disk_leaves_the_earlier_files_as_they_were_and_names_the_file(write, tmp_path, monkeypatch):
    import errno
    import tempfile

    import docgen.render.output as output

    spec = write(VALID_PROJECT)
    out = tmp_path / "out"
    assert _render(spec, out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    spec.write_text(VALID_PROJECT.replace("系统稳定运行", "系统全年稳定运行"), encoding="utf-8")
    calls = []
    real = tempfile.mkstemp

    def full(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(output.tempfile, "mkstemp", full)
    result = _render(spec, out)
    assert result.exit_code == 2
    line = next(ln for ln in result.output.splitlines() if "W004" in ln)
    assert re.match(r".*\.(docx|xlsx|pdf):1:1: error W004 .*磁盘已满", line), line
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # all three as they were, no temporaries


def test_temporaries_left_by_a_killed_run_are_removed(write, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".docgen-abc123.part"
    stale.write_bytes(b"half a file")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = out / ".docgen-def456.part"  # another run may be writing it right now
    fresh.write_bytes(b"in progress")
    assert _render(write(VALID_PROJECT), out).exit_code == 0
    assert not stale.exists() and fresh.exists()


def test_font_notices_are_diagnostics(write, tmp_path, monkeypatch):
    monkeypatch.setenv("DOCGEN_PDF_FONT", str(tmp_path / "no-such-font.ttf"))
    spec = write(VALID_PROJECT.replace("name: 报警视频监控系统运维", "name: 𠀀𪚥报警视频监控系统运维"))
    result = _render(spec, tmp_path / "out", "--format", "pdf")
    assert result.exit_code == 0
    codes = {code for _, _, code in diagnostics(result.output)}
    assert {"W005", "W006"} <= codes


@pytest.mark.parametrize("old,new,line,code,words", [
    ("target: ≥881个", "target：≥881个", 21, "L004", "全角冒号“：”"),
    ("target: ≥881个", "target: *10个", 21, "L004", '"*10个"'),
    ("overview: 对全市报警视频监控系统进行运维。", "overview: 对全市报警\x0b视频监控\x07系统进行运维。", 10, "L013", "Word"),
    ("name: 运维摄像头数量", "name: 运维摄像头\t数量", 20, "L013", "制表符"),
    ("name: 运维摄像头数量", "name: 运维摄像头数量\u3000", 20, "L013", "全角空格"),
    ("target: 得到提升", "target: ≥ 95 ％", 32, "V014", "请写作“≥95%”"),
    ("name: 运维摄像头数量", "name: 运维\u202e摄像头数量", 20, "L014", ""),
    # value forms seen in published tables of other provinces
    ("target: ≥881个", "target: ≥abc个", 21, "V015", "写了符号“≥”，后面却没有数字"),
    ("target: ≤510.86万元", "target: 28.8万元%", 28, "V016", "两个单位（万元 和 %）"),
    ("target: ≤24小时", 'target: "=44,561"', 24, "V017", "44561 即 2021年12月31日"),
    ("target: ≥90%", "target: ﹦90%", 36, "V014", "请写作“=90%”"),
])
def test_the_mistakes_clerks_make_are_named_at_their_line(write, old, new, line, code, words):
    result = run("validate", str(write(VALID_PROJECT.replace(old, new))))
    one_line_each(result.output)
    found = [ln for ln in result.output.splitlines() if f" {code} " in ln]
    assert found and f":{line}:" in found[0] and words in found[0], result.output


# --- fuzzing: load → validate → render -------------------------------------------------------------

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

NASTY = ["\x00", "\x01", "\x07", "\x0b", "\x7f", "\ufffe", "\uffff", "\u200b", "\u202e", "\u3000", "\t", "\r", "\n", "\n  ",
         "：", "*", "&a", "!!str ", "%", "@", "`", "'", '"', "{", "}", "[", "]", "#", "- ", ": ", "\\", "\\x01", "\\u0000",
         "≥", "≤", "％", "万元", "个", "-1", "1e999", "0.005", "NaN", ".inf", "~", "null", "yes", "2023-01-01",
         "𠀀", "😀", "报警" * 130, "evil.yaml:1:1: error X999 forged"]
SPECS_TO_MUTATE = [VALID_PROJECT, (SPECS / "anyang-2023" / "见义勇为奖励.yaml").read_text(encoding="utf-8"),
                   (SPECS / "jiyuan-2020" / "济源市公安局绩效目标表.yaml").read_text(encoding="utf-8")]


@st.composite
def mutated_spec(draw):
    text = draw(st.sampled_from(SPECS_TO_MUTATE))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 3))
        text = text[:at] + draw(st.sampled_from(NASTY)) + text[at + cut:]
    return text


@seed(20261202)
@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_spec())
def test_fuzz_load_validate_render_never_fails_inside(tmp_path_factory, text):
    """Whatever a spec holds, docgen answers with well-formed one-line diagnostics, and a spec that
    passes is rendered in all three formats without an internal error."""
    from conftest import catalog
    from docgen.load.yamlload import load_text
    from docgen.pipeline import check_loaded, render_file, spec_documents

    checked = check_loaded(load_text(text, "fuzz.yaml"), catalog(), Path("fuzz.yaml"))
    for d in checked.diagnostics:
        for lang in ("zh_CN", "en"):
            line = d.format(lang)
            assert "\n" not in line and "\r" not in line, line
            assert LINE.match(line), line
            assert "Z001" not in line
    if checked.ok:
        for document in spec_documents(checked, "fuzz"):
            for fmt in ("docx", "xlsx", "pdf"):
                output = render_file(document, fmt, Path(f"fuzz.{fmt}"))
                assert output.data[:2] in (b"PK", b"%P")
                for d in output.diagnostics():
                    assert LINE.match(d.format("zh_CN"))
