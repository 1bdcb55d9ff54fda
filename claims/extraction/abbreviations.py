"""pysbd's English abbreviation pass, the same replacements without most of its searches.

For every line, pysbd (0.3.4, pinned) tries each of its 188 abbreviations that occurs anywhere in
the line as a substring ("al" in "also", "co" in "could"): a case-insensitive search of the
whole line for the abbreviation at the start of a word, then, for each word found ("co" in
"could"), a substitution of the full stop after it, most often replacing nothing. That was a
fifth of an article's scoring. The substitutions only ever turn the "." right after a word-start
abbreviation into "∯", so an abbreviation of letters that no word of the line starts with,
followed by a full stop, has nothing to replace: one lookup in the line's words tells. Only the
others, and the few with a full stop inside ("e.g", "ph.d": their "." matches any character),
go through pysbd's loop. The outcome is pysbd's to the character (``tests/extraction``):
replacing a "." removes word starts followed by one, never adds any, and lowercasing finds the
same words as its case-insensitive search except on four letters, with which a line goes the
original way.
"""

from __future__ import annotations

import re

from pysbd.lang.english import English

# The non-ASCII letters that Python's case-insensitive matching equates with an ASCII one
# ("İ", "ı", "ſ", and the Kelvin sign): ``str.lower`` does not map all of them to it.
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")
_LETTERS = re.compile(r"[a-z]+")


class _AbbreviationReplacer(English.AbbreviationReplacer):  # type: ignore[misc]
    def search_for_abbreviations_in_string(self, text: str) -> str:
        if _FOLDS_TO_ASCII.intersection(text):
            return super().search_for_abbreviations_in_string(text)  # type: ignore[no-any-return]
        lowered = text.lower()
        word_starts = " " + " ".join(lowered.split())
        # From here on, pysbd's own loop, with the word-start lookup added.
        for abbr in self.lang.Abbreviation.ABBREVIATIONS:
            stripped = abbr.strip()
            if stripped not in lowered:
                continue
            if _LETTERS.fullmatch(stripped) and " " + stripped + "." not in word_starts:
                continue  # no word starts with it and a full stop: nothing to replace
            abbrev_match = re.findall(
                r"(?:^|\s|\r|\n){}".format(stripped),  # noqa: UP032 (pysbd's own pattern)
                text,
                flags=re.IGNORECASE,
            )
            if not abbrev_match:
                continue
            next_word_start = r"(?<={" + str(re.escape(stripped)) + "} ).{1}"
            char_array = re.findall(next_word_start, text)
            for ind, match in enumerate(abbrev_match):
                text = self.scan_for_replacements(text, match, ind, char_array)
        return text


class FastEnglish(English):  # type: ignore[misc]
    """pysbd's English, with the abbreviation pass above."""

    AbbreviationReplacer = _AbbreviationReplacer
