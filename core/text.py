"""The text rules every stage shares, defined once: the Han character class, and the one sentence
rule (passages are cut at sentence ends, the graph's cg:Sentence nodes, case cards and search's
sentence vectors all use it)."""

from __future__ import annotations

import re

# CJK Unified Ideographs, Extension A and the Compatibility Ideographs
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_CHAR = re.compile(f"[{HAN}]")
SENTENCE = re.compile(r".+?(?:[。！？!?；;…]+[”’」）)]*|$)", re.S)


def split_sentences(text: str) -> list[str]:
    """Sentences as cut, unstripped, so they join back to ``text``."""
    return [s for s in SENTENCE.findall(text) if s]


def sentence_texts(text: str, min_chars: int = 1) -> list[str]:
    """Sentences stripped, those shorter than ``min_chars`` dropped."""
    return [t for t in (s.strip() for s in SENTENCE.findall(text)) if len(t) >= min_chars]
