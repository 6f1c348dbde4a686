"""Whether text looks like a person's name: a guess, used only to warn and to keep quiet.

Chinese personal names are two to four characters beginning with a surname. A cell of free
text that the report prints verbatim (`Column.published`: 重大行政决策「事项」, 主送机关) gets a
warning when a part of it looks like one ("张三", "关于王小明等人…"); a value typed into a
date, number or choice column that looks like one is never echoed in a message (the location
is). The surnames are the hundred most common and the common compound ones (about 85% of
people): a guess that errs on the side of saying too much, never a guarantee.
"""

from __future__ import annotations

import re

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "慕容", "东方", "皇甫", "尉迟", "公孙", "令狐", "宇文", "长孙", "夏侯")
# Last characters of words that name a place, an office or a thing, not a person ("江村", "高铁站")
_NOT_A_PERSON = set("村镇乡区县市省州局委办所院校会部队处科室厅司社组站街路河山湖馆场厂店行楼园桥港库矿厦业网台刊报书法规案项目")
_HAN = r"[\u4e00-\u9fff]"
_NAME = re.compile(rf"(?:{'|'.join(COMPOUND_SURNAMES)}){_HAN}{{1,2}}|[{SURNAMES}]{_HAN}{{1,2}}")
# a name inside a sentence, recognised by what follows it: 王小明等人、李四同志、张某户
_IN_TEXT = re.compile(rf"(?:{'|'.join(COMPOUND_SURNAMES)}|[{SURNAMES}])(?!某){_HAN}{{1,2}}(?=同志|先生|女士|等人|等\d|一家|户)")
_SEPARATORS = re.compile(r"[\s,，、;；:：()（）\[\]【】<>《》\"'“”‘’/|.。!！?？-]+")


def is_name(text: str) -> bool:
    """True when the whole of `text` (spaces ignored) looks like a personal name."""
    word = re.sub(r"\s+", "", text)
    return bool(_NAME.fullmatch(word)) and word[-1] not in _NOT_A_PERSON and "某" not in word  # 张某: already anonymous


def names_in(text: str) -> bool:
    """True when some part of `text`, between punctuation, or a word before 等人/同志/先生…,
    looks like a personal name."""
    return bool(_IN_TEXT.search(text)) or any(is_name(part) for part in _SEPARATORS.split(text) if part)
