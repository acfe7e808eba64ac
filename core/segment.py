"""One Segmenter for search and extraction: jieba with the domain dictionary.

jieba is the reference; ``engine="rjieba"`` uses jieba-rs with the same dictionary and the same
word frequencies (tokens checked identical in tests and benchmarks/ingest.py), about 20x faster."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from .text import HAN

_WORD = re.compile(rf"[{HAN}]|[A-Za-z0-9]")
DEFAULT_DICT = resources.files("casegraph.core") / "data" / "domain_dict.txt"
DEFAULT_STOPWORDS = resources.files("casegraph.core") / "data" / "stopwords.txt"


def dictionary_digest(path: Path | str = DEFAULT_DICT) -> str:
    """Changes when the domain dictionary does (an index segmented with another is stale)."""
    import hashlib

    return hashlib.sha1(Path(str(path)).read_bytes()).hexdigest()[:16]


def load_terms(path: Path | str = DEFAULT_DICT) -> list[tuple[str, int | None, str | None]]:
    terms = []
    for line in Path(str(path)).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        terms.append((parts[0], freq, tag))
    return terms


@functools.cache
def _jieba(dict_path: str):
    import logging

    import jieba

    from .files import private_cache_dir

    tk = jieba.Tokenizer()
    # jieba's own cache (its dictionary, marshalled) in a folder only this user writes, not the
    # shared /tmp/jieba.cache another user's build may own; when it cannot be written jieba
    # logs a traceback at ERROR, which is no news to a person: quiet until it is loaded
    folder = private_cache_dir()
    if folder is not None:
        tk.tmp_dir = str(folder)
    jieba.setLogLevel(logging.CRITICAL)
    try:
        tk.initialize()
    finally:
        jieba.setLogLevel(logging.WARNING)
    words = []
    for word, freq, tag in load_terms(dict_path):
        tk.add_word(word, freq, tag)
        if freq is None:
            tk.suggest_freq(word, tune=True)
            # at least 100 per character: near-zero suggestions tie (嘎查|村党组织书记 against
            # 嘎查村|党组织书记) and jieba and jieba-rs break ties differently
            tk.add_word(word, max(tk.FREQ[word], 100 * len(word)), tag)
        words.append(word)
    # the frequencies as they end up (a later term's tuning can change an earlier one's)
    return tk, {w: tk.FREQ[w] for w in words}


def word_frequency(word: str, dict_path: str = str(DEFAULT_DICT)) -> int:
    """How often jieba's dictionary (with the domain terms) has seen ``word`` (0: not a word)."""
    tk, _ = _jieba(dict_path)
    return tk.FREQ.get(word) or 0


@functools.cache
def _word_pairs(dict_path: str) -> frozenset[str]:
    tk, _ = _jieba(dict_path)
    return frozenset(
        w[k : k + 2] for w, f in tk.FREQ.items() if f and len(w) >= 2 for k in range(len(w) - 1)
    )


def word_pair_share(text: str, dict_path: str = str(DEFAULT_DICT)) -> float | None:
    """The share of adjacent Han character pairs of ``text`` that occur inside some dictionary
    word (None under 10 pairs). Written Chinese scores 0.2 and up, the lowest over the People's
    Daily and news corpora being 0.23; characters drawn at random (keyword stuffing) near 0."""
    han = re.compile(f"[{HAN}]{{2}}")
    pairs = [text[k : k + 2] for k in range(len(text) - 1) if han.match(text, k)]
    if len(pairs) < 10:
        return None
    known = _word_pairs(dict_path)
    return sum(1 for p in pairs if p in known) / len(pairs)


@functools.cache
def pos_tagger(dict_path: str = str(DEFAULT_DICT)):
    """jieba.posseg over the same dictionary (word, flag pairs), for short phrases."""
    import jieba.posseg

    tk, _ = _jieba(dict_path)
    return jieba.posseg.POSTokenizer(tk)


_ASCII_WORD = re.compile(r"^[a-zA-Z0-9]+$")


@functools.cache
def _rjieba_tagged(dict_path: str):
    import rjieba

    _, freqs = _jieba(dict_path)
    tags = {word: tag for word, _, tag in load_terms(dict_path)}
    tk = rjieba.Jieba()
    for word, freq in freqs.items():
        tk.add_word(word, freq, tags.get(word))
    return tk


def pos_tags(text: str, dict_path: str = str(DEFAULT_DICT)) -> list[tuple[str, str]]:
    """(word, flag) pairs by the dictionary alone (no HMM), as jieba.posseg tags them with
    ``HMM=False`` (Latin letters and digits ``eng``, an untagged domain term ``x``), by jieba-rs:
    about ten times faster."""
    return [
        (w, "eng" if _ASCII_WORD.match(w) else (flag or "x"))
        for w, flag in _rjieba_tagged(dict_path).tag(text, False)
    ]


@functools.cache
def _rjieba(dict_path: str):
    import rjieba

    _, freqs = _jieba(dict_path)
    tk = rjieba.Jieba()
    for word, freq in freqs.items():
        tk.add_word(word, freq, None)
    return tk


@functools.cache
def stopwords(path: str = str(DEFAULT_STOPWORDS)) -> frozenset[str]:
    return frozenset(w.strip() for w in Path(path).read_text(encoding="utf-8").split() if w.strip())


class Segmenter:
    """``cut(text)`` -> all tokens; ``terms(text)`` -> index terms (no punctuation, no stop words)."""

    def __init__(self, dict_path: Path | str = DEFAULT_DICT, engine: str = "rjieba") -> None:
        if engine not in ("jieba", "rjieba"):
            raise ValueError(f"unknown segmentation engine {engine!r}; known: jieba, rjieba")
        self.engine = engine
        self.dict_path = str(dict_path)
        if engine == "jieba":
            self._tk, _ = _jieba(self.dict_path)
        else:
            self._tk = _rjieba(self.dict_path)

    def cut(self, text: str) -> list[str]:
        if self.engine == "jieba":
            return list(self._tk.cut(text, HMM=False))
        return self._tk.cut(text, hmm=False)

    def boundaries(self, text: str) -> set[int]:
        """Character offsets where a token starts or ends (word boundaries of ``text``)."""
        return {0, *itertools.accumulate(map(len, self.cut(text)))}

    def lazy_boundaries(self, text: str) -> Callable[[], set[int]]:
        """``boundaries(text)``, segmented at the first call only (and then kept)."""
        got: list[set[int]] = []

        def cuts() -> set[int]:
            if not got:
                got.append(self.boundaries(text))
            return got[0]

        return cuts

    def cut_for_search(self, text: str) -> list[str]:
        """Words and the shorter words inside them (挂职锻炼 -> 挂职, 锻炼, 挂职锻炼)."""
        if self.engine == "jieba":
            return list(self._tk.cut_for_search(text, HMM=False))
        return self._tk.cut_for_search(text, hmm=False)

    def terms(self, text: str, fine: bool = False) -> list[str]:
        """Index terms: no punctuation, no stop words; ``fine`` adds the words inside words."""
        stop = stopwords()
        toks = self.cut_for_search(text) if fine else self.cut(text)
        return [t.lower() for t in toks if _WORD.search(t) and t not in stop and t.strip()]


@functools.cache
def default_segmenter() -> Segmenter:
    """The process-wide Segmenter with the default dictionary and engine."""
    return Segmenter()
