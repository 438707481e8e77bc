"""How many project specs per second `docgen validate` checks.

Generates N project specs (default 1,000) shaped like the Anyang 2023 self-evaluation tables
(a dozen indicators with targets, actuals and weights), then measures, in the same run:

* baseline: reading the same files with plain ``yaml.safe_load`` (libyaml), the least any YAML tool does;
* docgen: the whole pipeline (load with positions → model → checks) in one process;
* the command line: ``docgen validate FOLDER`` as a user runs it (includes interpreter start-up).

Prints figures only; nothing here asserts a time.  Usage: python benchmarks/validate.py [N]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from docgen.validate import validate_file

LEVELS = [
    ("成本指标", "经济成本指标", "项目成本{i}", "≤{n}万元", "{n}万元"),
    ("产出指标", "数量指标", "完成数量{i}", "≥{n}个", "{n}个"),
    ("产出指标", "质量指标", "验收合格率{i}", "≥95%", "98%"),
    ("产出指标", "时效指标", "按期完成率{i}", "=100%", "100%"),
    ("效益指标", "社会效益指标", "治安防控能力{i}", "得到提升", "得到提升"),
    ("满意度指标", "服务对象满意度指标", "群众满意度{i}", "≥90%", "93%"),
]


def make_spec(k: int) -> str:
    lines = [
        "kind: project", "year: 2023", "layout: henan", f"name: 生成项目{k:04d}", "department: 安阳市公安局",
        "unit: 安阳市公安局", "goals:", f"  annual: 完成第{k}号项目的年度目标。", "indicators:",
    ]
    weights = [6] * 12
    weights[-1] += 70 - sum(weights)
    rows: dict[tuple[str, str], list[str]] = {}
    for i in range(12):
        l1, l2, name, target, actual = LEVELS[i % len(LEVELS)]
        n = 10 + (k + i) % 90
        rows.setdefault((l1, l2), []).append(
            f"      - {{name: {name.format(i=i)}, target: \"{target.format(n=n)}\", actual: \"{actual.format(n=n)}\", weight: {weights[i]}}}"
        )
    current = None
    for (l1, l2), items in rows.items():
        if l1 != current:
            lines.append(f"  {l1}:")
            current = l1
        lines.append(f"    {l2}:")
        lines.extend(items)
    lines += [
        "evaluation:", "  date: 2024-04", "  budget:",
        "    total: {initial: 175, adjusted: 175, executed: 74.75}",
        "    fiscal: {initial: 175, adjusted: 175, executed: 74.75}",
        "  management:",
    ]
    for item in ("安排科学性", "拨付合规性", "使用规范性", "预算绩效管理情况"):
        lines.append(f"    {item}: {{note: 情况说明, weight: 5, score: 5, issues: 无}}")
    lines.append("  outcome: 基本完成")
    return "\n".join(lines) + "\n"


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = []
        for k in range(count):
            p = folder / f"p{k:04d}.yaml"
            p.write_text(make_spec(k), encoding="utf-8")
            paths.append(p)
        check = validate_file(paths[0])
        assert check.spec is not None and not check.errors, [d.format("en") for d in check.diagnostics]

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        baseline = timed(lambda: [yaml.load(p.read_text(encoding="utf-8"), Loader=loader) for p in paths])
        docgen = timed(lambda: [validate_file(p) for p in paths])
        cli = timed(lambda: subprocess.run([sys.executable, "-m", "docgen", "validate", str(folder)], capture_output=True, check=False))

    print(f"specs: {count} generated project specs, 12 indicators each")
    print(f"baseline yaml.safe_load : {baseline:7.3f} s  {count / baseline:9.0f} specs/s")
    print(f"docgen validate (in-process): {docgen:7.3f} s  {count / docgen:9.0f} specs/s  ({docgen / baseline:.1f}x baseline)")
    print(f"docgen validate (command)   : {cli:7.3f} s  {count / cli:9.0f} specs/s  (includes start-up)")


if __name__ == "__main__":
    main()
