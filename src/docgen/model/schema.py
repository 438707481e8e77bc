"""JSON Schema of the spec format for YAML editors (`docgen schema`).

Generated from the pydantic model, then every property's Chinese label and aliases are added as
properties of the same schema, so an editor accepts (and completes) 项目名称 as well as name.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import TypeAdapter

from .build import field_table
from .spec import KINDS, Department, Package, Project, SpecModel


def _models() -> dict[str, type[SpecModel]]:
    found: dict[str, type[SpecModel]] = {}

    def visit(model: type[SpecModel]) -> None:
        if model.__name__ in found:
            return
        found[model.__name__] = model
        for info in model.model_fields.values():
            for sub in _submodels(info.annotation):
                visit(sub)

    for model in KINDS.values():
        visit(model)
    return found


def _submodels(annotation: Any):
    if isinstance(annotation, type) and issubclass(annotation, SpecModel):
        yield annotation
        return
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _submodels(arg)
    meta = getattr(annotation, "__metadata__", None)
    if meta is not None:
        yield from _submodels(annotation.__origin__)


def _add_aliases(obj: dict, model: type[SpecModel]) -> None:
    props = obj.get("properties") or {}
    for spelling, name in field_table(model).items():
        if spelling != name and name in props and spelling not in props:
            alias = copy.deepcopy(props[name])
            alias["description"] = f"{props[name].get('title', name)}（{name} 的中文写法）"
            props[spelling] = alias
    required = obj.pop("required", None)
    if required:
        # a required field may be written under any of its names
        spellings: dict[str, list[str]] = {}
        for spelling, name in field_table(model).items():
            if spelling in props:
                spellings.setdefault(name, []).append(spelling)
        obj["allOf"] = [{"anyOf": [{"required": [s]} for s in spellings.get(name, [name])]} for name in required]


def spec_json_schema(kind: str = "all") -> dict:
    """The JSON Schema of one kind of spec, or of all (``all``)."""
    if kind == "project":
        target: Any = Project
    elif kind == "department":
        target = Department
    elif kind == "package":
        target = Package
    else:
        target = Project | Department | Package
    schema = TypeAdapter(target).json_schema()
    models = _models()
    for name, definition in (schema.get("$defs") or {}).items():
        if name in models:
            _add_aliases(definition, models[name])
    if kind in KINDS:
        _add_aliases(schema, KINDS[kind])
    project = schema if kind == "project" else (schema.get("$defs") or {}).get("Project")
    if project is not None:
        # 项目期 may also be one text, 2023.07-2024.01 (spec.PeriodField)
        for spelling, name in field_table(Project).items():
            prop = project.get("properties", {}).get(spelling)
            if name == "period" and prop is not None and "anyOf" in prop:
                prop["anyOf"].insert(-1, {"type": "string", "description": "项目期：2023.07-2024.01 / 2023年7月至2024年1月"})
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema.setdefault("title", "docgen 规格文件（预算绩效目标表 / 自评表）")
    schema["description"] = "docgen 的 YAML 规格格式：kind: project（项目）或 department（部门整体）。每个键可用英文名或中文标签。"
    return schema
