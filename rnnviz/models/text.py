"""Text to tokens to ids: the tokenizer and the vocabulary of the intent classifiers.

English and other space-separated text becomes lowercased words with punctuation as separate
tokens; Chinese, Japanese and Korean text becomes one token per character; mixed text works.
Each token keeps its display form (the text as typed) next to the key the vocabulary looks up.

>>> from rnnviz.models.text import tokenize, Vocab
>>> [t.key for t in tokenize("What time is it?")]
['what', 'time', 'is', 'it', '?']
>>> [t.key for t in tokenize("现在几点了")]
['现', '在', '几', '点', '了']
>>> vocab = Vocab.build([["what", "time"], ["time"]])
>>> vocab.encode(["time", "now"])
[2, 1]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

PAD = "<pad>"
UNK = "<unk>"
#: The longest input `rnnviz trace` and `rnnviz render` read by default, in tokens (``--max-tokens``).
MAX_TOKENS = 32
#: The most tokens one training example may have: the models read short sentences, and a
#: longer line is almost always a mistake in the file (training time grows with it).
MAX_EXAMPLE_TOKENS = 128

# Han (with extensions and compatibility forms), kana and Hangul: one character per token.
_CJK = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
_LETTER = rf"(?:(?![{_CJK}])[^\W_])"  # a letter or digit that is not CJK
# A word may hold one inner apostrophe (what's, o'clock); every other non-space is punctuation.
_TOKEN = re.compile(rf"[{_CJK}]|{_LETTER}+(?:'{_LETTER}+)?|\S")


class UnknownTokensWarning(UserWarning):
    """Some tokens of a sentence are not in the model's vocabulary and are read as ``<unk>``."""


@dataclass(frozen=True)
class Token:
    """One token: ``key`` is what the vocabulary looks up, ``display`` the text as typed."""

    key: str
    display: str


def normalize(text: str) -> str:
    """NFKC, lowercase and a straight apostrophe: full-width ``？`` and ``?`` become one key."""
    return unicodedata.normalize("NFKC", text).replace("\u2019", "'").lower()


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, keeping each token's display form.

    >>> [t.display for t in tokenize("Play Jazz, 放音乐!")]
    ['Play', 'Jazz', ',', '放', '音', '乐', '!']
    """
    # Keys come from the normalised text; NFKC can change lengths (e.g. "ﬁ" -> "fi"), so the
    # display form is recovered by normalising the text character by character.
    pieces = [(normalize(ch), ch) for ch in unicodedata.normalize("NFC", text)]
    flat = "".join(norm for norm, _ in pieces)
    owner = [i for i, (norm, _) in enumerate(pieces) for _ in norm]
    tokens = []
    for match in _TOKEN.finditer(flat):
        first, last = owner[match.start()], owner[match.end() - 1]
        tokens.append(Token(match.group(), "".join(ch for _, ch in pieces[first : last + 1])))
    return tokens


def is_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese, Japanese or Korean character (read one per token).

    >>> is_cjk("what time is it"), is_cjk("现在几点了")
    (False, True)
    """
    return re.search(f"[{_CJK}]", text) is not None


class Vocab:
    """Token keys to ids; id 0 is ``<pad>``, id 1 is ``<unk>`` for every key outside the vocabulary.

    >>> vocab = Vocab([PAD, UNK, "hello"])
    >>> vocab.unknown(["hello", "bonjour"])
    ['bonjour']
    """

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = list(keys)
        if self.keys[:2] != [PAD, UNK]:
            raise ValueError(f"a vocabulary starts with {PAD!r} and {UNK!r}; got {self.keys[:2]}")
        self.index = {key: i for i, key in enumerate(self.keys)}
        if len(self.index) != len(self.keys):
            raise ValueError("the vocabulary holds a key twice")

    @classmethod
    def build(cls, sentences: Iterable[list[str]], min_count: int = 1) -> Vocab:
        """The keys seen at least ``min_count`` times, most frequent first (ties alphabetical)."""
        counts = Counter(key for keys in sentences for key in keys)
        kept = sorted((key for key, n in counts.items() if n >= min_count), key=lambda k: (-counts[k], k))
        return cls([PAD, UNK, *(k for k in kept if k not in (PAD, UNK))])

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key: str) -> bool:
        return key in self.index

    def encode(self, keys: Iterable[str]) -> list[int]:
        """Ids of ``keys``; keys outside the vocabulary become the id of ``<unk>``."""
        unk = self.index[UNK]
        return [self.index.get(key, unk) for key in keys]

    def unknown(self, keys: Iterable[str]) -> list[str]:
        """The keys outside the vocabulary, in order, each once."""
        return list(dict.fromkeys(key for key in keys if key not in self.index))
