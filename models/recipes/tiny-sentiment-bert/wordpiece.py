"""A from-scratch Python reading of a BERT `tokenizer.json` (no `tokenizers`/`transformers` needed).

It follows the Rust `tokenizers` semantics for exactly the components this recipe writes:
added (special) tokens matched on the raw text, BertNormalizer, BertPreTokenizer, WordPiece and the
`[CLS] $A [SEP]` TemplateProcessing. Anything else in the file is rejected rather than guessed.
"""

import json
import unicodedata

# Unicode White_Space property (what Rust's `char::is_whitespace` tests); stable since Unicode 6.3.
_WHITE_SPACE = set(
    "\u0009\u000a\u000b\u000c\u000d\u0020\u0085\u00a0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)

# The CJK ranges of tokenizers' BertNormalizer (`is_chinese_char`), copied as that crate writes them.
_CJK_RANGES = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B920, 0x2CEAF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)


def _is_whitespace(c):
    return c in _WHITE_SPACE


def _is_control(c):
    if c in "\t\n\r":
        return False
    return unicodedata.category(c) in ("Cc", "Cf", "Cn", "Co", "Cs")


def _is_cjk(c):
    cp = ord(c)
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


def _is_punctuation(c):
    cp = ord(c)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(c).startswith("P")


class WordPieceTokenizer:
    """Encodes text the way `tokenizers` would with the given tokenizer.json (single sequences)."""

    def __init__(self, tokenizer_json):
        spec = tokenizer_json
        norm = spec["normalizer"]
        if norm["type"] != "BertNormalizer":
            raise ValueError(f"unsupported normalizer {norm['type']}")
        if spec["pre_tokenizer"]["type"] != "BertPreTokenizer":
            raise ValueError(f"unsupported pre_tokenizer {spec['pre_tokenizer']['type']}")
        model = spec["model"]
        if model["type"] != "WordPiece":
            raise ValueError(f"unsupported model {model['type']}")
        if spec["post_processor"]["type"] != "TemplateProcessing":
            raise ValueError(f"unsupported post_processor {spec['post_processor']['type']}")

        self.clean_text = norm["clean_text"]
        self.handle_chinese_chars = norm["handle_chinese_chars"]
        self.lowercase = norm["lowercase"]
        # null means "follow lowercase" in tokenizers.
        self.strip_accents = norm["strip_accents"] if norm["strip_accents"] is not None else norm["lowercase"]

        self.vocab = model["vocab"]
        self.unk_token = model["unk_token"]
        self.prefix = model["continuing_subword_prefix"]
        self.max_chars = model["max_input_chars_per_word"]

        # Non-normalized added tokens are matched on the raw text, longest first.
        self.raw_added = sorted(
            (t["content"] for t in spec["added_tokens"] if not t["normalized"]), key=len, reverse=True
        )
        if any(t["normalized"] for t in spec["added_tokens"]):
            raise ValueError("normalized added tokens are not supported")

        single = spec["post_processor"]["single"]
        self.template = []
        for piece in single:
            if "SpecialToken" in piece:
                tok = piece["SpecialToken"]["id"]
                self.template.append(spec["post_processor"]["special_tokens"][tok]["ids"][0])
            else:
                self.template.append(None)  # the sequence itself

    @classmethod
    def from_file(cls, path):
        with open(path, encoding="utf-8") as f:
            return cls(json.load(f))

    # --- stages -------------------------------------------------------------------------------

    def normalize(self, text):
        if self.clean_text:
            text = "".join(
                " " if _is_whitespace(c) else c
                for c in text
                if not (c == "\0" or c == "\ufffd" or _is_control(c))
            )
        if self.handle_chinese_chars:
            text = "".join(f" {c} " if _is_cjk(c) else c for c in text)
        if self.strip_accents:
            text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
        if self.lowercase:
            text = text.lower()
        return text

    @staticmethod
    def pre_tokenize(text):
        words, current = [], []
        for c in text:
            if _is_whitespace(c):
                if current:
                    words.append("".join(current))
                    current = []
            elif _is_punctuation(c):
                if current:
                    words.append("".join(current))
                    current = []
                words.append(c)
            else:
                current.append(c)
        if current:
            words.append("".join(current))
        return words

    def word_pieces(self, word):
        if len(word) > self.max_chars:
            return [self.unk_token]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                sub = word[start:end]
                if start > 0:
                    sub = self.prefix + sub
                if sub in self.vocab:
                    found = sub
                    break
                end -= 1
            if found is None:
                return [self.unk_token]
            pieces.append(found)
            start = end
        return pieces

    def _split_added(self, text):
        """Splits raw text into (segment, is_added_token) around literal special tokens."""
        out, i, last = [], 0, 0
        while i < len(text):
            match = next((t for t in self.raw_added if text.startswith(t, i)), None)
            if match is None:
                i += 1
                continue
            if last < i:
                out.append((text[last:i], False))
            out.append((match, True))
            i += len(match)
            last = i
        if last < len(text):
            out.append((text[last:], False))
        return out

    # --- public -------------------------------------------------------------------------------

    def tokenize(self, text):
        """Tokens of `text` without the [CLS]/[SEP] template."""
        tokens = []
        for segment, is_added in self._split_added(text):
            if is_added:
                tokens.append(segment)
                continue
            for word in self.pre_tokenize(self.normalize(segment)):
                tokens.extend(self.word_pieces(word))
        return tokens

    def encode(self, text, max_length=None):
        """Ids with the single-sequence template applied.

        With `max_length`, the content is cut so the result has at most `max_length` ids and the
        template's trailing special token ([SEP]) stays last — the same as tokenizers'
        `truncation=True, max_length=...` with the default longest-first strategy for one sequence.
        """
        ids = [self.vocab[t] for t in self.tokenize(text)]
        n_special = sum(1 for p in self.template if p is not None)
        if max_length is not None and len(ids) + n_special > max_length:
            ids = ids[: max_length - n_special]
        out = []
        for piece in self.template:
            out.extend(ids if piece is None else [piece])
        return out
