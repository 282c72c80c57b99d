"""A county's own 通报 template (DOC_TEMPLATE, docs/documents.md) filled in. Pure.

Placeholders are written in the template as plain text: {{发文机关}} {{文号}} {{标题}} {{主送}} {{落款}}
{{成文日期}} anywhere (body, tables, headers and footers; the first run's formatting is kept), and
{{正文}} alone in a paragraph, which is replaced by the body (headings, paragraphs, the ranking table).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from docx import Document
from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from bot.render.notice_text import Block, NoticeText
from bot.render.office_text import xml_text

BODY = "{{正文}}"


def placeholders(text: NoticeText) -> dict[str, str]:
    """Each one-line placeholder and what it becomes."""
    return {
        "{{发文机关}}": text.org,
        "{{文号}}": text.number,
        "{{标题}}": text.title,
        "{{主送}}": text.to,
        "{{落款}}": text.signature,
        "{{成文日期}}": text.date,
    }


def _all_paragraphs(doc: DocxDocument) -> Iterable[Paragraph]:
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in doc.sections:
        for part in (section.header, section.footer):
            yield from part.paragraphs


def _replace(paragraph: Paragraph, values: dict[str, str]) -> None:
    """The placeholders of a paragraph replaced, even when Word split one across several runs."""
    text = paragraph.text
    if "{{" not in text:
        return
    new = text
    for key, value in values.items():
        new = new.replace(key, value)
    if new == text or not paragraph.runs:
        return
    runs = paragraph.runs
    runs[0].text = xml_text(new)
    for run in runs[1:]:
        run.text = ""


def fill_template(
    template: bytes,
    text: NoticeText,
    *,
    write_body: Callable[[DocxDocument, list[Block]], None],
    set_font: Callable[..., None],
) -> bytes:
    """The template with every placeholder replaced; the body goes where {{正文}} stands (or at the end)."""
    doc = Document(io.BytesIO(template))
    values = placeholders(text)
    body_at = next((p for p in doc.paragraphs if p.text.strip() == BODY), None)
    for paragraph in list(_all_paragraphs(doc)):
        if paragraph is not body_at:
            _replace(paragraph, values)
    container = doc.element.body
    old = {id(el): el for el in container}  # held, so lxml keeps the same proxies (and ids)
    write_body(doc, text.body)
    # write_body appends before the section properties; move what it wrote to the placeholder's place.
    added = [el for el in container if id(el) not in old]
    if body_at is not None:
        for element in added:
            body_at._p.addprevious(element)
        body_at._p.getparent().remove(body_at._p)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
