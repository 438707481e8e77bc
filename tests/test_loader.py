"""The loader: encodings, positions, and the YAML traps that must never change an author's text."""

from __future__ import annotations

from decimal import Decimal

from conftest import VALID_PROJECT, diagnostics, run, validate_file
from docgen.load.yamlload import load_file, load_text


def test_positions_of_keys_and_values_are_recorded():
    loaded = load_text("a: 1\nb:\n  - x\n  - {c: 2}\n", "f")
    assert loaded.keys[("b",)].line == 2 and loaded.keys[("b",)].col == 1
    assert loaded.values[("b", 1, "c")].line == 4 and loaded.values[("b", 1, "c")].col == 9
    assert loaded.keys[("b", 1, "c")].col == 6


def test_yaml_11_traps_keep_the_authors_text():
    loaded = load_text("a: yes\nb: no\nc: on\nd: off\ne: 010\nf: 1e3\ng: 2020-01-01\nh: 0x1F\ni: 12:30\nj: ~\nk:\n", "f")
    assert loaded.data == {"a": "yes", "b": "no", "c": "on", "d": "off", "e": "010", "f": "1e3",
                           "g": "2020-01-01", "h": "0x1F", "i": "12:30", "j": None, "k": None}


def test_yaml_11_words_survive_into_the_model(write):
    path = write(VALID_PROJECT.replace("name: 报警视频监控系统运维", "name: yes").replace("unit: 安阳市公安局(视频监控管理处)", "unit: 安阳市公安局\ncode: 010"))
    result = validate_file(path)
    assert result.spec is not None
    assert result.spec.name == "yes" and result.spec.code == "010"


def test_utf8_bom_is_read_without_warning(write):
    path = write(b"\xef\xbb\xbf" + VALID_PROJECT.encode("utf-8"))
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert diagnostics(result.output) == []


def test_gbk_file_is_decoded_correctly_with_a_warning(write):
    path = write(VALID_PROJECT, encoding="gbk")
    result = validate_file(path)
    assert [d.code for d in result.diagnostics] == ["L002"]
    assert result.spec.name == "报警视频监控系统运维"
    assert result.spec.department == "安阳市公安局"
    cli = run("validate", str(path))
    assert cli.exit_code == 0
    assert "GBK" in cli.output and "UTF-8" in cli.output


def test_gb18030_only_characters(write):
    # 䶮 is outside GBK but inside GB18030, as Windows editors may write it
    path = write(VALID_PROJECT.replace("报警视频监控系统运维", "䶮报警运维"), encoding="gb18030")
    result = validate_file(path)
    assert result.spec is not None and result.spec.name == "䶮报警运维"


def test_utf16_with_bom_is_read_with_a_warning(write):
    path = write(VALID_PROJECT.encode("utf-16"))
    result = validate_file(path)
    assert [d.code for d in result.diagnostics] == ["L002"]
    assert result.spec.name == "报警视频监控系统运维"


def test_input_file_is_never_modified(write):
    path = write(VALID_PROJECT.replace("unit:", "uint:"))
    before = path.read_bytes()
    run("validate", str(path))
    assert path.read_bytes() == before


def test_too_large_file_is_refused_without_reading_it(write):
    path = write("a: " + "x" * (6 * 1024 * 1024) + "\n")
    result = load_file(path)
    assert [d.code for d in result.diagnostics] == ["L010"]


def test_tab_inside_block_text_is_content_not_an_error():
    loaded = load_text("overview: |\n  第一行\n  \t缩进的说明\n", "f")
    assert loaded.ok and "\t缩进的说明" in loaded.data["overview"]


def test_str_tag_is_allowed_to_force_text():
    loaded = load_text("code: !!str 010\n", "f")
    assert loaded.ok and loaded.data == {"code": "010"}


def test_devices_and_pipes_are_refused_not_read(tmp_path):
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = load_file(fifo)
    assert [d.code for d in result.diagnostics] == ["L001"]
    assert [d.code for d in load_file("/dev/zero").diagnostics] == ["L001"]
    # a pipe inside a folder is skipped, not waited on
    (tmp_path / "ok.yaml").write_text(VALID_PROJECT, encoding="utf-8")
    cli = run("validate", str(tmp_path))
    assert cli.exit_code == 0 and "共检查 1 个文件" in cli.output


def test_line_separators_inside_values_are_kept():
    loaded = load_text('a: "x\u2028y"\nb: 1\n', "f")
    assert loaded.data["a"] == "x\u2028y"
    assert loaded.values[("b",)].line == 2


def test_chinese_labels_of_spec_section_2_inside_funds(write):
    text = VALID_PROJECT.replace("  period: {total: 510.86, fiscal: 510.86, other: 0}", "  实施期资金: {实施期资金总额: 510.86, 其中：财政拨款: 510.86, 其他资金: 0}")
    result = validate_file(write(text))
    assert result.errors == [] and result.spec.funds.period.fiscal == Decimal("510.86")
