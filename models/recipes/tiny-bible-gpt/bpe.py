"""A small byte-level BPE (GPT-2 style): trainer, encoder, decoder and a Hugging Face tokenizer.json writer.

There is no `tokenizers` Python package here, so this reimplements what its ByteLevel BPE does: split text
with GPT-2's pre-tokenizer regex, map every byte to a printable character (GPT-2's byte-to-unicode table),
then apply merges by rank. The tokenizer.json it writes is the standard format (ByteLevel pre-tokenizer and
decoder, BPE model), so `@huggingface/tokenizers` and transformers.js load it and give the same ids
(verify.mjs checks this).
"""

import collections
import json

import regex

END_OF_TEXT = "<|endoftext|>"
# GPT-2's pre-tokenizer, as the Rust ByteLevel pre-tokenizer uses it (use_regex: true).
PATTERN = regex.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's table: printable bytes map to themselves, the others to unused code points from 256 on."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
    printable += list(range(ord("®"), ord("ÿ") + 1))
    codes = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            codes.append(256 + extra)
            extra += 1
    return dict(zip(printable, map(chr, codes)))


BYTE_TO_CHAR = bytes_to_unicode()
CHAR_TO_BYTE = {char: byte for byte, char in BYTE_TO_CHAR.items()}


def pre_tokenize(text: str) -> list[str]:
    return ["".join(BYTE_TO_CHAR[b] for b in piece.encode("utf-8")) for piece in PATTERN.findall(text)]


def train(text: str, vocab_size: int, specials=(END_OF_TEXT,)) -> tuple[list[str], list[tuple[str, str]]]:
    """Returns (vocab in id order, merges in rank order): the special tokens first (id 0 is END_OF_TEXT by
    default), then the 256 bytes, then one token per merge.

    Incremental pair counting: each merge only revisits the words that contain the merged pair. Ties in
    count go to the lexicographically smallest pair, so the result is deterministic.
    """
    word_counts = collections.Counter(pre_tokenize(text))
    words = [list(word) for word in word_counts]
    counts = list(word_counts.values())
    pair_counts: collections.Counter = collections.Counter()
    where: dict[tuple[str, str], set[int]] = collections.defaultdict(set)
    for index, word in enumerate(words):
        for pair in zip(word, word[1:]):
            pair_counts[pair] += counts[index]
            where[pair].add(index)
    vocab = list(specials) + [BYTE_TO_CHAR[b] for b in range(256)]
    merges: list[tuple[str, str]] = []
    while len(vocab) < vocab_size and pair_counts:
        best = max(pair_counts.items(), key=lambda item: (item[1], tuple(-ord(c) for c in item[0][0] + "\0" + item[0][1])))[0]
        if pair_counts[best] < 2:
            break
        merged = best[0] + best[1]
        merges.append(best)
        vocab.append(merged)
        for index in list(where[best]):
            word, count = words[index], counts[index]
            for pair in zip(word, word[1:]):
                pair_counts[pair] -= count
                if pair_counts[pair] <= 0:
                    del pair_counts[pair]
            new_word, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and word[i] == best[0] and word[i + 1] == best[1]:
                    new_word.append(merged)
                    i += 2
                else:
                    new_word.append(word[i])
                    i += 1
            words[index] = new_word
            for pair in zip(new_word, new_word[1:]):
                pair_counts[pair] += count
                where[pair].add(index)
        del where[best]
    return vocab, merges


class Tokenizer:
    def __init__(self, vocab: list[str], merges: list[tuple[str, str]], specials=(END_OF_TEXT,)):
        self.vocab = vocab
        self.specials = list(specials)
        self.special_pattern = regex.compile("(" + "|".join(regex.escape(t) for t in self.specials) + ")")
        self.ids = {token: i for i, token in enumerate(vocab)}
        self.ranks = {pair: rank for rank, pair in enumerate(merges)}
        self.merges = merges
        self.cache: dict[str, list[int]] = {}

    def _bpe(self, word: str) -> list[int]:
        if word in self.cache:
            return self.cache[word]
        parts = list(word)
        while len(parts) > 1:
            ranked = [(self.ranks.get(pair, 1 << 30), i) for i, pair in enumerate(zip(parts, parts[1:]))]
            rank, i = min(ranked)
            if rank == 1 << 30:
                break
            pair = (parts[i], parts[i + 1])
            out, j = [], 0
            while j < len(parts):
                if j + 1 < len(parts) and (parts[j], parts[j + 1]) == pair:
                    out.append(parts[j] + parts[j + 1])
                    j += 2
                else:
                    out.append(parts[j])
                    j += 1
            parts = out
        ids = [self.ids[part] for part in parts]
        self.cache[word] = ids
        return ids

    def encode(self, text: str) -> list[int]:
        """Like tokenizers: a special token written in the text is that token."""
        ids: list[int] = []
        for chunk in self.special_pattern.split(text):
            if chunk in self.specials:
                ids.append(self.ids[chunk])
                continue
            for word in pre_tokenize(chunk):
                ids.extend(self._bpe(word))
        return ids

    def decode(self, ids: list[int], skip_special: bool = False) -> str:
        out, pending = [], bytearray()
        for i in ids:
            token = self.vocab[i]
            if token in self.specials:
                out.append(pending.decode("utf-8", "replace"))
                pending = bytearray()
                if not skip_special:
                    out.append(token)
                continue
            pending.extend(CHAR_TO_BYTE[c] for c in token)
        out.append(pending.decode("utf-8", "replace"))
        return "".join(out)

    def tokenizer_json(self) -> dict:
        """The Hugging Face `tokenizers` serialisation, laid out as GPT-2's tokenizer.json."""
        byte_level = {"add_prefix_space": False, "trim_offsets": True, "use_regex": True}
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [
                {
                    "id": self.ids[token],
                    "content": token,
                    "single_word": False,
                    "lstrip": False,
                    "rstrip": False,
                    "normalized": True,
                    "special": True,
                }
                for token in self.specials
            ],
            "normalizer": None,
            "pre_tokenizer": {"type": "ByteLevel", **byte_level},
            "post_processor": {"type": "ByteLevel", **byte_level, "trim_offsets": False},
            "decoder": {"type": "ByteLevel", **byte_level},
            "model": {
                "type": "BPE",
                "dropout": None,
                "unk_token": None,
                "continuing_subword_prefix": "",
                "end_of_word_suffix": "",
                "fuse_unk": False,
                "byte_fallback": False,
                "vocab": self.ids,
                "merges": [f"{a} {b}" for a, b in self.merges],
            },
        }

    @classmethod
    def from_json(cls, path) -> "Tokenizer":
        data = json.loads(open(path, encoding="utf-8").read())
        vocab_map = data["model"]["vocab"]
        vocab = [None] * len(vocab_map)
        for token, i in vocab_map.items():
            vocab[i] = token
        merges = [tuple(m.split(" ")) for m in data["model"]["merges"]]
        return cls(vocab, merges, [t["content"] for t in data["added_tokens"]])
