"""Text as the .docx and .pptx can hold it. Pure.

Word and PowerPoint files are XML 1.0, which has no place for most control characters (U+0000–U+001F
except tab, line feed and carriage return), for lone surrogates nor for U+FFFE/U+FFFF: lxml refuses them
("All strings must be XML compatible") and the whole document would fail for one odd name. They are
dropped — nothing a reader could see is lost. A carriage return becomes a line feed (python-pptx would
write it as the visible "_x000D_"; python-docx makes either a line break). Every other character (`<b>`, `&`, `$x$`, `=cmd`, RTL
marks, emoji) is written as it is.
"""

from __future__ import annotations

import re

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold."""
    return XML_INVALID.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
