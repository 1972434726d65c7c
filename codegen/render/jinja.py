"""The one Jinja2 environment every template is rendered with."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from codegen import naming
from codegen.render import escaping


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("codegen", "templates"),
        undefined=jinja2.StrictUndefined,  # a misspelt name fails instead of rendering empty
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # escaping is explicit, per output language, in codegen.render.escaping
        bytecode_cache=jinja2.FileSystemBytecodeCache(),  # compiled templates, per user
    )
    env.filters["py"] = escaping.python_value
    env.filters["json"] = escaping.json_text
    env.filters["assign"] = escaping.python_assign
    env.filters["import_order"] = escaping.import_order
    env.filters["import_line"] = escaping.python_import
    env.filters["all_order"] = escaping.all_order
    env.filters["tuple"] = escaping.python_tuple
    env.filters["union"] = escaping.python_union
    env.filters["tuple_argument"] = escaping.python_tuple_argument
    env.filters["class_head"] = escaping.python_class_head
    env.filters["docstring"] = escaping.python_docstring
    env.globals["naming"] = naming
    env.filters["md"] = escaping.markdown_text
    env.filters["md_code"] = (
        escaping.markdown_with_code
    )  # XT's texts: code spans as code
    env.filters["yaml_str"] = escaping.yaml_str
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
