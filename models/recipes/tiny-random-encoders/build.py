"""Builds the tiny random BERT encoders that tests serve from the local hub (tests/support/hub-server.ts):

  tests/fixtures/hub/glassbox/tiny-random-nli-bert       BertForSequenceClassification, id2label
                                                         contradiction / neutral / entailment: the
                                                         zero-shot view's NLI model (premise, hypothesis)
  tests/fixtures/hub/glassbox/tiny-random-sentence-bert  a sentence-transformers folder: BertModel
                                                         (last_hidden_state) + modules.json +
                                                         1_Pooling/config.json (mean) + Normalize

Weights are random (seeded) and scaled up from BERT's N(0, 0.02) so that outputs differ clearly between
inputs. Each folder's reference.json holds the goldens the integration tests compare with: token ids,
logits and the Hugging Face ZeroShotClassificationPipeline's post-processing (single- and multi-label), or
the sentence-transformers embeddings (mean pooling, L2 normalisation), their cosine similarities and a
2-D PCA, all computed here in PyTorch and NumPy from the same weights.

The tokenizer is a small WordPiece vocabulary (special tokens, a few words, single letters and digits and
their ## continuations), so any lowercase ASCII text tokenizes and the files stay tiny.

Usage (from the repository root): /usr/bin/python3 models/recipes/tiny-random-encoders/build.py
"""

import json
import math
import os
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tiny-sentiment-bert"))
from train import BertEmbeddings, BertEncoder, BertForSequenceClassification, MASK_FILL  # noqa: E402
from wordpiece import WordPieceTokenizer  # noqa: E402

OUT = Path("tests/fixtures/hub/glassbox")
SEED = 20261207
MAX_LENGTH = 64
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = (
    "the a an is are was this that example text about who you for in of to and it i my"
    " voting politics public health science sports music food cat dog sat on mat likes"
    " weather today good bad happy sad stomach hurts game won team"
).split()
CHARS = list("abcdefghijklmnopqrstuvwxyz0123456789") + list(".,!?'\"-():;")
LABELS = ["contradiction", "neutral", "entailment"]

CONFIG = {
    "hidden_size": 32,
    "num_hidden_layers": 2,
    "num_attention_heads": 2,
    "intermediate_size": 64,
    "hidden_act": "gelu",
    "max_position_embeddings": MAX_LENGTH,
    "type_vocab_size": 2,
    "pad_token_id": 0,
    "layer_norm_eps": 1e-12,
    "initializer_range": 0.02,
    "hidden_dropout_prob": 0.0,
    "attention_probs_dropout_prob": 0.0,
    "classifier_dropout": None,
}

PREMISE = "Who are you voting for in 2020?"
CANDIDATES = ["politics", "public health", "science"]
TEMPLATES = ["This example is {}.", "This text is about {}"]
SENTENCES = [
    "The cat sat on the mat.",
    "A dog likes the mat.",
    "The weather is good today.",
    "My stomach hurts.",
    "The team won the game!",
]


def vocabulary():
    tokens = SPECIAL + WORDS + [c for c in CHARS if c not in WORDS] + ["##" + c for c in CHARS]
    seen = []
    for token in tokens:
        if token not in seen:
            seen.append(token)
    return {token: i for i, token in enumerate(seen)}


def tokenizer_json(vocab):
    def added(content):
        return {"id": vocab[content], "content": content, "single_word": False, "lstrip": False,
                "rstrip": False, "normalized": False, "special": True}

    cls, sep = vocab["[CLS]"], vocab["[SEP]"]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [added(t) for t in SPECIAL],
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
                "[CLS]": {"id": "[CLS]", "ids": [cls], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [sep], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": vocab},
    }


TOKENIZER_CONFIG = {
    "tokenizer_class": "BertTokenizer",
    "do_lower_case": True,
    "model_max_length": MAX_LENGTH,
    "cls_token": "[CLS]",
    "sep_token": "[SEP]",
    "pad_token": "[PAD]",
    "unk_token": "[UNK]",
    "mask_token": "[MASK]",
}


def write_json(path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def scale_weights(model, std):
    """Random N(0, std) weights everywhere but LayerNorm (unit scale, zero shift): outputs spread out."""
    generator = torch.Generator().manual_seed(SEED)
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "LayerNorm" in name:
                continue
            param.copy_(torch.randn(param.shape, generator=generator) * std)


def pair_ids(tok, premise, hypothesis):
    """[CLS] premise [SEP] hypothesis [SEP] with token_type_ids 0 … 0 1 … 1 (BERT's pair template)."""
    a = [tok.vocab[t] for t in tok.tokenize(premise)]
    b = [tok.vocab[t] for t in tok.tokenize(hypothesis)]
    cls, sep = tok.vocab["[CLS]"], tok.vocab["[SEP]"]
    ids = [cls] + a + [sep] + b + [sep]
    types = [0] * (len(a) + 2) + [1] * (len(b) + 1)
    return ids, types


def batch(id_lists, type_lists=None):
    width = max(len(ids) for ids in id_lists)
    input_ids = torch.zeros(len(id_lists), width, dtype=torch.long)
    mask = torch.zeros(len(id_lists), width, dtype=torch.long)
    types = torch.zeros(len(id_lists), width, dtype=torch.long)
    for i, ids in enumerate(id_lists):
        input_ids[i, : len(ids)] = torch.tensor(ids)
        mask[i, : len(ids)] = 1
        if type_lists is not None:
            types[i, : len(ids)] = torch.tensor(type_lists[i])
    return input_ids, mask, types


def zero_shot_scores(logits, entailment_id, multi_label):
    """transformers' ZeroShotClassificationPipeline.postprocess for one sequence: logits [labels, classes]."""
    if multi_label or logits.shape[0] == 1:
        contradiction_id = -1 if entailment_id == 0 else 0
        pair = logits[:, [contradiction_id, entailment_id]]
        e = np.exp(pair - pair.max(-1, keepdims=True))
        return (e / e.sum(-1, keepdims=True))[:, 1]
    entail = logits[:, entailment_id]
    e = np.exp(entail - entail.max())
    return e / e.sum()


def ranked(labels, scores):
    order = list(reversed(np.argsort(scores, kind="stable")))
    return {"labels": [labels[i] for i in order], "scores": [float(scores[i]) for i in order]}


def export(model, path, inputs, output_names, dynamic_outputs):
    axes = {0: "batch_size", 1: "sequence_length"}
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        model, inputs, str(path),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=output_names,
        dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, **dynamic_outputs},
        opset_version=14, do_constant_folding=True,
    )


def build_nli(vocab, tok):
    folder = OUT / "tiny-random-nli-bert"
    config = {**CONFIG, "vocab_size": len(vocab)}
    torch.manual_seed(SEED)
    model = BertForSequenceClassification(config, len(LABELS)).eval()
    scale_weights(model, 0.5)
    export(model, folder / "onnx" / "model.onnx", batch([[2, 5, 3]]), ["logits"], {"logits": {0: "batch_size"}})
    write_json(folder / "config.json", {
        "_comment": "Random weights made by models/recipes/tiny-random-encoders/build.py for tests; it knows nothing.",
        "architectures": ["BertForSequenceClassification"], "model_type": "bert", **config,
        "id2label": {str(i): label for i, label in enumerate(LABELS)},
        "label2id": {label: i for i, label in enumerate(LABELS)},
    })
    write_json(folder / "tokenizer.json", tokenizer_json(vocab))
    write_json(folder / "tokenizer_config.json", TOKENIZER_CONFIG)
    cases = []
    for template in TEMPLATES:
        pairs = [pair_ids(tok, PREMISE, template.format(label)) for label in CANDIDATES]
        with torch.no_grad():
            logits = model(*batch([p[0] for p in pairs], [p[1] for p in pairs])).numpy().astype(np.float64)
        entailment_id = LABELS.index("entailment")
        cases.append({
            "premise": PREMISE, "candidateLabels": CANDIDATES, "hypothesisTemplate": template,
            "inputIds": [p[0] for p in pairs], "tokenTypeIds": [p[1] for p in pairs],
            "logits": logits.tolist(),
            "singleLabel": ranked(CANDIDATES, zero_shot_scores(logits, entailment_id, False)),
            "multiLabel": ranked(CANDIDATES, zero_shot_scores(logits, entailment_id, True)),
        })
    write_json(folder / "reference.json", {"entailmentId": LABELS.index("entailment"), "cases": cases})


class SentenceEncoder(torch.nn.Module):
    """transformers' BertModel as sentence-transformers exports it: last_hidden_state [B, S, H]."""

    def __init__(self, c):
        super().__init__()
        self.embeddings = BertEmbeddings(c)
        self.encoder = BertEncoder(c)

    def forward(self, input_ids, attention_mask, token_type_ids):
        mask_bias = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * MASK_FILL
        return self.encoder(self.embeddings(input_ids, token_type_ids), mask_bias)


def pca_2d(x):
    """The points on the first two principal axes; each axis signed so its largest-magnitude entry is positive."""
    centred = x - x.mean(0, keepdims=True)
    values, vectors = np.linalg.eigh(centred.T @ centred / max(1, len(x) - 1))
    axes = vectors[:, np.argsort(values)[::-1][:2]]
    for k in range(axes.shape[1]):
        if axes[np.argmax(np.abs(axes[:, k])), k] < 0:
            axes[:, k] *= -1
    return centred @ axes, np.sort(values)[::-1][:2]


def build_sentence(vocab, tok):
    folder = OUT / "tiny-random-sentence-bert"
    config = {**CONFIG, "vocab_size": len(vocab)}
    torch.manual_seed(SEED + 1)
    model = SentenceEncoder(config).eval()
    scale_weights(model, 0.5)
    export(model, folder / "onnx" / "model.onnx", batch([[2, 5, 3]]), ["last_hidden_state"],
           {"last_hidden_state": {0: "batch_size", 1: "sequence_length"}})
    write_json(folder / "config.json", {
        "_comment": "Random weights made by models/recipes/tiny-random-encoders/build.py for tests; it knows nothing.",
        "architectures": ["BertModel"], "model_type": "bert", **config,
    })
    write_json(folder / "tokenizer.json", tokenizer_json(vocab))
    write_json(folder / "tokenizer_config.json", TOKENIZER_CONFIG)
    write_json(folder / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    write_json(folder / "1_Pooling" / "config.json", {
        "word_embedding_dimension": config["hidden_size"],
        "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False, "pooling_mode_weightedmean_tokens": False,
        "pooling_mode_lasttoken": False, "include_prompt": True,
    })
    write_json(folder / "sentence_bert_config.json", {"max_seq_length": MAX_LENGTH, "do_lower_case": False})
    ids = [tok.encode(s) for s in SENTENCES]
    input_ids, mask, types = batch(ids)
    with torch.no_grad():
        hidden = model(input_ids, mask, types).numpy().astype(np.float64)
    m = mask.numpy().astype(np.float64)[:, :, None]
    mean = (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
    cls = hidden[:, 0, :]
    maxed = np.where(m > 0, hidden, -1e9).max(1)
    normalised = mean / np.maximum(np.linalg.norm(mean, axis=1, keepdims=True), 1e-12)
    points, variances = pca_2d(normalised)
    write_json(folder / "reference.json", {
        "sentences": SENTENCES, "inputIds": ids,
        "embeddings": normalised.tolist(),
        "unnormalisedMean": mean.tolist(), "cls": cls.tolist(), "max": maxed.tolist(),
        "similarity": (normalised @ normalised.T).tolist(),
        "pca": {"points": points.tolist(), "variances": variances.tolist()},
    })


def main():
    torch.set_num_threads(2)
    vocab = vocabulary()
    tok = WordPieceTokenizer(tokenizer_json(vocab))
    build_nli(vocab, tok)
    build_sentence(vocab, tok)
    for folder in ("tiny-random-nli-bert", "tiny-random-sentence-bert"):
        size = os.path.getsize(OUT / folder / "onnx" / "model.onnx")
        print(f"{folder}: onnx/model.onnx {size} bytes")


if __name__ == "__main__":
    main()
