"""Builds tests/fixtures/hub/glassbox/tiny-random-bert-mlm: a BertForMaskedLM with random weights in the exact
hub layout (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx) plus reference.json, the
PyTorch goldens the integration tests compare ONNX Runtime against. Its mask token is "<mask>", not
"[MASK]", so the app must read the tokenizer's own mask token. Its vocabulary (512 tokens) is built from the
same corpus as the embedded model's.

Usage: tiny_random.py CORPUS.txt OUT_DIR
"""

import os
import sys

import torch


from export import export_onnx, reference, write_json
from masked_lm import BertForMaskedLM
from train_tokenizer import MAX_LENGTH, WordPieceTokenizer, build_tokenizer, build_vocab, spec_for

SPECIAL = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "<mask>": 4}
CONFIG = {
    "architectures": ["BertForMaskedLM"],
    "model_type": "bert",
    "hidden_size": 32,
    "num_hidden_layers": 2,
    "num_attention_heads": 2,
    "intermediate_size": 64,
    "hidden_act": "gelu",
    "max_position_embeddings": MAX_LENGTH,
    "vocab_size": 512,
    "type_vocab_size": 2,
    "pad_token_id": 0,
    "layer_norm_eps": 1e-12,
    # Large enough that the fillers' probabilities differ clearly (a BERT init of 0.02 makes them all tie).
    "initializer_range": 0.3,
    "hidden_dropout_prob": 0.0,
    "attention_probs_dropout_prob": 0.0,
}
TEXTS = ["In the beginning, God created the <mask> and the earth.", "The <mask> said to <mask>."]


def main(corpus_path, out_dir):
    torch.manual_seed(20261207)
    vocab, _ = build_vocab(open(corpus_path, encoding="utf-8").read(), CONFIG["vocab_size"], SPECIAL)
    spec = spec_for(vocab, SPECIAL)
    os.makedirs(os.path.join(out_dir, "onnx"), exist_ok=True)
    write_json(os.path.join(out_dir, "tokenizer.json"), spec)
    config = build_tokenizer.tokenizer_config()
    config.update({"model_max_length": MAX_LENGTH, "mask_token": "<mask>"})
    write_json(os.path.join(out_dir, "tokenizer_config.json"), config)
    write_json(os.path.join(out_dir, "config.json"), CONFIG)
    model = BertForMaskedLM(CONFIG)
    model.eval()
    export_onnx(model, os.path.join(out_dir, "onnx", "model.onnx"))
    tok = WordPieceTokenizer(spec)
    cases = reference(model, tok, TEXTS, SPECIAL["<mask>"])
    write_json(os.path.join(out_dir, "reference.json"), {"model": "tiny-random-bert-mlm", "cases": cases})
    for case in cases:
        print(case["text"], "->", [[f["token"] for f in m["fillers"]] for m in case["masks"]])


if __name__ == "__main__":
    main(*sys.argv[1:3])
