"""Builds a lowercase WordPiece tokenizer.json for the tiny Bible BERT from the corpus itself.

The vocabulary is the most frequent whole words of the World English Bible (as BERT's own normaliser and
pre-tokeniser split them), plus every character seen, both word-initial and as a "##" continuation, so any
word made of those characters still encodes (letter by letter) instead of becoming [UNK]. Ids 0-4 are the
special tokens. The file layout and the encoder are tiny-sentiment-bert's (build_tokenizer.py,
wordpiece.py), so the same from-scratch Python reading checks it.

Usage: train_tokenizer.py CORPUS.txt OUT_DIR VOCAB_SIZE
"""

import collections
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tiny-sentiment-bert"))
import build_tokenizer  # noqa: E402  (tiny-sentiment-bert's tokenizer.json writer)
from wordpiece import WordPieceTokenizer  # noqa: E402

BOOK_BREAK = "<|book|>"
SPECIAL = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4}
MAX_LENGTH = 128


def words_of(text, reader):
    return reader.pre_tokenize(reader.normalize(text))


def build_vocab(corpus, size, special=SPECIAL):
    # A reader with an empty vocabulary only normalises and pre-tokenises (no word pieces are looked up).
    reader = WordPieceTokenizer(spec_for(dict(special), special))
    counts = collections.Counter(words_of(corpus.replace(BOOK_BREAK, " "), reader))
    chars = sorted({c for word in counts for c in word})
    vocab = dict(special)
    for token in chars + ["##" + c for c in chars]:
        vocab.setdefault(token, len(vocab))
    for word, _ in counts.most_common():
        if len(vocab) >= size:
            break
        vocab.setdefault(word, len(vocab))
    covered = sum(n for w, n in counts.items() if w in vocab) / sum(counts.values())
    return vocab, covered


def spec_for(vocab, special=SPECIAL):
    """tokenizer.json for vocab; special maps [PAD], [UNK], [CLS], [SEP] and the mask token to their ids."""
    spec = build_tokenizer.tokenizer_json(vocab)
    spec["added_tokens"] = [
        {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False,
         "special": True}
        for t, i in special.items()
    ]
    spec["post_processor"]["special_tokens"] = {
        t: {"id": t, "ids": [special[t]], "tokens": [t]} for t in ("[CLS]", "[SEP]")
    }
    return spec


def main(corpus_path, out_dir, size):
    corpus = open(corpus_path, encoding="utf-8").read()
    vocab, covered = build_vocab(corpus, int(size))
    os.makedirs(out_dir, exist_ok=True)
    build_tokenizer.write_json(os.path.join(out_dir, "tokenizer.json"), spec_for(vocab))
    config = build_tokenizer.tokenizer_config()
    config["model_max_length"] = MAX_LENGTH
    build_tokenizer.write_json(os.path.join(out_dir, "tokenizer_config.json"), config)
    tok = WordPieceTokenizer(spec_for(vocab))
    sample = "In the beginning, God created the [MASK] and the earth."
    print(f"tokenizer.json: {len(vocab)} tokens, whole words cover {covered:.1%} of the corpus' words;",
          tok.tokenize(sample))


if __name__ == "__main__":
    main(*sys.argv[1:4])
