"""Case book exporters: Markdown and DOCX (python-docx: title page, table-of-contents field,
a heading per group, one card per case, numbered sources at the end)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from casegraph.cases.book import Book
from casegraph.cases.cards import Card


def _num(v) -> str:
    return str(int(v)) if v is not None and float(v) == int(v) else str(v)


def hedge_mark(o: dict) -> str:
    """（约数） or （下限） when the figure is approximate or a lower bound and its surface does not
    already say so (2100多家, 60%以上 carry their own hedge)."""
    surface = o["surface"]
    if o.get("lower_bound") and not any(h in surface for h in ("以上", "超", "逾", "突破", "不")):
        return "（下限）"
    if o.get("approximate") and not any(h in surface for h in ("余", "多", "左右", "近", "约")):
        return "（约数）"
    return ""


def outcome_text(o: dict) -> str:
    """A figure once, as the article wrote it (79%, 2.6万名), with its indicator; a hedge or a
    lower bound the surface does not show is marked."""
    text = o["surface"] + hedge_mark(o)
    return f"{o['indicator']}：{text}" if o.get("indicator") else text


def figures_line(c: Card) -> str:
    """The card's figures on one line, each once, as written, with its indicator."""
    return "；".join(dict.fromkeys(outcome_text(o) for o in c.outcomes))


def paragraph_ref(passage_id: str) -> str:
    """A reference a reader can follow in the article: a-…-005 -> 第6段."""
    try:
        return f"第{int(passage_id.rsplit('-', 1)[1]) + 1}段"
    except (IndexError, ValueError):
        return passage_id


def _source_numbers(book: Book) -> dict[str, int]:
    return {s["article_id"]: i for i, s in enumerate(book.sources(), 1)}


def source_line(s: dict) -> str:
    parts = [f"《{s['title']}》", s.get("publisher") or "", s.get("date") or "日期不详"]
    line = "，".join(p for p in parts if p)
    return line + (f"，{s['url']}" if s.get("url") else "")


def to_markdown(book: Book) -> str:
    nums = _source_numbers(book)
    out = [
        f"# {book.title}",
        "",
        f"casegraph 生成于 {dt.date.today().isoformat()}；"
        f"{sum(len(c) for _, c in book.groups)} 个案例。每句均引自原文，[n] 为出处编号，“第n段”为原文段落。",
        "",
    ]
    out += (
        ["## 目录", ""]
        + [f"{i}. {h}（{len(cs)}）" for i, (h, cs) in enumerate(book.groups, 1)]
        + [""]
    )
    for h, cards in book.groups:
        out += [f"## {h}", ""]
        for c in cards:
            out += _card_md(c, nums[c.source["article_id"]])
    out += (
        ["## 出处", ""] + [f"{i}. {source_line(s)}" for i, s in enumerate(book.sources(), 1)] + [""]
    )
    return "\n".join(out)


def _card_md(c: Card, n: int) -> list[str]:
    out = [f"### {c.title}", "", f"**地区**：{' > '.join(c.region) or '未识别'}", ""]
    if c.background:
        out += [
            f"**背景**：“{c.background.text}” [{n}，{paragraph_ref(c.background.passage_id)}]",
            "",
        ]
    out += ["**做法**：" + _quotes(c.practice, n), ""]
    if c.results:
        out += ["**成效**：" + _quotes(c.results, n), ""]
        out += [f"**数字**：{figures_line(c)}", ""] if c.outcomes else []
    elif c.outcomes:
        out += [f"**成效**：{figures_line(c)}", ""]
    else:
        out += ["**成效**：原文未报告成效。", ""]
    out += [f"**出处**：[{n}] {source_line(c.source)}", ""]
    return out


def _quotes(quotes, n: int) -> str:
    """Quoted sentences, each run from one paragraph followed by its reference [n，第k段]."""
    out = ""
    for i, q in enumerate(quotes):
        out += f"“{q.text}”"
        if i + 1 == len(quotes) or quotes[i + 1].passage_id != q.passage_id:
            out += f" [{n}，{paragraph_ref(q.passage_id)}]"
    return out


def to_docx(book: Book, path) -> None:
    """Write the book to a path or a binary file object."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(11)
    rpr = style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Sans CJK SC")
    title = doc.add_paragraph(book.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph(
        f"casegraph 生成于 {dt.date.today().isoformat()} · "
        f"{sum(len(c) for _, c in book.groups)} 个案例 · 每句均引自原文，[n] 为出处编号"
    )
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading("目录", level=1)
    # written out, so every viewer shows it; Word can add page numbers with the field below
    for i, (h, cards) in enumerate(book.groups, 1):
        doc.add_paragraph(f"{i}. {h}（{len(cards)}）").paragraph_format.space_after = Pt(2)
        for c in cards:
            entry = doc.add_paragraph(c.title)
            entry.paragraph_format.left_indent = Pt(18)
            entry.paragraph_format.space_after = Pt(0)
    doc.add_paragraph(f"{len(book.groups) + 1}. 出处")
    toc = doc.add_paragraph()
    _field_code(toc, 'TOC \\o "1-2" \\h \\z \\u', "（在 Word 中“更新域”可生成带页码的目录）")
    toc.add_run().add_break(WD_BREAK.PAGE)
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("第 ")
    _field_code(footer, "PAGE", "1")
    footer.add_run(" 页")
    nums = _source_numbers(book)
    for h, cards in book.groups:
        doc.add_heading(h, level=1)
        for c in cards:
            n = nums[c.source["article_id"]]
            doc.add_heading(c.title, level=2)
            _field(doc, "地区", " > ".join(c.region) or "未识别")
            if c.background:
                _field(doc, "背景", f"“{c.background.text}” [{n}]")
            _field(doc, "做法", _quotes(c.practice, n))
            if c.results or c.outcomes:
                if c.results:
                    _field(doc, "成效", _quotes(c.results, n))
                if c.outcomes:
                    _field(doc, "数字" if c.results else "成效", figures_line(c))
            else:
                _field(doc, "成效", "原文未报告成效。")
            _field(
                doc,
                "出处",
                f"[{n}] {source_line(c.source)}；"
                + "、".join(paragraph_ref(p) for p in c.passages),
            )
    doc.add_heading("出处", level=1)
    for s in book.sources():
        doc.add_paragraph(source_line(s), style="List Number")
    doc.core_properties.title = book.title
    doc.core_properties.author = "casegraph"
    doc.save(str(path) if isinstance(path, (str, Path)) else path)


def _field_code(paragraph, instr: str, placeholder: str) -> None:
    """A Word field (TOC, PAGE) in a paragraph, with the text shown until it is updated."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _field(doc, label: str, value: str) -> None:
    p = doc.add_paragraph()
    p.add_run(f"{label}：").bold = True
    if value:
        p.add_run(value)
