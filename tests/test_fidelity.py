"""Each source document, rebuilt from its package, against the published text (tests/fidelity.py).

The figure of each document is printed (``pytest -s``, or ``python tests/fidelity.py``); the test
holds it at the level reached, and every seed cell still missing must be a listed, deliberate
difference or an artefact the extraction made."""

from __future__ import annotations

import pytest

from fidelity import DOCUMENTS, build, compare

# the level each document has reached: a change that loses seed text fails here
FLOORS = {"安阳市公安局 2023 年度部门决算": 0.955,  # the 34 project tables in the seed's order
          # missing: the form's labels where seed 001 prints its own (项目资金(万元), 年度资金总额:, 实际值完成值),
          # 执行率 0.0%/100.0% and integer 总分 (98, 90) as the tables print them
          # missing: L168–L169 「600万元」 ×4 (amounts printed as numbers under 「项目资金 (万元)」) and L281's
          # full-width 「实施期目标（总体）」「年度目标（总体）」 (the other nine tables print half-width), both named
          # in the package spec
          "安阳市公安局 2020 年项目绩效目标表": 0.99,
          # missing: L117, the extraction's extra 「**」 header cell of 预算05 (seed-catalog §4.2); the 11
          # 项目总金额 0.00 corrected to 项目本年度金额 (E-002-02, named in the package spec)
          "济源市公安局 2020 年部门预算": 0.99,
          # missing: L40 基本支出 5089.05 printed for 5809.05 (E-003-01) and L652 「10安次…」 numbered 「10. 」 like
          # the others (E-003-17), both corrections named in the package spec
          "廊坊安次 2020 部门预算信息公开": 0.997,
          # 1234 / 1240; missing, named in the package spec: the ASCII colons of 「年度目标2:」 … 「年度目标5:」
          # (L42, L51, L68, L83; the form prints L26's 「年度目标N：」 for every block) and the 明细 header
          # variants 「项目支出预算说明」 (10-2, L214) and 「项目支出明细预算」 (10-4, L337)
          "武汉东湖 2021 部门整体支出及项目支出绩效目标表": 0.995}


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_the_package_reproduces_its_source_document(document, tmp_path):
    result = compare(document.name, document.seed, document.regions, build(document, tmp_path, document.public))
    print(result)
    assert result.ratio >= FLOORS[document.name], "\n".join(f"L{n}: {t}" for n, t in result.missing[:40])
