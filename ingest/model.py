"""Values that flow out of ingestion: Article, Passage, and Problem (a skipped input)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from casegraph.core.errors import CasegraphError


@dataclass(frozen=True)
class Passage:
    """A retrievable unit of an article; ``text == article.text[start:end]``."""

    id: str
    text: str
    start: int
    end: int
    heading: str | None = None
    kind: str = "body"  # "body" or "caption"


@dataclass
class Article:
    id: str
    title: str
    title_derived: bool
    date: str | None
    source: str | None
    authors: list[dict] = field(default_factory=list)
    url: str | None = None
    text: str = ""
    passages: list[Passage] = field(default_factory=list)
    origin: str = ""  # file path, with ":line" for JSON Lines records and "#n" for Markdown items
    # other publications of the same text (reprints): {"source", "url", "date", "origin"} each
    reprints: list[dict] = field(default_factory=list)

    def meta_digest(self) -> str:
        """A digest of the metadata (title, date, source, url, authors): the id hashes the body
        only, so this is what tells that a reprint or an edit changed them."""
        import hashlib
        import json

        meta = [
            self.title,
            self.title_derived,
            self.date,
            self.source,
            self.url,
            self.authors,
            self.reprints,
        ]
        return hashlib.sha1(json.dumps(meta, ensure_ascii=False).encode()).hexdigest()[:16]

    def publication(self) -> dict:
        return {"source": self.source, "url": self.url, "date": self.date, "origin": self.origin}

    def add_reprint(self, other: Article) -> None:
        """Keep another publication of this text (its source, URL, date and file)."""
        pub = other.publication()
        if pub["origin"] != self.origin and all(
            r["origin"] != pub["origin"] for r in self.reprints
        ):
            self.reprints.append(pub)

    def to_json(self) -> dict:
        d = asdict(self)
        d.pop("origin")
        d["origin"] = self.origin
        return d

    @classmethod
    def from_json(cls, d: dict) -> Article:
        d = dict(d)
        d["passages"] = [Passage(**p) for p in d.get("passages", [])]
        return cls(**d)


@dataclass(frozen=True)
class Problem:
    """An input that was skipped (or read with a warning); ``where`` names file and line."""

    where: str
    reason: str
    fatal: bool = True  # False: a warning, the input was still read

    def __str__(self) -> str:
        return f"{'skipped' if self.fatal else 'warning'}: {self.where}: {self.reason}"


class IngestError(CasegraphError):
    """Raised by readers for an input that cannot be used; the message is one line."""
