"""Trains the byte-level BPE tokenizer on the corpus and writes tokenizer.json.

Usage: train_tokenizer.py CORPUS.txt OUT/tokenizer.json [VOCAB_SIZE=3072]
Deterministic: the same corpus gives the same file. The book separators are left out of training.
"""

import json
import sys

import bpe
from train import BOOK_BREAK


def main() -> None:
    corpus, out = sys.argv[1], sys.argv[2]
    vocab_size = int(sys.argv[3]) if len(sys.argv) > 3 else 3072
    text = open(corpus, encoding="utf-8").read().replace(BOOK_BREAK, "")
    vocab, merges = bpe.train(text, vocab_size)
    with open(out, "w", encoding="utf-8") as f:
        f.write(json.dumps(bpe.Tokenizer(vocab, merges).tokenizer_json(), indent=2, ensure_ascii=False) + "\n")
    print(f"{len(vocab)} tokens, {len(merges)} merges -> {out}")


if __name__ == "__main__":
    main()
