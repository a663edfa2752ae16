"""Korean text analysis for the portal search: morphemes by kiwipiepy plus character n-grams.

A document is indexed as a set of *lexemes*: every character unigram and bigram of each word
(so `빵` finds `제빵`/`빵집`, `세탁` finds `희망세탁나눔`), plus the content morphemes kiwipiepy
finds (nouns, verb/adjective stems, foreign words, numbers) and their unigrams/bigrams (so
`케이크를` is searched as `케이크`, `나눔` as `나누`). A query term of one or two characters is
looked up as itself; a longer term as all of its bigrams. The same rule runs on SQLite and
PostgreSQL, so both databases return the same documents.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[0-9a-z\uac00-\ud7a3]+")
# Content morphemes: common/proper nouns, numerals, roots, verb and adjective stems, foreign words.
_CONTENT_TAGS = ("NNG", "NNP", "NR", "XR", "VV", "VA", "SL", "SN", "SH")

_kiwi: Any = None
_kiwi_lock = threading.Lock()


def kiwi() -> Any:
    """The process-wide Kiwi analyser; built on first use because building it takes seconds."""
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                _kiwi = Kiwi()
    return _kiwi


def _clean(text: str) -> str:
    return " ".join(_WORD.findall((text or "").lower()))


def ngrams(word: str) -> set[str]:
    """Unigrams and bigrams of one word (a one-letter word is its own unigram)."""
    grams = set(word)
    grams.update(word[i : i + 2] for i in range(len(word) - 1))
    return grams


@lru_cache(maxsize=50_000)
def morphemes(text: str) -> tuple[str, ...]:
    """Content morphemes of `text` in order, lower-cased, only letters and digits."""
    if not text.strip():
        return ()
    result: list[str] = []
    for token in kiwi().tokenize(text):
        if not token.tag.startswith(_CONTENT_TAGS):
            continue
        form = _clean(token.form).replace(" ", "")
        if form:
            result.append(form)
    return tuple(result)


@lru_cache(maxsize=50_000)
def _text_lexemes(text: str) -> frozenset[str]:
    lexemes: set[str] = set()
    for word in _WORD.findall(text.lower()):
        lexemes |= ngrams(word)
    for form in morphemes(text):
        lexemes.add(form)
        lexemes |= ngrams(form)
    return frozenset(lexemes)


def lexemes(*texts: str) -> set[str]:
    """Every lexeme of the given texts (the index side)."""
    result: set[str] = set()
    for text in texts:
        if text:
            result |= _text_lexemes(text)
    return result


def terms_text(lexeme_set: set[str]) -> str:
    """The stored form: sorted lexemes between single spaces, padded so ' x ' finds a whole lexeme."""
    if not lexeme_set:
        return " "
    return " " + " ".join(sorted(lexeme_set)) + " "


def vocabulary_words(*texts: str) -> set[str]:
    """Whole words worth suggesting: morphemes and words of two letters or more."""
    words: set[str] = set()
    for text in texts:
        if not text:
            continue
        words.update(m for m in morphemes(text) if len(m) >= 2)
        words.update(w for w in _WORD.findall(text.lower()) if 2 <= len(w) <= 12)
    return words


_NOUN_TAGS = ("NNG", "NNP", "NR", "XR", "SL", "SN", "SH")


@lru_cache(maxsize=5_000)
def _word_terms(word: str) -> tuple[str, ...]:
    """Terms for one query word: its nouns, or its stem as typed when a verb is involved.

    The word is cut before its first particle, ending or suffix (`케이크를` → `케이크`,
    `배달하는` → `배달`); what is left becomes its nouns (`빵공방` → `빵`, `공방`) when it is only
    nouns, else stays as typed (`나눔` stays `나눔`, not the stem `나누`, since the index holds
    the typed form's bigrams).
    """
    tokens = kiwi().tokenize(word)
    cut = len(word)
    content: list[Any] = []
    for token in tokens:
        if token.tag.startswith(("J", "XS", "EP", "EF", "EC", "ETM")):
            cut = min(cut, token.start)
            break
        if token.tag.startswith(_CONTENT_TAGS):
            content.append(token)
    if content and all(t.tag.startswith(_NOUN_TAGS) for t in content):
        forms = [_clean(t.form).replace(" ", "") for t in content]
        return tuple(f for f in forms if f)
    stem = _clean(word[:cut]).replace(" ", "")
    return (stem,) if stem else ()


def query_terms(query: str) -> list[str]:
    """The terms a query asks for (each must be found); at most eight."""
    terms: list[str] = []
    for word in (query or "").split():
        cleaned = _clean(word).replace(" ", "")
        if not cleaned:
            continue
        for term in _word_terms(word) or (cleaned,):
            if term not in terms:
                terms.append(term)
    return terms[:8]


def term_lexemes(term: str) -> list[str]:
    """The lexemes one query term needs: itself when short, else each of its bigrams."""
    if len(term) <= 2:
        return [term]
    grams: list[str] = []
    for i in range(len(term) - 1):
        gram = term[i : i + 2]
        if gram not in grams:
            grams.append(gram)
    return grams


# Hangul syllables decomposed into jamo, so that a typo of one jamo costs one edit.
_CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JUNG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONG = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


def jamo(text: str) -> str:
    out: list[str] = []
    for char in text:
        code = ord(char) - 0xAC00
        if 0 <= code < 11172:
            out.append(_CHO[code // 588])
            out.append(_JUNG[(code % 588) // 28])
            if code % 28:
                out.append(_JONG[code % 28])
        else:
            out.append(char)
    return "".join(out)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
