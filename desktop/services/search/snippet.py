"""Where a hit is, in the record's own text: the field's label and a snippet around it.

The index matches folded, lower-case letters and digits with punctuation dropped (so
"湘卫发〔2026〕12号" is found in "湘卫发[2026]12号" and 院辦 in 院办); the same
normalisation is applied here with a map back to the original characters, so the
marked span is the text as typed.
"""
from __future__ import annotations

from dataclasses import dataclass

from desktop.services.search_text import fold

CONTEXT = 18  # characters shown before the hit


@dataclass(frozen=True)
class Snippet:
    text: str
    start: int  # the hit is text[start:end]
    end: int

    def marked(self, before: str = "【", after: str = "】") -> str:
        return self.text[: self.start] + before + self.text[self.start : self.end] + after + self.text[self.end :]


def _normalised(text: str) -> tuple[str, list[int]]:
    folded = fold(text.lower())
    keep = [i for i, ch in enumerate(folded) if ch.isalnum()]
    return "".join(folded[i] for i in keep), keep


def query_words(text: str) -> list[str]:
    return [w for w in (_normalised(word)[0] for word in text.split()) if w]


def find(text: str, words: list[str]) -> tuple[int, int] | None:
    """The span of the first word found in ``text`` (original positions), or None."""
    norm, keep = _normalised(text)
    for word in words:
        at = norm.find(word)
        if at >= 0:
            return keep[at], keep[at + len(word) - 1] + 1
    return None


def snippet(text: str, span: tuple[int, int], width: int = 60) -> Snippet:
    """About ``width`` characters of ``text`` around ``span``, on one line."""
    start = max(0, span[0] - CONTEXT)
    end = min(len(text), max(span[1], start + width))
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    piece = lead + text[start:end].replace("\n", " ").replace("\r", " ") + tail
    return Snippet(piece, len(lead) + span[0] - start, len(lead) + span[1] - start)
