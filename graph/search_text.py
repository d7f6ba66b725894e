"""Search tokens for Chinese and mixed text, made the same way for stored values and queries.

Neither engine's full-text analyser segments Chinese the way users type it (FalkorDB's
RediSearch keeps a run of Chinese characters as one word; Neo4j's whitespace analyser does
too), so the text is tokenised here: every run of Chinese characters becomes its character
bigrams (王建国 → 王建 建国) plus its single characters, and Latin letters and digits become
lower-case words, codes such as ``TRQ/DW-00168`` also as one compact word. The engine then
only matches whole tokens, which it does well. See ``docs/search.md``.
"""

from __future__ import annotations

import pickle
import re
import sys
import unicodedata
from typing import BinaryIO

__all__ = [
    "CJK_RANGES",
    "normalise",
    "query_terms",
    "search_terms",
    "serve_search_tokens",
    "stored_tokens",
]

CJK_RANGES = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
"""Han ideographs: 〇, extension A, the unified block, compatibility ideographs, extensions B–H."""

_WORD_CHARS = rf"[^\W_{CJK_RANGES}]+"
_WORD = re.compile(_WORD_CHARS)
"""A word: letters and digits other than Chinese characters (``_`` separates words)."""

_RUN = re.compile(rf"([{CJK_RANGES}]+)|({_WORD_CHARS})")
"""A run of Chinese characters, or a word (``findall`` gives ``(run, word)`` pairs)."""

_CODE = re.compile(rf"{_WORD_CHARS}(?:[-/._:#]{_WORD_CHARS})+")
"""Words joined by code punctuation: ``TRQ/DW-00168``, ``VLV-0001-001``, ``27-8``."""

_LETTER = re.compile(r"[^\W\d_]")


def normalise(text: str) -> str:
    """NFKC (full-width letters, digits and punctuation become ASCII), then case-folded.

    Example:
        >>> normalise("ＴＲＱ／ＤＷ－００１６８")
        'trq/dw-00168'
    """
    return unicodedata.normalize("NFKC", text).casefold()


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]


def search_terms(*texts: str | None) -> str:
    """The stored search tokens of some field values, space-separated and de-duplicated.

    Chinese runs give their bigrams and then their single characters (so a one-character
    query such as a surname still finds them); words give themselves; a code with letters
    also gives its parts joined into one word (``trqdw00168``), so it is found typed either
    way. Each value is tokenised on its own, so no bigram spans two fields. ``None`` and
    blank values are skipped.

    Example:
        >>> search_terms("王建国", "E0001")
        '王建 建国 王 建 国 e0001'
        >>> search_terms("TRQ/DW-00168")
        'trq dw 00168 trqdw00168'
    """
    tokens: list[str] = []
    for text in texts:
        if not text:
            continue
        clean = normalise(text)
        for run, word in _RUN.findall(clean):
            if run:
                tokens += _bigrams(run) if len(run) > 1 else []
                tokens += run
            else:
                tokens.append(word)
        for code in _CODE.findall(clean):
            if _LETTER.search(code):
                tokens.append("".join(_WORD.findall(code)))
    return " ".join(dict.fromkeys(tokens))


def query_terms(text: str) -> list[str]:
    """The tokens a stored value must all hold to match a user's query, in query order.

    Chinese runs give their bigrams (a one-character run gives itself); words give
    themselves. No single characters are added for longer runs, so 王建国 asks for
    王建 and 建国 together, not for every 王. Returns ``[]`` when the text has no
    letter, digit or Chinese character.

    Example:
        >>> query_terms("王建国")
        ['王建', '建国']
        >>> query_terms("王")
        ['王']
        >>> query_terms("ＴＲＱ／ＤＷ－００１６８")
        ['trq', 'dw', '00168']
    """
    terms: list[str] = []
    for run, word in _RUN.findall(normalise(text)):
        if run:
            terms += _bigrams(run)
        else:
            terms.append(word)
    return list(dict.fromkeys(terms))


def stored_tokens(*texts: str | None) -> str | None:
    """The ``search`` value a node stores for its search fields' values: their
    :func:`search_terms`, or ``None`` (nothing stored) when there are none."""
    return search_terms(*texts) or None


def serve_search_tokens(requests: BinaryIO, replies: BinaryIO) -> None:
    """Answer batches of rows with their ``search`` tokens until ``requests`` ends: the loop
    of the helper process the binary seed load runs (``python -m graph.search_text``).

    A request is a pickled list of columns, the values of each search field for the
    batch's rows; the reply is the pickled list of each row's :func:`stored_tokens` (as
    ``NodeSpec.search_tokens`` gives them). Each is framed by its length in 8 bytes.
    """
    while header := requests.read(8):
        columns = pickle.loads(requests.read(int.from_bytes(header, "little")))
        tokens = [stored_tokens(*texts) for texts in zip(*columns, strict=True)]
        reply = pickle.dumps(tokens, protocol=pickle.HIGHEST_PROTOCOL)
        replies.write(len(reply).to_bytes(8, "little") + reply)
        replies.flush()


if __name__ == "__main__":
    serve_search_tokens(sys.stdin.buffer, sys.stdout.buffer)
