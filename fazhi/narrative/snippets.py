"""VS Code snippets for narrative authors, generated from the catalogue and the registries.

``.vscode/fazhi.code-snippets`` is written from `snippets_text` by
`fazhi.generated`. Every snippet's prefix is its Chinese name and, so that
typing "fz" lists them all, the same name after "fz".
"""

from __future__ import annotations

import json
from typing import Any

from .template import (
    CHART_FUNCTION,
    COMPARABLE_TEST,
    HAS_VALUE_TEST,
    INFO_NAMES,
    PLACEHOLDER_ATTRIBUTES,
    REPORTED_TEST,
    TABLE_FUNCTION,
    placeholder_name,
)


def _snippet(name: str, body: str | list[str], description: str) -> dict[str, Any]:
    return {"scope": "markdown", "prefix": [name, f"fz{name}"], "body": body, "description": description}


def build_snippets() -> dict[str, dict[str, Any]]:
    """Every snippet, keyed by its title as VS Code lists it."""
    from ..charts import CHARTS
    from ..indicators import CATALOGUE
    from ..tables import TABLES

    out: dict[str, dict[str, Any]] = {}
    for ind in CATALOGUE:
        name = placeholder_name(ind.key)
        out[f"指标：{name}"] = _snippet(name, f"{{{{ {name} }}}}", f"{ind.meaning}（单位：{ind.unit}）")
    for name, meaning in INFO_NAMES.items():
        out[f"基本信息：{name}"] = _snippet(name, f"{{{{ {name} }}}}", meaning)
    for function, registry in ((CHART_FUNCTION, CHARTS), (TABLE_FUNCTION, TABLES)):
        for key, spec in registry.items():
            out[f"{function}：{key}"] = _snippet(f"{function}{key}", ["", f'{{{{ {function}("{key}") }}}}', ""],
                                                 f"{spec.caption}（须单独占一行）")
    out["条件：数值大于0时才写"] = _snippet("如果", ["{% if ${1:矛盾纠纷受理数} > 0 %}", "$0", "{% endif %}"],
                                    "仅当指标大于0时输出其中的文字")
    out["条件：已报送时才写"] = _snippet("如果已报送",
                                 [f"{{% if ${{1:矛盾纠纷受理数}} is {REPORTED_TEST} %}}", "$0", "{% endif %}"],
                                 "仅当工作簿填报了该指标所在工作表时输出其中的文字")
    out["条件：有数值时才写"] = _snippet("如果有数值", [f"{{% if ${{1:调解成功率}} is {HAS_VALUE_TEST} %}}", "$0", "{% endif %}"],
                                  "仅当指标有数值（不是“未报送”“不适用”）时输出其中的文字")
    out["条件：有上年数据时写同比"] = _snippet("如果可比",
                                   [f"{{% if ${{1:矛盾纠纷受理数}} is {COMPARABLE_TEST} %}}{{{{ $1.同比 }}}}{{% endif %}}"],
                                   "本年和上年都有数值时写出同比变化")
    for attr, meaning in PLACEHOLDER_ATTRIBUTES.items():
        out[f"属性：{attr}"] = _snippet(attr, f"{{{{ ${{1:矛盾纠纷受理数}}.{attr} }}}}", meaning)
    return out


def snippets_text() -> str:
    return json.dumps(build_snippets(), ensure_ascii=False, indent=2) + "\n"
