"""Part-of-speech tags with jieba's HMM, as ``pos_tagger().cut(text)`` (jieba.posseg) gives them,
in less time: the same dictionary route (jieba-rs's through runs of Han characters) and the same
character-level model for the words the dictionary lacks, whose Viterbi search looks, for each
state, only at the states before it that can lead to it (jieba's looks at every state before it
and adds minus infinity for the others). Ties break as in jieba (the greater state wins); tests
compare the two on the seed articles."""

from __future__ import annotations

import functools
import re

from .segment import DEFAULT_DICT, Segmenter, pos_tagger

_HAN_ONLY = re.compile("[\u4e00-\u9fd5]+")  # jieba.posseg's Han characters
MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi's constants
MIN_INF = float("-inf")


@functools.cache
def _hmm():
    import jieba.posseg as ps

    return ps.char_state_tab_P, ps.start_P, ps.trans_P, ps.emit_P


def _viterbi(obs: str) -> list[tuple[str, str]]:
    """jieba.posseg.viterbi's route (the same states, tie for tie)."""
    states, start_p, trans_p, emit_p = _hmm()
    all_states = trans_p.keys()
    col = {y: start_p[y] + emit_p[y].get(obs[0], MIN_FLOAT) for y in states.get(obs[0], all_states)}
    back: list[dict] = [dict.fromkeys(col, "")]
    for t in range(1, len(obs)):
        ch = obs[t]
        here = states.get(ch, all_states)
        emit = {y: emit_p[y].get(ch, MIN_FLOAT) for y in here}
        new, path = {}, {}
        prev = []
        for y0, v0 in col.items():
            nxt = trans_p[y0]
            if not nxt:
                continue
            prev.append((y0, v0, nxt))
            for y, tr in nxt.items():
                em = emit.get(y)
                if em is None:
                    continue
                v = v0 + tr + em
                best = new.get(y)
                if best is None or v > best or (v == best and y0 > path[y]):
                    new[y], path[y] = v, y0
        for y, best in new.items():
            if best == MIN_INF:  # every way here is impossible: jieba's full comparison
                new[y], path[y] = max(
                    (v0 + nxt.get(y, MIN_INF) + emit[y], y0) for y0, v0, nxt in prev
                )
        if not new:  # jieba's fallback: the states the ones before can lead to, else any
            nexts = {y for _, _, nxt in prev for y in nxt}
            for y in nexts or all_states:
                em = emit_p[y].get(ch, MIN_FLOAT)
                new[y], path[y] = max((v0 + nxt.get(y, MIN_INF) + em, y0) for y0, v0, nxt in prev)
        col = new
        back.append(path)
    _, state = max((v, y) for y, v in col.items())
    route = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = back[i][state]
    return route


def _hmm_words(text: str) -> list[tuple[str, str]]:
    """jieba.posseg's __cut: words and tags of a run of Han characters by the HMM."""
    route = _viterbi(text)
    out, begin, nexti = [], 0, 0
    for i, char in enumerate(text):
        pos, tag = route[i]
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append((text[begin : i + 1], tag))
            nexti = i + 1
        elif pos == "S":
            out.append((char, tag))
            nexti = i + 1
    if nexti < len(text):
        out.append((text[nexti:], route[nexti][1]))
    return out


def _detail(text: str) -> list[tuple[str, str]]:
    """jieba.posseg's __cut_detail: a run of single characters the dictionary has no word for."""
    import jieba.posseg as ps

    out = []
    for blk in ps.re_han_detail.split(text):
        if ps.re_han_detail.match(blk):
            out.extend(_hmm_words(blk))
            continue
        for x in ps.re_skip_detail.split(blk):
            if x:
                flag = "m" if ps.re_num.match(x) else "eng" if ps.re_eng.match(x) else "x"
                out.append((x, flag))
    return out


@functools.cache
def _segmenter(dict_path: str) -> Segmenter:
    return Segmenter(dict_path, engine="rjieba")


def _route(pt, text: str, dict_path: str) -> list[str]:
    """The words of the dictionary's best route through ``text`` (jieba's get_DAG and calc);
    through a run of Han characters alone, jieba-rs's cut without HMM, the same words."""
    if _HAN_ONLY.fullmatch(text):
        return _segmenter(dict_path).cut(text)
    tk = pt.tokenizer
    route: dict = {}
    tk.calc(text, tk.get_DAG(text), route)
    out, x = [], 0
    while x < len(text):
        y = route[x][1] + 1
        out.append(text[x:y])
        x = y
    return out


def _dag(pt, text: str, dict_path: str) -> list[tuple[str, str]]:
    """jieba.posseg's __cut_DAG: the dictionary's best route, runs of single characters that are
    no word by the HMM."""
    tk, tags = pt.tokenizer, pt.word_tag_tab
    out: list[tuple[str, str]] = []

    def flush(buf: str) -> None:
        if len(buf) == 1:
            out.append((buf, tags.get(buf, "x")))
        elif not tk.FREQ.get(buf):
            out.extend(_detail(buf))
        else:
            out.extend((c, tags.get(c, "x")) for c in buf)

    buf = ""
    for word in _route(pt, text, dict_path):
        if len(word) == 1:
            buf += word
        else:
            if buf:
                flush(buf)
                buf = ""
            out.append((word, tags.get(word, "x")))
    if buf:
        flush(buf)
    return out


@functools.lru_cache(maxsize=1 << 13)
def hmm_pos_tags(text: str, dict_path: str = str(DEFAULT_DICT)) -> tuple[tuple[str, str], ...]:
    """(word, flag) pairs, as ``[(t.word, t.flag) for t in pos_tagger().cut(text)]``."""
    import jieba.posseg as ps

    pt = pos_tagger(dict_path)
    pt.makesure_userdict_loaded()
    out: list[tuple[str, str]] = []
    for blk in ps.re_han_internal.split(text):
        if ps.re_han_internal.match(blk):
            out.extend(_dag(pt, blk, dict_path))
            continue
        for x in ps.re_skip_internal.split(blk):
            if ps.re_skip_internal.match(x):
                out.append((x, "x"))
                continue
            for xx in x:  # jieba tests the whole of x for Latin letters, not xx
                flag = "m" if ps.re_num.match(xx) else "eng" if ps.re_eng.match(x) else "x"
                out.append((xx, flag))
    return tuple(out)
