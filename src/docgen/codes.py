"""The one registry of diagnostic codes: every code, its severity and meaning, and its messages.

Every layer reports through the messages defined here, so this file is the whole list of what
docgen can say about a user's files.  ``docs/diagnostics.md`` is generated from it
(``python -m docgen.codes > docs/diagnostics.md``) and a test fails when the two differ.  Message
texts are English catalog ids, marked with ``N_``; the Chinese text is in the babel catalog.

Codes are stable: tests, editors and bureaus' scripts rely on them.  A code is never reused for
a different meaning; a new kind of problem gets a new code.
"""

from __future__ import annotations

import sys

from .diagnostics import N_, Code, Message, Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING

SECTIONS: dict[str, str] = {
    "load": "Loading",
    "structure": "Structure",
    "scheme": "Indicator scheme",
    "funds": "Funds",
    "values": "Indicator values",
    "dates": "Dates",
    "evaluation": "Self-evaluation",
    "layout": "Layout",
    "disclosure": "Disclosure",
    "package": "Packages",
    "tables": "Financial tables",
    "templates": "Template data (forms, layout families, schemes, table sets)",
    "render": "Rendering",
    "internal": "Internal",
}

CODES: dict[str, Code] = {}


def _code(id: str, severity: Severity, section: str, summary: str, exit_status: int = 1) -> Code:
    if id in CODES:  # pragma: no cover - a programming error caught by the tests
        raise ValueError(f"code {id} registered twice")
    code = Code(id, severity, section, summary, exit_status)
    CODES[id] = code
    return code


# --- Loading (L) ---------------------------------------------------------------------------------

L001 = _code("L001", ERROR, "load", "the file cannot be read (missing, a folder, no permission, a name too long)", exit_status=2)
L001_CANNOT_READ = L001.message(N_("cannot read the file: {reason}"))
L002 = _code("L002", WARNING, "load", "the file is GBK/GB18030 or UTF-16, not UTF-8: read correctly, but save it as UTF-8")
L002_ENCODING = L002.message(N_("the file is encoded in {encoding}, not UTF-8: it was read correctly, but please save it as UTF-8"))
L003 = _code("L003", ERROR, "load", "the file is not text (binary, or bytes valid in no supported encoding)")
L003_BINARY = L003.message(N_("this is not a text file (it contains binary data): a spec must be a YAML text file saved as UTF-8"))
L003_UNDECODABLE = L003.message(N_("the file is neither UTF-8 nor GBK/GB18030 text (undecodable bytes on this line): save it as UTF-8"))
L003_CHARACTERS = L003.message(N_("the file contains characters that are not allowed in YAML text"))
L004 = _code("L004", ERROR, "load", "YAML syntax error")
L004_SYNTAX = L004.message(N_("YAML syntax error: {problem}"))
L004_COLON = L004.message(N_("a colon cannot stand here: put a space after the colon of a key, or put text that contains “: ” in quotes"))
L004_NO_COLON = L004.message(N_("a key is missing its colon, or a text continues on a new line without indentation"))
L004_KEY_INDENT = L004.message(N_("the indentation does not line up with the keys above"))
L004_ITEM_INDENT = L004.message(N_("the indentation does not line up with the list items above"))
L004_NO_VALUE = L004.message(N_("a value is missing or begins with a character that must be quoted"))
L004_UNCLOSED = L004.message(N_("a quote or bracket is opened but never closed"))
L004_ESCAPE = L004.message(N_("a backslash in double quotes: use single quotes, or write \\\\"))
L004_INDENT = L004.message(N_("the indentation does not line up with the lines above"))
L004_BLOCK = L004.message(N_("a block text (| or >) is badly indented; a value beginning with > or | must be quoted"))
L004_BAD_START = L004.message(N_("this character cannot begin a value: put the value in quotes"))
L004_QUOTE = L004.message(N_("a quote is opened but never closed"))
L004_FLOW = L004.message(N_("a bracket [ ] or brace {{ }} is not closed properly"))
L004_FULLWIDTH_COLON = L004.message(N_("the key “{key}” is followed by a full-width colon “：”: YAML needs a half-width colon and a space (“{key}: …”)"))
L004_SPECIAL_START = L004.message(N_("a value beginning with * & ! % @ or ` must be put in quotes, e.g. \"*10个\""))
L005 = _code("L005", ERROR, "load", "a tab character used for indentation")
L005_TAB = L005.message(N_("a tab is used for indentation: YAML allows only spaces (set your editor to insert spaces)"))
L006 = _code("L006", ERROR, "load", "the same key twice in one mapping (reported at the second)")
L006_DUPLICATE = L006.message(N_("the key “{key}” appears twice in this mapping (first on line {first}): only one can be kept, so neither is guessed"))
L007 = _code("L007", ERROR, "load", "anchors, aliases (`&x`, `*x`) and merge keys (`<<`) are not allowed in specs")
L007_ALIAS = L007.message(N_("anchors and aliases (&name, *name) are not allowed in specs: write the value out"))
L007_MERGE = L007.message(N_("merge keys (<<) are not allowed in specs: write the values out"))
L008 = _code("L008", ERROR, "load", "the file is empty")
L008_EMPTY = L008.message(N_("the file is empty: a spec needs at least kind, year, layout and a name"))
L009 = _code("L009", ERROR, "load", "the document is not a mapping of keys (e.g. a list or a bare text)")
L009_NOT_MAPPING = L009.message(N_("a spec must be a set of “key: value” lines (a mapping), not a list or a single text"))
L010 = _code("L010", ERROR, "load", "the file is too large or too deeply nested to be a spec")
L010_TOO_LARGE = L010.message(N_("the file is larger than any spec ({limit} bytes at most)"))
L010_TOO_DEEP = L010.message(N_("the spec is nested more than {limit} levels deep"))
L011 = _code("L011", ERROR, "load", "more than one YAML document in a file")
L011_SECOND_DOCUMENT = L011.message(N_("a second YAML document (after ---) in the same file: write one spec per file"))
L012 = _code("L012", ERROR, "load", "explicit YAML tags (`!!python/...`, `!foo`) are not allowed in specs")
L012_TAG = L012.message(N_("YAML tags such as {tag} are not allowed in specs"))
L013 = _code("L013", WARNING, "load", "an invisible or stray character (pasted from Word or a web page) was removed or turned into what was meant")
L013_REMOVED = L013.message(N_("an invisible character ({char}) was removed here"))
L013_LINE_BREAK = L013.message(N_("a line break pasted from Word ({char}) was turned into an ordinary line break"))
L013_TAB = L013.message(N_("a tab inside this value was turned into a space"))
L013_SPACE = L013.message(N_("full-width spaces at the start or end of this value were removed"))
L014 = _code("L014", ERROR, "load", "a character that changes how text is displayed (bidirectional control) is in a value")
L014_BIDI = L014.message(N_("this value holds {char}, which changes the order in which text is displayed: delete it (retype the text if it was pasted)"))

# --- Structure (S) -------------------------------------------------------------------------------

S001 = _code("S001", ERROR, "structure", "unknown key (with a \"did you mean\")")
S001_UNKNOWN = S001.message(N_("unknown key “{key}”"))
S001_SUGGEST = S001.message(N_("unknown key “{key}”: did you mean {suggestion}?"))
S001_ALLOWED = S001.message(N_("unknown key “{key}”; allowed here: {allowed}"))
S001_COLON = S001.message(N_("“{key}” looks like the key {field} and its value joined by a full-width colon “：”: write “{name}: {value}” with a half-width colon and a space"))
S013 = _code("S013", WARNING, "structure", "a key written with a full-width colon seems to have been read as part of the value above it")
S013_COLON = S013.message(N_("the value of {field} contains “{key}：”: a key with a full-width colon “：” was read as part of this value; write “{key}: …” on its own line with a half-width colon and a space"))
S002 = _code("S002", ERROR, "structure", "the same field given twice, under its English and its Chinese name")
S002_TWICE = S002.message(N_("{field} is given twice, as “{first}” and as “{second}”: keep one"))
S003 = _code("S003", ERROR, "structure", "a required field is missing or empty")
S003_MISSING = S003.message(N_("required field {field} is missing"))
S003_EMPTY = S003.message(N_("{field} is empty: fill it in"))
S003_NOT_EMPTY = S003.message(N_("{field} must not be empty"))
S003_FORM = S003.message(N_("{field} is required: the table {form} prints it and does not allow it blank"))
S004 = _code("S004", ERROR, "structure", "wrong kind of value (a mapping, a list or a text was expected)")
S004_SINGLE = S004.message(N_("{field} should be a single value, not a list or a set of keys"))
S004_EXPECTED = S004.message(N_("{field} should be {expected}"))
S004_WRONG_FORM = S004.message(N_("{field} has the wrong form: see `docgen schema` or `docgen new` for how to write it"))
S004_KEY = S004.message(N_("a key must be a plain word, not a list or a mapping"))
S005 = _code("S005", ERROR, "structure", "not a valid amount or number")
S005_TOO_LARGE = S005.message(N_("{field}: “{value}” is too large to be an amount or a score"))
S005_NOT_WHOLE = S005.message(N_("{field}: “{value}” is not a whole number (write e.g. 1)"))
S005_UNIT = S005.message(N_("{field}: write only the number, without the unit “{unit}” (amounts are in 万元; scores are plain numbers)"))
S005_NOT_NUMBER = S005.message(N_("{field}: “{value}” is not a number (write digits, e.g. 510.86)"))
S006 = _code("S006", ERROR, "structure", "not a valid date")
S006_DATE = S006.message(N_("{field}: “{value}” is not a date; write it as 2020-01-01"))
S006_YEAR_MONTH = S006.message(N_("{field}: “{value}” is not a year and month; write it as 2024-04"))
S006_PERIOD_DATE = S006.message(N_("{field}: “{value}” is not a date or a month; write it as 2020-01-01 or 2023.07 (month 1–12)"))
S006_PERIOD_SPAN = S006.message(N_("{field}: “{value}” is not a period; write it as 2023.07-2024.01, 2023年7月至2024年1月 (month 1–12), or as start and end"))
S007 = _code("S007", ERROR, "structure", "not one of the allowed choices")
S007_CHOICES = S007.message(N_("{field}: “{value}” is not allowed; choose one of: {choices}"))
S007_ID = S007.message(N_("the narrative id “{id}” is a part keyword or the id of an earlier narrative: give each narrative its own id"))
S008 = _code("S008", ERROR, "structure", "unknown or missing `kind`")
S008_MISSING = S008.message(N_("the spec does not say its kind: add “kind: project” or “kind: department” at the top"))
S008_NOT_WORD = S008.message(N_("kind must be one word: project (项目) or department (部门)"))
S008_UNKNOWN = S008.message(N_("unknown kind “{value}”: use project (项目), department (部门) or package (公开材料)"))
S009 = _code("S009", ERROR, "structure", "unknown `layout` (the layout family); `docgen layouts` lists them")
S009_SUGGEST = S009.message(N_("unknown layout “{value}”: did you mean “{suggestion}”? (layouts: {choices}; see `docgen layouts`)"))
S009_UNKNOWN = S009.message(N_("unknown layout “{value}” (layouts: {choices}; see `docgen layouts`)"))
S010 = _code("S010", ERROR, "structure", "the layout family has no table for this kind of spec")
S010_NO_KIND = S010.message(N_("the {layout} layout has no table for kind “{kind}” (it has: {kinds})"))
S014 = _code("S014", ERROR, "structure", "a scheme (指标体系) the layout family does not accept for this kind of spec")
S014_SCHEME = S014.message(N_("the {layout} layout does not use the indicator scheme “{value}” (it accepts: {choices}; see docgen layouts)"))
S015 = _code("S015", ERROR, "structure", "not a valid table number (表号) or table-number pattern")
S015_TABLE_NUMBER = S015.message(N_("{field}: “{value}” is not a table number: write it on one line, without braces, as the table prints it (e.g. 部门公开表10-1)"))
S015_PATTERN = S015.message(N_("{field}: “{value}” is not a pattern of table numbers: write it on one line with {{n}} for the project's place in the package (e.g. 部门公开表10-{{n}})"))
S011 = _code("S011", ERROR, "structure", "not a valid year")
S011_YEAR = S011.message(N_("{field}: “{value}” is not a year; write four digits, e.g. 2023"))
S012 = _code("S012", ERROR, "structure", "other invalid value")
S012_INVALID = S012.message(N_("{field}: invalid value ({detail})"))

# --- Indicator scheme (K) ------------------------------------------------------------------------

K001 = _code("K001", ERROR, "scheme", "一级指标 not in the layout's indicator scheme")
K001_IS_LEVEL2 = K001.message(N_("“{name}” is a 二级指标 of “{owner}”, not a 一级指标: put it under {owner}"))
K001_SUGGEST = K001.message(N_("一级指标 “{name}” is not in the {scheme} scheme: did you mean “{suggestion}”? (allowed: {allowed})"))
K001_UNKNOWN = K001.message(N_("一级指标 “{name}” is not in the {scheme} scheme (allowed: {allowed})"))
K002 = _code("K002", ERROR, "scheme", "二级指标 not under that 一级指标 in the scheme")
K002_OTHER_OWNER = K002.message(N_("二级指标 “{name}” belongs under 一级指标 “{owner}”, not under “{parent}”"))
K002_SUGGEST = K002.message(N_("二级指标 “{name}” is not under “{parent}” in the {scheme} scheme: did you mean “{suggestion}”? (allowed: {allowed})"))
K002_UNKNOWN = K002.message(N_("二级指标 “{name}” is not under “{parent}” in the {scheme} scheme (allowed: {allowed})"))
K003 = _code("K003", ERROR, "scheme", "an indicator without a name (三级指标)")
K003_NO_NAME = K003.message(N_("an indicator under “{level2}” has no name (三级指标): add “name:”"))
K004 = _code("K004", WARNING, "scheme", "no 满意度 indicator although the scheme has one")
K004_NO_SATISFACTION = K004.message(N_("there is no 满意度 (satisfaction) indicator: the scheme expects at least one"))
K005 = _code("K005", WARNING, "scheme", "the same indicator twice in one table (under one or two 二级指标; with `goal`, within one 年度目标)")
K005_TWICE = K005.message(N_("indicator “{name}” is listed twice (first on line {first})"))
K006 = _code("K006", WARNING, "scheme", "an indicator whose name says cost / time / satisfaction filed under another 二级 (e.g. 项目成本 under 质量指标)")
K006_COST = K006.message(N_("“{name}” reads as a cost (成本) indicator but is filed under “{level2}”: move it to the 成本指标"))
K006_NOT_SATISFACTION = K006.message(N_("“{name}” is not a satisfaction measure but is filed under “{level2}”"))
K006_SATISFACTION = K006.message(N_("“{name}” reads as a satisfaction (满意度) indicator but is filed under “{level2}”"))
K006_TIME = K006.message(N_("“{name}” reads as a time (时效) indicator but is filed under “{level2}”"))
K007 = _code("K007", ERROR, "scheme", "an indicator's `goal` does not name one of the 年度目标 listed in `goals.annual`")
K007_GOAL = K007.message(N_("goal {goal} does not name a 年度目标: goals.annual lists {count}"))
K008 = _code("K008", ERROR, "scheme", "the same 一级 or 二级 written twice under two spellings (产出指标 / 产出)")
K008_SPELLINGS = K008.message(N_("“{name}” is the same 指标 as “{first}” above: put all its indicators under one heading"))

# --- Funds (F) -----------------------------------------------------------------------------------

F001 = _code("F001", ERROR, "funds", "资金总额 ≠ 财政拨款 + 其他资金")
F001_TOTAL = F001.message(N_("资金总额 {total} ≠ 财政拨款 {fiscal} + 其他资金 {other} = {sum}"))
F002 = _code("F002", ERROR, "funds", "年度资金总额 larger than the 实施期 (project) total")
F002_ANNUAL = F002.message(N_("年度资金总额 {annual} is larger than the 实施期/项目总金额 {period} (line {line})"))
F003 = _code("F003", ERROR, "funds", "资金来源 rows do not add up to the 年度资金总额")
F003_SOURCES = F003.message(N_("the {label} rows add up to {sum}, but the 年度资金总额 is {total} (line {line})"))
F004 = _code("F004", ERROR, "funds", "支出明细 rows do not add up to the 年度资金总额")
F004_BREAKDOWN = F004.message(N_("the {label} rows add up to {sum}, but the 年度资金总额 is {total} (line {line})"))
F005 = _code("F005", WARNING, "funds", "占比 differs from amount ÷ 合计")
F005_SHARE = F005.message(N_("占比 {share}% of “{item}” should be {amount} ÷ {total} = {expected}%"))
F006 = _code("F006", ERROR, "funds", "收入构成 / 资金来源 rows do not add up to the 部门预算总额")
F006_INCOME = F006.message(N_("the {label} rows add up to {sum}, but the 部门预算总额 is {total} (line {line})"))
F007 = _code("F007", ERROR, "funds", "支出构成 / 资金结构 rows do not add up to the 部门预算总额")
F007_EXPENDITURE = F007.message(N_("the {label} rows add up to {sum}, but the 部门预算总额 is {total} (line {line})"))
F008 = _code("F008", ERROR, "funds", "a negative amount")
F008_NEGATIVE = F008.message(N_("a negative amount ({amount}): amounts are written as positive 万元"))
F009 = _code("F009", WARNING, "funds", "收入合计 ≠ 支出合计 (department, for a year)")
F009_YEAR = F009.message(N_("for {year}, 收入合计 {income} ≠ 支出合计 {expenditure}"))

# --- Indicator values (V) ------------------------------------------------------------------------

V001 = _code("V001", WARNING, "values", "a value that needs a number (weighted, or with an operator) could not be read as one")
V001_NOT_NUMBER = V001.message(N_("“{value}” could not be read as a number, but this indicator needs one to be scored: write it like ≥90% or =10.82 万元"))
V002 = _code("V002", WARNING, "values", "a 满意度 indicator with an upper bound (≤ / <)")
V002_UPPER = V002.message(N_("a satisfaction indicator with an upper bound “{value}”: satisfaction should be at least a level (≥)"))
V003 = _code("V003", WARNING, "values", "Hebei 文字描述 value carrying a number")
V003_TEXT_NUMBER = V003.message(N_("the sign is 文字描述 (text) but the value slot holds the number {number}: a text target has no number (write 值0), or choose a sign such as >= or ="))
V004 = _code("V004", WARNING, "values", "a number without an operator (≥ ≤ = > <): read as =")
V004_NO_OPERATOR = V004.message(N_("“{value}” has no operator (≥ ≤ = > <): it is read as “={value}”; write the operator the target means"))
V005 = _code("V005", WARNING, "values", "a 满意度 / rate indicator whose value is not a percentage")
V005_SATISFACTION = V005.message(N_("a satisfaction indicator should be a percentage, but “{value}” is not (e.g. ≥90%)"))
V005_RATE = V005.message(N_("“{name}” is a rate (率) but its value “{value}” is in {unit}, not a percentage"))
V006 = _code("V006", WARNING, "values", "a cost indicator with a lower bound (≥ / >)")
V006_COST = V006.message(N_("a cost indicator with a lower bound “{value}”: a cost is a ceiling, write ≤ or ="))
V007 = _code("V007", WARNING, "values", "a deadline or time indicator with ≥ / >")
V007_DEADLINE = V007.message(N_("a deadline written with “{op}” (“{value}”): a deadline is a latest date, write ≤"))
V008 = _code("V008", WARNING, "values", "a count indicator (…人数, …数量) whose value is a percentage")
V008_COUNT = V008.message(N_("“{name}” is a count, but its value “{value}” is a percentage"))
V009 = _code("V009", WARNING, "values", "a cost indicator larger than the project's annual funds")
V009_COST = V009.message(N_("the cost “{value}” ({amount} 万元) is more than the {label} {funds} 万元"))
V010 = _code("V010", WARNING, "values", "a decrease indicator (下降率, 降低) with an upper bound ≤ / <")
V010_DECREASE = V010.message(N_("a wanted decrease written with an upper bound (“{value}”): this says “decrease at most”; write ≥ for “decrease at least”"))
V011 = _code("V011", WARNING, "values", "an empty 指标值")
V011_NO_TARGET = V011.message(N_("indicator “{name}” has no 指标值 (target)"))
V012 = _code("V012", WARNING, "values", "a rate to reach (执行率, 完成率, 到位率 …) with only an upper bound (≤100%)")
V012_RATE = V012.message(N_("“{name}” is a rate to reach, but “{value}” only sets an upper bound: write ≥ (e.g. ≥95%)"))
V014 = _code("V014", WARNING, "values", "a number written with spaces or full-width digits and signs (≥ 95 ％): read correctly, printed as written")
V014_UNTIDY = V014.message(N_("“{value}” is read as {tidy}, but the table prints it as written, spaces and full-width signs included: write “{tidy}”"))
V013 = _code("V013", WARNING, "values", "a Hebei 值 slot holding more than a number (a unit or label copied from another row)")
V013_SLOT = V013.message(N_("the 值 slot “{slot}” holds more than a number (a unit or label copied from another row?): write 符号…值…单位… with the unit in the 单位 slot"))
V015 = _code("V015", WARNING, "values", "an operator (≥ ≤ = > <) with no number after it (≥abc个)")
V015_NO_NUMBER = V015.message(N_("“{value}” has the operator “{op}” but no number after it: write the number the target means (e.g. {op}90%)"))
V016 = _code("V016", WARNING, "values", "a number with two units (28.8万元%)")
V016_TWO_UNITS = V016.message(N_("“{value}” has two units ({unit} and %): keep the one the indicator is measured in"))
V017 = _code("V017", WARNING, "values", "a time indicator whose value is an Excel date serial (=44,561) pasted as a number")
V017_DATE_SERIAL = V017.message(N_("“{value}” looks like an Excel date pasted as a number (day {number} is {date}): write the date, e.g. ≤{date}"))

# --- Dates (T) -----------------------------------------------------------------------------------

T001 = _code("T001", ERROR, "dates", "period starts after it ends")
T001_ORDER = T001.message(N_("the period ends ({end}) before it starts ({start})"))
T002 = _code("T002", WARNING, "dates", "period does not touch the spec's year")
T002_AFTER = T002.message(N_("the period starts in {start}, after the spec's year {year}"))
T002_BEFORE = T002.message(N_("the period ends in {end}, before the spec's year {year}"))

# --- Self-evaluation (P) -------------------------------------------------------------------------

P001 = _code("P001", ERROR, "evaluation", "分值 do not add up to 100, or to the block totals of the family's scoring rules (Henan: 资金管理 20, indicators 70)")
P001_TOTAL = P001.message(N_("the 分值 add up to {total} (预算执行率 10 + 资金管理 + indicators), not 100"))
P001_BLOCK = P001.message(N_("the 分值 of {block} add up to {total}, not {expected}"))
P001_MANAGEMENT = P001.message(N_("the 资金管理 分值 add up to {total}, not {expected}"))
P002 = _code("P002", ERROR, "evaluation", "得分 larger than 分值, or negative")
P002_ABOVE_WEIGHT = P002.message(N_("得分 {score} is larger than its 分值 {weight}"))
P002_NEGATIVE = P002.message(N_("得分 {score} is negative"))
P003 = _code("P003", WARNING, "evaluation", "全年执行数 larger than 全年预算数")
P003_OVERSPENT = P003.message(N_("全年执行数 {executed} is larger than the 全年预算数 {adjusted}"))
P004 = _code("P004", ERROR, "evaluation", "年度资金总额 ≠ the sum of its sources (财政拨款 + 财政专户管理资金 + 单位资金, or + 上年结转资金 + 其他资金)")
P004_SOURCES = P004.message(N_("{column} {total} ≠ the sum of its sources {parts} = {sum}"))
P005 = _code("P005", WARNING, "evaluation", "a non-zero 偏差度 without 偏差原因")
P005_NO_REASON = P005.message(N_("偏差度 {deviation} without a 偏差原因分析及改进措施 (reason)"))
P006 = _code("P006", WARNING, "evaluation", "a 资金管理 item below full marks without 存在问题")
P006_NO_ISSUES = P006.message(N_("“{item}” scores {score} of {weight} but 存在问题和改进措施 is empty"))
P007 = _code("P007", WARNING, "evaluation", "a written 得分 differs from the scoring rule by more than 0.01 (the message gives the rule's value)")
P007_SCORE = P007.message(N_("得分 {written} differs from the rule: {rule} (target {target}, actual {actual}, 分值 {weight})"))
P008 = _code("P008", WARNING, "evaluation", "a written 偏差度 differs from (actual − target) ÷ target × 100 by more than 0.01")
P008_DEVIATION = P008.message(N_("偏差度 {written} differs from the rule: {rule} = (actual − target) ÷ target × 100"))
P009 = _code("P009", WARNING, "evaluation", "an actual at least 130 % of the target without 偏差原因")
P009_OVERSHOOT = P009.message(N_("the actual “{actual}” is at least 130% of the target “{target}”: explain it in 偏差原因分析及改进措施"))
P010 = _code("P010", WARNING, "evaluation", "a qualitative result (部分达成… / 未达成…) without a 得分, or with one outside its band")
P010_NEEDS_SCORE = P010.message(N_("“{actual}” needs a written 得分 between {low} and {high}"))
P010_OUTSIDE = P010.message(N_("得分 {score} is outside the band for “{actual}”: {low} to {high}"))
P011 = _code("P011", WARNING, "evaluation", "actual and target in different units: the score cannot be checked")
P011_UNITS = P011.message(N_("the actual “{actual}” and the target “{target}” are in different units: the score cannot be checked"))
P012 = _code("P012", ERROR, "evaluation", "the written 总分 is not 执行率得分 + 资金管理 + indicator scores")
P012_TOTAL = P012.message(N_("总分 {written} is not the sum of its parts: 执行率得分 {execution} + 资金管理 {management} + indicators {indicators} = {total}"))
P014 = _code("P014", WARNING, "evaluation", "a published 执行率 or 执行率得分 that is not what the budget lines and the rule give")
P014_RATE = P014.message(N_("the published 执行率 {written}% is not 全年执行数 {executed} / 全年预算数 {adjusted} = {rule}%"))
P014_SCORE = P014.message(N_("the published 执行率得分 {written} is not what the rule gives for 执行率 {rate}%: {rule} ({how})"))
P015 = _code("P015", WARNING, "evaluation", "the 一级 blocks' 分值 differ from the split the rules set 原则上 (in principle), though the whole is 100")
P015_SPLIT = P015.message(N_("the 分值 are split {written}, not the usual {usual}: the rules allow another split where there is a reason (财预〔2020〕10号 第十二条 原则上); make sure it is intended"))
P012_CAPPED = P012.message(N_("总分 {written}: the parts add up to {parts}, but with 执行率 {rate}% (below {below}%) the 总分 is at most {cap}"))
P013 = _code("P013", WARNING, "evaluation", "an indicator with a 分值 but no 实际完成值")
P013_NO_ACTUAL = P013.message(N_("“{name}” has a 分值 but no 实际完成值 (actual)"))

# --- Layout (R) ----------------------------------------------------------------------------------

R001 = _code("R001", WARNING, "layout", "a field the layout's tables print is missing (the table would show an empty cell)")
R001_MISSING = R001.message(N_("the {layout} table prints {field}, but the spec has none (the cell will be empty)"))
R002 = _code("R002", WARNING, "layout", "a field none of the layout's tables print (it is kept, but will not appear)")
R002_NOT_PRINTED = R002.message(N_("the {layout} layout does not print {field}: it is kept but will not appear"))
R002_NO_EVALUATION = R002.message(N_("the {layout} layout has no self-evaluation table: {field} is kept but not rendered"))
R003 = _code("R003", WARNING, "layout", "a spec that prints no table in its layout (results without a self-evaluation form, and no funds for a target table)")
R003_NOTHING = R003.message(N_("this spec prints no table in the {layout} layout: {reason}"))
R004 = _code("R004", WARNING, "layout", "a row the author wrote (资金来源 …) is none of the form's official rows: printed below them, the official row stays blank")
R004_NOT_OFFICIAL = R004.message(N_("“{item}” is none of the official rows of {table} ({rows}): it is printed below them and the official row stays blank; write the official name"))

# --- Disclosure (X) ------------------------------------------------------------------------------

X001 = _code("X001", ERROR, "disclosure", "`withheld` parts listed while `disclosure` is `public`")
X002 = _code("X002", ERROR, "disclosure", "a department spec withholds its name (a department publishes under its own name)")
X002_DEPARTMENT_NAME = X002.message(N_("a department publishes under its own name: “name” cannot be withheld (withhold its goals, tasks, funds, indicators or evaluation)"))
X001_PUBLIC = X001.message(N_("“withheld” lists parts to withhold, but disclosure is “public”: set “disclosure: withheld” or remove the list"))

# --- Packages (G) --------------------------------------------------------------------------------

G001 = _code("G001", ERROR, "package", "a member spec or data file the package names does not exist (or a glob matches nothing)")
G001_NO_MEMBER = G001.message(N_("the member spec {path} does not exist"))
G001_NO_MATCH = G001.message(N_("no spec file matches {path}"))
G001_NO_TABLE_FILE = G001.message(N_("the table file {path} does not exist"))
G002 = _code("G002", WARNING, "package", "a member spec is for another year than the package")
G002_YEAR = G002.message(N_("{path} is for {year}, the package for {package_year}"))
G002_YEARS = G002.message(N_("{count} member specs ({first} and others) are for {year}, the package for {package_year}: change their “year” too, or the package's"))
G003 = _code("G003", ERROR, "package", "a financial table id that the layout family's table set does not have")
G003_UNKNOWN_TABLE = G003.message(N_("unknown financial table “{id}”: the {tableset} tables are {choices}"))
G003_NO_TABLESET = G003.message(N_("the {layout} layout has no financial tables (no table set): remove “financial” or choose another layout"))
G004 = _code("G004", ERROR, "package", "a package names a spec that is itself a package, or a spec of another layout family")
G004_NESTED = G004.message(N_("{path} is a package: a package's members are project and department specs"))
G007 = _code("G007", ERROR, "package", "a member spec's table number (表号) differs from the one the package gives its table")
G007_TABLE_NUMBER = G007.message(N_("the table number “{value}” differs from the package's numbering: in {package} this table is “{expected}” (change one of them)"))
G005 = _code("G005", ERROR, "package", "`docgen render` was given a package, or `docgen build` a single spec", exit_status=2)
G005_RENDER_PACKAGE = G005.message(N_("this is a package: build it with `docgen build {path}`"))
G005_NO_PACKAGE = G005.message(N_("no package spec (kind: package) here: `docgen build` takes package specs or folders holding them"))
G005_BUILD_SPEC = G005.message(N_("this is a {kind} spec: `docgen build` takes a package (kind: package); use `docgen render` for its tables"))
G020 = _code("G020", ERROR, "package", "a narrative template failed (an unknown name, a syntax error, arithmetic on a text): at the template's line")
G020_TEMPLATE = G020.message(N_("the narrative template failed: {detail}"))
G020_NOT_FOUND = G020.message(N_("the narrative template {name} was not found (looked in the package's folder and in templates/narratives)"))
G022 = _code("G022", WARNING, "package", "a figure a narrative computes differs from the one the package's facts say the source printed")
G022_PRINTED = G022.message(N_("the source printed {fact} as {printed}, but the narrative computes {computed} from the data: the narrative prints {computed}"))
G021 = _code("G021", ERROR, "package", "a narrative template does more work than a narrative needs (output length, value size, loops, time): stopped at its line")
G021_OUTPUT = G021.message(N_("the narrative template writes more than {limit} characters: is a loop running away?"))
G021_VALUE = G021.message(N_("the narrative template builds a text or list of more than {limit} characters or items"))
G021_LOOPS = G021.message(N_("the narrative template's range() loops run more than {limit} times in all"))
G021_TIME = G021.message(N_("the narrative template ran for more than {seconds} seconds and was stopped"))
G021_NUMBER = G021.message(N_("the narrative template raises a number to a power over {limit}"))
G021_WIDTH = G021.message(N_("the narrative template pads or formats to a width over {limit}"))
G021_FILE = G021.message(N_("the narrative template file is larger than {limit} KB"))
G006 = _code("G006", ERROR, "package", "a file a package names lies outside the package's folder (links followed) and outside its shared folder")
G006_OUTSIDE = G006.message(N_("{path} lies outside the package's folder {folder}: move it into the folder, or name its folder as the package's “shared” folder"))
G006_LINK = G006.message(N_("{path} is a link to {target}, outside the folder {folder}: copy the file itself into the folder"))
G006_NO_SHARED = G006.message(N_("the shared folder {path} does not exist or is not a folder"))
G001_CANNOT_OPEN = G001.message(N_("cannot open {path}: {reason}"))
G008 = _code("G008", ERROR, "package", "`parts` places a narrative or financial table the package does not have (or one twice), or `numbered` has no {n}")
G008_NARRATIVE = G008.message(N_("parts: the package has no narrative titled “{title}”: its narratives are {choices}"))
G008_TABLE = G008.message(N_("parts: the package has no financial table “{id}”: its tables are {choices}"))
G008_REF = G008.message(N_("a part placed on its own is written {{narrative: title}} or {{financial: table id}}, exactly one of them"))
G008_TWICE = G008.message(N_("parts: “{name}” is placed twice"))
G008_NUMBERED = G008.message(N_("“numbered” must hold {placeholder} where the project's number goes, as in “{example}”"))

# --- Financial tables (B) ------------------------------------------------------------------------

B001 = _code("B001", ERROR, "tables", "a total that is not the sum of its parts (rows, columns or the 类/款/项 hierarchy), beyond the rounding tolerance")
B001_SUM = B001.message(N_("{label}, {column}: printed {stated}, but {formula} gives {computed} (difference {difference}, rounding tolerance {tolerance})"))
B002 = _code("B002", ERROR, "tables", "an amount that another table prints differently (reported at the lower-numbered table, naming the other)")
B002_CROSS = B002.message(N_("{label}, {column}: printed {stated}, but {other_table} prints {other} for {other_label}, {other_column} (difference {difference}, rounding tolerance {tolerance})"))
B003 = _code("B003", ERROR, "tables", "a 科目名称 that differs from the official name of its 科目代码")
B003_NAME = B003.message(N_("subject {code}: the name is “{name}” but the official name is “{expected}”"))
B004 = _code("B004", ERROR, "tables", "a 科目代码 that is not in the 政府收支分类科目 list of the year")
B004_UNKNOWN = B004.message(N_("subject {code} “{name}” is not in the classification of government revenue and expenditure"))
B005 = _code("B005", ERROR, "tables", "a 科目代码 that is not a code (3, 5 or 7 digits; 3 or 5 for economic codes)")
B005_BAD_CODE = B005.message(N_("“{code}” is not a subject code ({lengths} digits)"))
B006 = _code("B006", ERROR, "tables", "a 款 or 项 row whose parent 类 or 款 row is missing")
B006_NO_PARENT = B006.message(N_("subject {code} {name}: the row of its parent {parent} is missing"))
B007 = _code("B007", ERROR, "tables", "an amount cell that is not a plain number")
B007_NOT_AMOUNT = B007.message(N_("{label}, {column}: “{value}” is not an amount (digits with a decimal point, no thousands separators, no units)"))
B008 = _code("B008", ERROR, "tables", "a fixed row of the table (a 行次, 合计, an economic code) is missing")
B008_NO_ROW = B008.message(N_("{table} has no row {label}"))
B009 = _code("B009", ERROR, "tables", "a fixed row whose label is not the official one")
B009_LABEL = B009.message(N_("row {line} of {table}: the label is “{label}” but the fixed label is “{expected}”"))
B010 = _code("B010", ERROR, "tables", "a 类 row with no corresponding row in the other table")
B010_NO_CLASS = B010.message(N_("class {code} {name} has no expenditure row in {other_table}"))
B011 = _code("B011", ERROR, "tables", "a cell the table leaves blank holds a value")
B011_NOT_BLANK = B011.message(N_("{label}, {column}: this cell is printed blank, but it holds “{value}”"))
B012 = _code("B012", ERROR, "tables", "a table's CSV file cannot be read (not UTF-8, more cells than columns, no header)")
B012_UNREADABLE = B012.message(N_("cannot read this table: {reason} (save it as UTF-8 CSV, one header row)"))
B012_EXTRA_CELLS = B012.message(N_("line {line} has more cells than the header: write amounts without thousands separators"))
B012_NOT_UTF8 = B012.message(N_("this table is not UTF-8 text: save it as UTF-8 CSV"))
B012_EMPTY = B012.message(N_("this table file is empty: it needs at least its header row"))
B012_TOO_LARGE = B012.message(N_("this table file is {size} MB, more than the {limit} MB a financial table can be: is it the right file?"))
B013 = _code("B013", ERROR, "tables", "a column the table needs is missing from the CSV header, or the header has an unknown column")
B013_MISSING_COLUMN = B013.message(N_("the table has no column “{column}” (its columns are: {columns})"))
B013_UNKNOWN_COLUMN = B013.message(N_("unknown column “{column}” (the table's columns are: {columns})"))
B014 = _code("B014", ERROR, "tables", "a cell whose value is not one of those the table allows (e.g. 栏 must be 收入 or 支出)")
B014_CHOICE = B014.message(N_("{column} is “{value}”: it must be one of {choices}"))
B015 = _code("B015", ERROR, "tables", "a fixed row marked for the other side of its table (e.g. a 支出 行次 whose 栏 says 收入): it would print on the wrong half")
B015_SIDE = B015.message(N_("行次 {line} of {table} is on the {expected} side: {column} must be “{expected}”, not “{value}” (it would print on the wrong half of the table)"))

# --- Template data (D): forms, layout families, schemes, table sets --------------------------------

D001 = _code("D001", ERROR, "templates", "a template file cannot be read or is not valid YAML", exit_status=2)
D001_UNREADABLE = D001.message(N_("this template file cannot be used: {problem}"))
D001_EMPTY = D001.message(N_("this template file is empty"))
D002 = _code("D002", ERROR, "templates", "an unknown key in a template file (with a \"did you mean\")", exit_status=2)
D002_UNKNOWN = D002.message(N_("unknown key “{key}” in {what}: allowed here: {allowed}"))
D002_NOT_HERE = D002.message(N_("a {kind} cell does not use “{key}” (it would be ignored); its keys: {allowed}"))
D002_SUGGEST = D002.message(N_("unknown key “{key}” in {what}: did you mean “{suggestion}”?"))
D003 = _code("D003", ERROR, "templates", "a missing key or a wrong kind of value in a template file", exit_status=2)
D003_MISSING = D003.message(N_("{what} needs “{key}”"))
D003_TYPE = D003.message(N_("“{key}” should be {expected}"))
D003_CHOICE = D003.message(N_("“{key}” is “{value}”: choose one of {choices}"))
D003_REPEAT = D003.message(N_("“repeat: true” repeats the table's first rows on every page: this row comes after a row that does not repeat, so it would not be repeated"))
D003_NO_SCORING = D003.message(N_("the form {name} is a self-evaluation table, but the {kind} entry has no “scoring”: add the scoring rules (execution, management, indicators) or remove the form"))
D003_COLUMNS = D003.message(N_("the first row of a subjects table must name the columns {columns} (this one holds: {header})"))
D004 = _code("D004", ERROR, "templates", "a form binds a spec field that does not exist, or a financial table column (or a value of it) that its table set does not have", exit_status=2)
D004_FIELD = D004.message(N_("there is no spec field “{field}” here (fields here: {fields})"))
D004_FIELD_SUGGEST = D004.message(N_("there is no spec field “{field}”: did you mean {suggestion}? (fields here: {fields})"))
D004_FIELD_UNDER = D004.message(N_("there is no spec field “{field}”: the fields under {parent} are {fields}"))
D004_NOT_LIST = D004.message(N_("“{field}” is not a list: a block of rows (items, join) needs a list field such as funds.sources"))
D004_NOT_LIST_FOR = D004.message(N_("“{field}” is not a list: “{key}” counts the elements of a list field (such as funds.sources or prior_years)"))
D004_EXPECTED = D004.message(N_("“expects” names {field}, but no cell of the form prints it: bind it in a row, or remove it from “expects”"))
D004_VARIABLE = D004.message(N_("there is no variable or field “{name}” (defined: {names})"))
D004_COLUMN = D004.message(N_("table {table} has no column “{column}” (its columns: {columns}): what it names would always be empty"))
D004_COLUMN_SUGGEST = D004.message(N_("table {table} has no column “{column}”: did you mean “{suggestion}”?"))
D004_COLUMN_VALUE = D004.message(N_("in table {table}, {column} is one of {choices}: “{value}” matches no row, so these rows would print empty"))
D005 = _code("D005", ERROR, "templates", "a form's grid is broken: cells overlap, a row does not fill the columns, a span leaves the grid", exit_status=2)
D005_WIDTH = D005.message(N_("this row has {used} columns, the form has {width}"))
D005_OVERLAP = D005.message(N_("this cell overlaps the cell spanning down from line {line}"))
D005_OUTSIDE = D005.message(N_("this cell spans past the grid: the row needs {need} columns, the form has {width}"))
D005_COVERS = D005.message(N_("this row needs {need} columns and the form has {width}: {covered} of them are taken by a cell spanning down from line {other}; leave a cell out of this row (or narrow a span), or shorten the span on line {other}"))
D005_TWO_FILLS = D005.message(N_("a second “span: fill” in this row: only one cell of a row can take the columns that are left"))
D005_NO_ROOM = D005.message(N_("this “span: fill” cell has no column left: the other cells of the row already take all {width}"))
D005_IF_NO_ELSE = D005.message(N_("when its condition does not hold this “if” cell prints nothing and the row is {span} column(s) short: give it an “else” (such as else: {{text: ''}})"))
D005_SPAN_INTO = D005.message(N_("a cell of this row spans down into table row {row}, where line {other} also puts a cell (“{text}”): shorten its rows, or leave that column out of line {other}"))
D005_BELOW = D005.message(N_("the cell “{text}” spans {rowspan} rows down from table row {row}, past the table's last row ({rows})"))
D005_MISSING = D005.message(N_("table row {row} leaves column(s) {columns} of {width} empty: a cell is missing or a span is too short"))
D005_PAST_GRID = D005.message(N_("the cell “{text}” in table row {row} runs past the last column ({width}): a span is too wide or a cell too many"))
D006 = _code("D006", ERROR, "templates", "a template names a form, scheme or table set that does not exist", exit_status=2)
D006_NOT_FOUND = D006.message(N_("{what} “{name}” not found (looked in: {places})"))
D006_KIND = D006.message(N_("the form “{name}” is for kind “{form_kind}”, not “{kind}”"))
D007 = _code("D007", ERROR, "templates", "a table set's formula, row or column reference cannot be read, or names a row or column its table does not have", exit_status=2)
D007_FORMULA = D007.message(N_("cannot read the formula “{formula}”: {problem}"))
D007_TERM = D007.message(N_("cannot read the formula “{formula}”: “{term}” is not a cell (write COLUMN, COLUMN@ROW, COLUMN@FIRST..LAST or TABLE:COLUMN@ROW)"))
D007_NO_TABLE = D007.message(N_("the formula “{formula}” names the table “{table}”, which this set does not have (its tables: {tables})"))
D007_NO_TABLE_NAMED = D007.message(N_("the formula “{formula}” relates tables, so each cell names its table, e.g. 公开01:金额@27: “{term}” names none"))
D007_OTHER_TABLE = D007.message(N_("the formula “{formula}” is a check of {home} but names the table {table}: put a relation between two tables under “cross”"))
D007_NO_COLUMN = D007.message(N_("the formula “{formula}” names the column “{column}”, which {table} does not have (its columns: {columns})"))
D007_NOT_A_LINE = D007.message(N_("the formula “{formula}”: “{row}” is not a row of {table}: write its 行次, a whole number such as @1"))
D007_NO_LINE = D007.message(N_("the formula “{formula}” names 行次 {row}, but {table} has no fixed row {row} (its 行次: {rows})"))
D007_NOT_A_SUBJECT = D007.message(N_("the formula “{formula}”: “{row}” is not a row of {table}: write {total} for its total row, or a subject code of {lengths} digits"))
D007_NOT_A_CODE = D007.message(N_("the formula “{formula}”: “{row}” is not a row of {table}: write a subject code of {lengths} digits"))
D007_BACKWARDS = D007.message(N_("the formula “{formula}”: the range {range} runs backwards: write the smaller row first, {fixed}"))
D007_CODE_RANGE = D007.message(N_("the formula “{formula}”: {range} is a range, but the rows of {table} are subject codes, which do not run in sequence: add the codes one by one (@301 + @302 + …)"))
D007_NEEDS_ROW = D007.message(N_("the formula “{formula}”: “{term}” is a cell of another table and must name its row, e.g. {example} (without one it would be read from the row at the same position)"))
D007_ROWS_UNUSED = D007.message(N_("“rows: {rows}” applies only to a formula that holds on every row, but “{formula}” names its rows (@…): remove “rows”"))
D007_COLUMN_NAME = D007.message(N_("“{key}: {column}”: {table} has no column “{column}” (its columns: {columns})"))
D007_BLANK_VALUE = D007.message(N_("“{column}: {value}”: in {table}, {column} is one of {choices}, so this rule would never apply"))
D007_SIDE = D007.message(N_("the fixed rows of {table} are grouped under “{side}”, but its {column} is one of {choices}"))
D007_CLASS = D007.message(N_("the class check names {table}:{column}, but this set has no such table or column"))
D007_CLASS_FIRST = D007.message(N_("the class check starts at 行次 {first} of {table}, which is not one of its fixed rows (its 行次: {rows})"))
D008 = _code("D008", ERROR, "templates", "a template text (title, label) refers to something that does not exist or is malformed", exit_status=2)
D008_TEMPLATE = D008.message(N_("cannot read the text template “{text}”: {problem}"))
D008_FORMAT = D008.message(N_("unknown format “{format}” after “|” in “{text}”: the formats are {formats}"))
D009 = _code("D009", ERROR, "templates", "two files in one template folder whose names differ only in case, full-width letters or spaces at the ends (reported at the second)", exit_status=2)
D009_SAME_NAME = D009.message(N_("this file and {first} both stand for “{name}” (case, full-width letters and spaces at the ends do not count): keep only one of them"))
D010 = _code("D010", WARNING, "templates", "a folder named in DOCGEN_TEMPLATES does not exist, or a template folder holds none of layouts/, forms/ …: nothing is taken from it")
D010_NO_FOLDER = D010.message(N_("DOCGEN_TEMPLATES names the folder {path}, which does not exist: it is skipped (check the spelling)"))
D010_EMPTY = D010.message(N_("the template folder {path} holds none of {parts}: nothing is taken from it (is it the right folder?)"))

# --- Rendering (W) -------------------------------------------------------------------------------

W001 = _code("W001", WARNING, "render", "no TrueType Chinese font found: the PDF uses the non-embedded STSong-Light (depends on the reader)")
W001_FONT = W001.message(N_("no TrueType Chinese font was found: the PDF uses the non-embedded STSong-Light font, which depends on the reader; install fonts-arphic-uming or set DOCGEN_PDF_FONT"))
W002 = _code("W002", WARNING, "render", "a cell longer than Excel's 32,767 characters: the Excel file cuts it (Word and PDF are complete)")
W002_LONG_CELL = W002.message(N_("a cell of table “{table}” holds {length} characters, more than Excel's 32,767: the Excel file cuts it; the Word and PDF files are complete"))
W003 = _code("W003", WARNING, "render", "`--public`: the project name is withheld, so the public files get a neutral name (依法不公开项目-1a2b3c4d, from the spec file's content)")
W003_NEUTRAL = W003.message(N_("the project name is withheld: the public files are named {stem}.*, so no file or folder name gives it away"))
W005 = _code("W005", WARNING, "render", "characters that no installed font can draw: the PDF shows them as blanks")
W005_GLYPHS = W005.message(N_("no installed font can draw {chars} ({codes}): the PDF shows blanks there; install a font that has them or set DOCGEN_PDF_FONT"))
W006 = _code("W006", WARNING, "render", "the font named by DOCGEN_PDF_FONT does not exist: another font was used")
W006_FONT_FILE = W006.message(N_("DOCGEN_PDF_FONT names {path}, which does not exist: another font was used"))
W007 = _code("W007", WARNING, "render", "an output file name longer than the file system allows (255 bytes): shortened, with a suffix from the full name")
W007_SHORTENED = W007.message(N_("the file name would be {length} bytes, more than the file system allows: it is written as {name}"))
W004 = _code("W004", ERROR, "render", "an output file cannot be written (no space, no permission, two specs writing the same file)", exit_status=2)
W004_CANNOT_WRITE = W004.message(N_("cannot write this file: {reason}"))
W004_COLLISION = W004.message(N_("{first} and {second} would both write this file: rename one of the spec files"))
W004_OUT_NOT_FOLDER = W004.message(N_("--out names this file, but it must be a folder (it is made when missing)"))

# --- Internal (Z) --------------------------------------------------------------------------------

Z001 = _code("Z001", ERROR, "internal", "an internal error of docgen (a bug): reported in one line, never a traceback", exit_status=2)
Z001_INTERNAL = Z001.message(N_("internal error in docgen, please report it: {detail}"))


def messages() -> list[Message]:
    """Every registered message, in registry order."""
    return [m for code in CODES.values() for m in code.messages]


# --- docs/diagnostics.md -------------------------------------------------------------------------

_INTRO = """\
# Diagnostic codes

Generated from `src/docgen/codes.py` (`python -m docgen.codes > docs/diagnostics.md`); a test
fails when this file and the registry differ.

Every diagnostic is printed as `FILE:LINE:COL: error|warning CODE message` (Chinese by default,
`--lang en` for English), one line each. Codes are stable: tests, editors and bureaus' scripts
may rely on them. A diagnostic points at the node that is wrong, following these conventions:

* a wrong key (unknown, duplicated, misplaced) → the key;
* a wrong value → the value (for a missing value, the mapping that should hold it);
* a sum that does not add up → the total that disagrees with its parts; where the parts are a list of
  rows (资金来源, 支出明细, 收入构成 …) → the list's key, and the message names the total and its line;
* an indicator-scheme problem → the 一级 or 二级 key;
* a problem with one indicator's value → that indicator's `target` (or `actual`) value;
* a problem with a whole indicator tree (e.g. weights that do not sum to 100) → the `indicators` key;
* a financial table's problem → the CSV cell (`公开02.csv:LINE:COLUMN`, the line of the file and
  the position of the column in its header), naming the other table where two disagree;
* a problem in the template data (a form, a layout family, a scheme, a table set) → the line of
  that template file.

Exit status: 0 no errors (warnings allowed), 1 the specs have errors, 2 a file could not be read or
written, the template data is broken, or docgen failed (the codes marked "exit 2").
"""


def markdown() -> str:
    """docs/diagnostics.md, from the registry."""
    lines = [_INTRO, "| code | severity | meaning |", "|---|---|---|"]
    for section, title in SECTIONS.items():
        codes = [c for c in CODES.values() if c.section == section]
        if not codes:
            continue
        lines.append(f"| **{title}** | | |")
        for c in codes:
            severity = c.severity.value + (" (exit 2)" if c.exit_status == 2 and c.is_error else "")
            lines.append(f"| {c.id} | {severity} | {c.summary} |")
    lines.append("")
    lines.append("## Messages")
    lines.append("")
    lines.append("Each code's message templates (English; `{name}` is filled in from the problem):")
    lines.append("")
    for c in CODES.values():
        for m in c.messages:
            text = m.msgid.replace("|", "\\|")
            lines.append(f"* **{c.id}** {text}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - exercised through the docs test
    sys.stdout.write(markdown())
