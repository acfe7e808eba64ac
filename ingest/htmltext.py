"""HTML -> text lines: drop scripts and page chrome, keep the article body, mark images."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from casegraph.core.text import HAN

from .metadata import parse_date

_DROP = (
    "script",
    "style",
    "noscript",
    "iframe",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "textarea",
    "svg",
    "template",
    "object",
    "embed",
    "canvas",
)
_BLOCK = (
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "blockquote",
    "figcaption",
    "figure",
    "dd",
    "dt",
    "pre",
    "table",
    "ul",
    "ol",
    "center",
)
_CHROME = re.compile(
    r"nav|menu|breadcrumb|footer|share|sidebar|comment|copyright|toolbar|crumb", re.I
)
_HAN = re.compile(rf"[{HAN}]")


# libxml2 stops at 256 levels of nesting unless told otherwise: deeply nested pages (generated
# layouts, hostile HTML) would lose their text silently
_PARSER = lxml.html.HTMLParser(huge_tree=True)


def _parse(html: str) -> etree._Element:
    return (
        lxml.html.document_fromstring(html, parser=_PARSER)
        if re.search(r"<html|<body|<head", html[:4096], re.I)
        else lxml.html.fragment_fromstring(html, create_parent="div", parser=_PARSER)
    )


def _clean(root: etree._Element) -> None:
    for el in list(root.iter(*_DROP)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in list(root.iter("div", "ul", "ol", "p", "span", "section")):
        ident = f"{el.get('class', '')} {el.get('id', '')}"
        if ident.strip() and _CHROME.search(ident) and el.getparent() is not None:
            el.drop_tree()


def _body(root: etree._Element) -> etree._Element:
    """The element holding most paragraph text: <article>, else the best <p> parent."""
    arts = root.xpath("//article")
    if arts:
        return max(arts, key=lambda a: len(a.text_content()))
    scores: dict = {}
    for p in root.iter("p"):
        parent = p.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + len(_HAN.findall(p.text_content()))
    if not scores:
        body = root.find(".//body")
        return body if body is not None else root
    best = max(scores, key=scores.get)
    return best


def _to_lines(el: etree._Element) -> list[str]:
    for img in list(el.iter("img")):
        img.tail = "\n\\\n" + (img.tail or "")
    for b in el.iter(*_BLOCK):
        b.tail = "\n" + (b.tail or "")
        if b.tag in ("figcaption",):
            b.text = "\n\\\n" + (b.text or "")
    return el.text_content().split("\n")


def html_meta(root: etree._Element) -> dict:
    def meta(*names: str) -> str | None:
        for n in names:
            for attr in ("property", "name", "itemprop"):
                v = root.xpath(f'string(//meta[@{attr}="{n}"]/@content)')
                if v.strip():
                    return v.strip()
        return None

    title = meta("og:title", "ArticleTitle", "title")
    if not title:
        h1 = root.xpath("string(//h1)").strip()
        t = root.xpath("string(//title)").strip()
        title = h1 or re.split(r"\s*[_|｜—-]{1,2}\s*", t)[0] if (h1 or t) else None
    date = meta(
        "article:published_time",
        "PubDate",
        "pubdate",
        "publishdate",
        "datePublished",
        "firstpublishedtime",
    )
    url = root.xpath("string(//link[@rel='canonical']/@href)").strip() or meta("og:url")
    source = meta("ContentSource", "source", "og:site_name", "SiteName")
    return {
        "title": title or None,
        "date": parse_date(date) if date else None,
        "url": url or None,
        "source": source,
    }


def html_to_lines(html: str, whole_page: bool = True) -> tuple[list[str], dict]:
    """-> (lines of the article body, metadata found in the page head)."""
    if "<" not in html:
        return html.split("\n"), {}
    root = _parse(html)
    meta = html_meta(root) if whole_page else {}
    _clean(root)
    if whole_page and not (meta.get("date") and meta.get("source")):
        _meta_from_lines(_to_lines(root), meta)
    body = _body(root) if whole_page else root
    return _to_lines(body), meta


def _meta_from_lines(lines: list[str], meta: dict) -> None:
    """The date / source / author line a page prints near its headline (often outside the
    article's own element): fills what the head's meta tags did not give."""
    from .metadata import is_meta_line, parse_meta_line

    for line in (x.strip() for x in lines[:60]):
        if line and is_meta_line(line):
            found = parse_meta_line(line)
            for key in ("date", "source"):
                if not meta.get(key) and found.get(key):
                    meta[key] = found[key]
            if found.get("authors") and not meta.get("authors"):
                meta["authors"] = found["authors"]
            return
