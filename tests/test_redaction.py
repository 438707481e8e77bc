"""依法不公开: no withheld value survives in any byte of any public output, in any layout or format."""

from __future__ import annotations

import itertools
import re
import zipfile
import zlib
from pathlib import Path

import docx
import pdfplumber
import pypdf
import pytest
import yaml

from conftest import SPECS, catalog, run, validate_text
from docgen.redact import INTERNAL_MARKER, withheld_strings
from docgen.redact import redact as _redact
from docgen.starter import starter_spec


def layouts():
    c = catalog()
    return {name: c.family(name) for name in c.family_names()}


def redact(spec):
    return _redact(spec, layouts()[spec.layout].kinds[spec.kind].scheme)

STRUCTURE = {"kind", "year", "layout", "disclosure", "withheld", "date", "weight", "score", "deviation", "goal",
             "total", "initial", "adjusted", "executed", "fiscal", "other", "special", "amount", "start", "end"}


def _plant(data, counter, path=()):
    """Every free text of the spec becomes a unique marker (泄密NNNN标记), numbers stay."""
    if isinstance(data, dict):
        return {k: (v if k in STRUCTURE else _plant(v, counter, path + (k,))) for k, v in data.items()}
    if isinstance(data, list):
        return [_plant(v, counter, path) for v in data]
    if isinstance(data, str):
        return f"泄密{next(counter):04d}标记"
    return data


AMOUNT = 6173.29  # a money amount found nowhere else


def marked_spec(layout: str, kind: str, parts) -> str:
    has_evaluation = layouts()[layout].kinds[kind].evaluation
    data = yaml.safe_load(starter_spec(kind, layouts()[layout], evaluation=has_evaluation))
    data = _plant(data, itertools.count(1))
    funds = data.get("funds")
    if funds and kind == "project":
        for block in ("period", "annual"):
            if block in funds:
                funds[block] = {"total": AMOUNT, "fiscal": AMOUNT, "other": 0}
        for rows in ("sources", "breakdown"):
            if rows in funds:
                funds[rows][0]["amount"] = AMOUNT
    data.update(kind=kind, layout=layout, disclosure="withheld", withheld=parts)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _markers(node) -> set[str]:
    if isinstance(node, dict):
        return set().union(*(_markers(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(_markers(v) for v in node)) if node else set()
    return {node} if isinstance(node, str) and node.startswith("泄密") else set()


def must_vanish(data: dict, parts) -> set[str]:
    """What each withheld part covers, written out independently of the redaction code."""
    parts = {"all"} if parts == "all" else set(parts)
    ev = data.get("evaluation") or {}
    indicators = data.get("indicators") or {}
    results = [{k: v for k, v in ind.items() if k in ("actual", "reason")}
               for groups in indicators.values() for rows in groups.values() for ind in rows]
    management = [{k: v for k, v in m.items() if k in ("note", "issues")} for m in (ev.get("management") or {}).values()]
    tasks = data.get("tasks")
    gone: set[str] = set()
    if "all" in parts:
        keep = {"department"} if data["kind"] == "department" else set()
        return _markers({k: v for k, v in data.items() if k not in keep})
    if "goals" in parts:
        gone |= _markers(data.get("goals")) | _markers(ev.get("outcome")) | _markers(data.get("functions"))
    if "indicators" in parts:
        gone |= _markers(indicators)
    if "funds" in parts:
        gone |= _markers(data.get("funds")) | _markers(data.get("budget_history"))
    if "management" in parts:
        gone |= _markers(management)
    if "evaluation" in parts:
        gone |= _markers(results) | _markers(ev.get("outcome")) | _markers(management)
        if isinstance(tasks, list):
            gone |= _markers([t.get("result") for t in tasks])
    if "tasks" in parts:
        gone |= _markers(tasks)
    return gone


def _withholds_something(layout: str, kind: str, parts) -> bool:
    """Whether the starter of ``layout``/``kind`` has anything under ``parts`` (a text, or for a
    project's funds the planted amount): only such combinations are worth a case."""
    data = yaml.safe_load(marked_spec(layout, kind, parts))
    amounts = kind == "project" and (parts == "all" or "funds" in parts) and bool(data.get("funds"))
    return bool(must_vanish(data, parts)) or amounts


CASES = []
for name, lay in sorted(layouts().items()):
    for kind, kl in lay.kinds.items():
        if kind == "package":
            continue
        parts_list = ["all", ["indicators"], ["goals"], ["funds"]]
        if kl.evaluation:
            parts_list += [["management"], ["evaluation"], ["indicators", "goals", "management"]]
        if kind == "department":
            parts_list += [["tasks"]]
        for parts in parts_list:
            if _withholds_something(name, kind, parts):
                CASES.append((name, kind, parts))


def _zip_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def _pdf_everything(path: Path) -> str:
    """Extracted text, document info, XMP, and every stream decompressed."""
    chunks = []
    with pdfplumber.open(path) as pdf:
        chunks += [(p.extract_text() or "") for p in pdf.pages]
    reader = pypdf.PdfReader(path)
    chunks.append(repr(reader.metadata))
    chunks.append(repr(reader.xmp_metadata))
    raw = path.read_bytes()
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            chunks.append(match.group(1).decode("latin-1"))
    chunks.append(raw.decode("latin-1"))
    return "\n".join(chunks)


@pytest.mark.parametrize("layout,kind,parts", CASES, ids=[f"{lay}-{k}-{'+'.join(p) if isinstance(p, list) else p}" for lay, k, p in CASES])
def test_no_withheld_marker_in_any_public_output(tmp_path, layout, kind, parts):
    text = marked_spec(layout, kind, parts)
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(text, encoding="utf-8")
    original = validate_text(text, "spec.yaml")
    assert original.spec is not None, [d.format("en") for d in original.errors]
    public = redact(original.spec)
    gone = {s for s in withheld_strings(original.spec, public) if s.startswith("泄密")}
    expected = must_vanish(yaml.safe_load(text), parts)
    assert expected <= gone, sorted(expected - gone)  # the redaction drops at least what the part covers
    gone |= expected
    kept = {s for s in withheld_strings(public, redact(public.model_copy(update={"withheld": "all"}))) if s.startswith("泄密")}
    amounts = original.spec.kind == "project" and (parts == "all" or "funds" in parts) and bool(original.spec.funds)
    assert gone or amounts  # the case list holds only combinations that withhold something
    out = tmp_path / "public"
    result = run("render", str(spec_path), "--public", "--out", str(out))
    assert result.exit_code == 0, result.output
    files = sorted(out.rglob("*.*"))
    assert files
    seen_kept: set[str] = set()
    for f in files:
        assert not any(m in f.name for m in gone), f.name
        content = _pdf_everything(f) if f.suffix == ".pdf" else _zip_text(f)
        leaked = sorted(m for m in gone if m in content)
        assert leaked == [], (f.name, leaked)
        if amounts:
            assert str(AMOUNT) not in content, f.name
        if f.suffix == ".docx":
            seen_kept |= {m for m in kept if m in content}
            assert "依法不公开" in content
            assert INTERNAL_MARKER not in content
    # what is not withheld is still published (the identity, for a table withholding a part)
    if parts != "all":
        assert seen_kept, "nothing of the spec is left in the public version"


def test_internal_version_is_marked(tmp_path):
    text = marked_spec("henan", "project", ["indicators"])
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(text, encoding="utf-8")
    out = tmp_path / "internal"
    assert run("render", str(spec_path), "--out", str(out)).exit_code == 0
    for f in out.rglob("*.docx"):
        body = "\n".join(p.text for p in docx.Document(f).paragraphs)
        assert INTERNAL_MARKER in body
    for f in out.rglob("*.pdf"):
        assert INTERNAL_MARKER in "".join(_pdf_everything(f).split())


def test_public_file_names_hide_a_withheld_name(tmp_path):
    spec = tmp_path / "某绝密工程.yaml"
    spec.write_text(marked_spec("henan", "project", "all").replace("name: 泄密", "name: 某绝密工程泄密", 1), encoding="utf-8")
    result = run("render", str(spec), "--public", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "W003" in result.output
    names = [p.name for p in (tmp_path / "out").iterdir()]
    assert names and all(re.match(r"依法不公开项目-[0-9a-f]{8}\.", n) for n in names)
    assert len({n.split(".")[0] for n in names}) == 1


SEED = SPECS / "anyang-2023"


def _docx_cells(path: Path) -> list[str]:
    table = docx.Document(path).tables[0]
    return [c.text for row in table.rows for c in row.cells]


def test_seed_convention_2_indicators_withheld(tmp_path):
    """看守所围墙倒塌抢修 (seed 001 L1407–L1442): name and money shown, indicators withheld."""
    out = tmp_path / "public"
    assert run("render", str(SEED / "看守所围墙倒塌抢修.yaml"), "--public", "--out", str(out), "--format", "docx").exit_code == 0
    cells = _docx_cells(out / "看守所围墙倒塌抢修.项目支出绩效自评情况表.docx")
    assert "看守所围墙倒塌抢修" in cells
    assert cells.count("49.55") >= 6 and "100.00%" in cells and "10.00" in cells
    assert "项目绩效表依法不公开" in cells
    assert "指标1：" in cells and "指标2：" in cells and "……" in cells
    for level2 in ("经济成本指标", "社会成本指标", "生态环境成本指标", "数量指标", "质量指标", "时效指标",
                   "经济效益指标", "社会效益指标", "生态效益指标", "服务对象满意度指标"):
        assert level2 in cells
    total = cells[cells.index("总分") + 5: cells.index("总分") + 7]
    assert total == ["100", ""]  # 总分 shows only its weight


def test_seed_convention_2_second_table(tmp_path):
    """安阳市看守所医疗社会化购买服务 (L1444–L1481): 128 / 128 / 64, 执行率 50%, 得分 5."""
    out = tmp_path / "public"
    assert run("render", str(SEED / "安阳市看守所医疗社会化购买服务.yaml"), "--public", "--out", str(out), "--format", "docx").exit_code == 0
    cells = _docx_cells(out / "安阳市看守所医疗社会化购买服务.项目支出绩效自评情况表.docx")
    assert {"128", "64", "50.00%", "5.00", "项目绩效表依法不公开"} <= set(cells)


def test_seed_convention_1_everything_withheld(tmp_path):
    """The fully withheld table (L1108–L1158): only the skeleton and the weights remain."""
    out = tmp_path / "public"
    result = run("render", str(SEED / "涉密项目.yaml"), "--public", "--out", str(out), "--format", "docx")
    assert result.exit_code == 0
    files = list(out.iterdir())
    assert len(files) == 1 and re.fullmatch(r"依法不公开项目-[0-9a-f]{8}\.项目支出绩效自评情况表\.docx", files[0].name)
    cells = _docx_cells(files[0])
    assert "本项目涉密依法不公开" in cells and "涉密项目" not in cells
    assert "安阳市公安局" not in cells
    assert cells.count("5") >= 4 and "10" in cells  # 资金管理 分值 and the 执行率 分值
    assert not any(re.fullmatch(r"\d+\.\d\d%?", c) for c in cells)  # no amount, rate or score
    assert cells.count("指标1：") == 10  # every 二级 of the 101号 scheme keeps its placeholder rows


def _docx_all(path: Path) -> str:
    return _zip_text(path)


def test_withheld_results_take_their_scores_with_them(tmp_path):
    spec = tmp_path / "见义勇为奖励.yaml"
    text = (SEED / "见义勇为奖励.yaml").read_text(encoding="utf-8")
    spec.write_text(text + "disclosure: withheld\nwithheld: [evaluation]\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run("render", str(spec), "--public", "--out", str(out), "--format", "docx").exit_code == 0
    cells = _docx_cells(out / "见义勇为奖励.项目支出绩效自评情况表.docx")
    assert "-100" not in cells and "-100.00" not in cells and "88.00" not in cells and "68.00" not in cells
    assert "50" in cells  # the money is not withheld
    total = cells[cells.index("总分") + 5: cells.index("总分") + 7]
    assert total == ["100", ""]


def test_withheld_department_results(tmp_path):
    spec = tmp_path / "部门.yaml"
    spec.write_text((SEED / "部门整体支出绩效自评.yaml").read_text(encoding="utf-8") + "disclosure: withheld\nwithheld: [evaluation]\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run("render", str(spec), "--public", "--out", str(out), "--format", "docx").exit_code == 0
    text = _docx_all(out / "部门.部门整体支出绩效自评情况表.docx")
    assert "98.13" not in text and "增人增资" not in text and "11.63%" not in text
    assert "基本按照绩效目标完成" not in text


def test_withheld_funds_keep_the_target_table(tmp_path):
    spec = tmp_path / "项目.yaml"
    data = yaml.safe_load(starter_spec("project", layouts()["henan"], evaluation=True))
    data.update(disclosure="withheld", withheld=["funds"])
    spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    assert run("render", str(spec), "--public", "--out", str(out), "--format", "docx").exit_code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["项目.项目支出绩效自评情况表.docx", "项目.项目绩效目标表.docx"]
    cells = _docx_cells(out / "项目.项目绩效目标表.docx")
    assert "项目名称" in cells and "100" not in cells


def test_a_withheld_name_leaves_no_folder_name_either(tmp_path):
    folder = tmp_path / "in" / "绝密工程甲"
    folder.mkdir(parents=True)
    (folder / "spec.yaml").write_text(marked_spec("henan", "project", "all"), encoding="utf-8")
    out = tmp_path / "out"
    assert run("render", str(tmp_path / "in"), "--public", "--out", str(out)).exit_code == 0
    paths = [str(p.relative_to(out)) for p in out.rglob("*")]
    assert paths and not any("绝密工程甲" in p or "spec" in p for p in paths)


def test_public_package_narrative_knows_no_more_than_the_tables(tmp_path):
    import shutil

    folder = tmp_path / "anyang-2023"
    shutil.copytree(SPECS / "anyang-2023", folder)
    member = folder / "见义勇为奖励.yaml"
    member.write_text(member.read_text(encoding="utf-8") + "disclosure: withheld\nwithheld: [evaluation]\n", encoding="utf-8")
    package = folder / "安阳市公安局2023年度部门决算.yaml"
    out = tmp_path / "out"
    assert run("build", str(package), "--public", "--out", str(out), "--format", "docx").exit_code == 0
    text = "\n".join(p.text for p in docx.Document(out / f"{package.stem}.docx").paragraphs)
    line = next(ln for ln in text.splitlines() if "见义勇为奖励，项目" in ln)
    assert "自评得分" not in line


def _withhold_in_package(tmp_path, withheld: str):
    import shutil

    folder = tmp_path / "anyang-2023"
    shutil.copytree(SPECS / "anyang-2023", folder)
    member = folder / "见义勇为奖励.yaml"
    member.write_text(member.read_text(encoding="utf-8") + f"disclosure: withheld\nwithheld: {withheld}\n", encoding="utf-8")
    package = folder / "安阳市公安局2023年度部门决算.yaml"
    out = tmp_path / "out"
    result = run("build", str(package), "--public", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in docx.Document(out / f"{package.stem}.docx").paragraphs)
    contents = {f.name: _pdf_everything(f) if f.suffix == ".pdf" else _zip_text(f) for f in out.iterdir()}
    return text, contents


def test_a_project_withheld_as_a_whole_appears_nowhere_in_the_public_package(tmp_path):
    """withheld: all — its amounts are not in the narrative either (the text knows no more than the
    table, which is blank), and its name is in no file."""
    text, contents = _withhold_in_package(tmp_path, "all")
    assert "见义勇为奖励" not in text and "涉密项目，项目" not in text
    count = int(re.search(r"共对 (\d+) 个项目开展绩效自评", text).group(1))
    lines = [ln for ln in text.splitlines() if re.match(r"\d+、.+，项目 2023 年预算数", ln)]
    assert len(lines) == count
    # 50.00 / 0.00 are also the amounts of two public tables (seed L605, L816): only they show them
    same = {re.match(r"\d+、(.+)，项目", ln).group(1) for ln in lines if "预算数 50.00 万元，执行数 0.00" in ln}
    assert same == {"2023 年省级平安河南建设专项资金", "安阳市治安管理信息系统运行维护费用（印章业）"}, same
    for name, content in contents.items():
        assert "见义勇为奖励" not in content, name


def test_a_withheld_name_keeps_public_amounts_in_table_and_narrative_alike(tmp_path):
    """withheld: [name] — seed 001's convention 3 (「涉密项目，项目 2023 年预算数 …」), consistent:
    the narrative calls it 涉密项目 with the amounts its public table shows."""
    text, contents = _withhold_in_package(tmp_path, "[name]")
    assert re.search(r"\d+、涉密项目，项目 2023 年预算数 50\.00 万元，执行数 0\.00 万元", text)
    assert "本项目涉密依法不公开" in contents[next(n for n in contents if n.endswith(".docx"))]
    for name, content in contents.items():
        assert "见义勇为奖励" not in content, name


def test_a_department_cannot_withhold_its_name(write):
    text = (SPECS / "jiyuan-2020" / "济源市公安局绩效目标表.yaml").read_text(encoding="utf-8")
    path = write(text + "\ndisclosure: withheld\nwithheld: [goals, name]\n")
    result = run("validate", str(path))
    assert result.exit_code == 1 and "X002" in result.output
