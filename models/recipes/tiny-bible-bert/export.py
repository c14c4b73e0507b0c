"""Writes the tiny Bible BERT's hub folder from a checkpoint: config.json, onnx/model.onnx, reference.json
(PyTorch goldens) and metrics.json. tokenizer.json and tokenizer_config.json come from train_tokenizer.py.

Usage: export.py CHECKPOINT OUT_DIR
Goldens: for each reference sentence, its token ids, and at each [MASK] the five best fillers with their
probabilities and the ten largest logits, computed by the PyTorch module: the app (tests/integration)
must find the same fillers with ONNX Runtime, and the probabilities to 1e-4.
"""

import json
import math
import os
import sys

import torch

from masked_lm import BertForMaskedLM
from train_tokenizer import SPECIAL, WordPieceTokenizer

REFERENCE_TEXTS = [
    "In the beginning, God created the [MASK] and the earth.",
    "Jesus answered them, \"Most certainly I tell you, the [MASK] of Man must suffer.\"",
    "The [MASK] said to Moses, \"Go in to Pharaoh.\"",
    "Love your [MASK] as yourself.",
    "The [MASK] is my shepherd; I shall lack [MASK].",
]


def export_onnx(model, path):
    model.eval()
    dummy = (torch.tensor([[2, 10, 4, 11, 3]]), torch.ones(1, 5, dtype=torch.long), torch.zeros(1, 5, dtype=torch.long))
    axes = {0: "batch_size", 1: "sequence_length"}
    torch.onnx.export(
        model, dummy, path,
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"],
        dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "logits": axes},
        opset_version=14,
        # Folding would store the tied word embeddings twice (once transposed for the output layer):
        # 2 MB more for a Transpose that costs nothing at run time.
        do_constant_folding=False,
    )


@torch.no_grad()
def reference(model, tok, texts=REFERENCE_TEXTS, mask_id=SPECIAL["[MASK]"]):
    out = []
    inverse = {i: t for t, i in tok.vocab.items()}
    for text in texts:
        ids = tok.encode(text)
        logits = model(torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long), torch.zeros(1, len(ids), dtype=torch.long))[0]
        masks = []
        for position, token_id in enumerate(ids):
            if token_id != mask_id:
                continue
            row = logits[position]
            probs = torch.softmax(row, -1)
            top = probs.topk(5)
            top_logits = row.topk(10)
            masks.append({
                "position": position,
                "fillers": [{"token": inverse[int(i)], "id": int(i), "probability": round(float(p), 6)}
                            for p, i in zip(top.values, top.indices)],
                "topLogits": [{"id": int(i), "logit": round(float(v), 5)} for v, i in zip(top_logits.values, top_logits.indices)],
                "logSumExp": round(float(torch.logsumexp(row, -1)), 5),
            })
        out.append({"text": text, "ids": ids, "masks": masks})
    return out


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1, ensure_ascii=False)
        f.write("\n")


def main(checkpoint_path, out_dir):
    checkpoint = torch.load(checkpoint_path)
    config = dict(checkpoint["config"])
    model = BertForMaskedLM(config)
    model.load_state_dict(checkpoint["state_dict"])
    model.eval()
    tok = WordPieceTokenizer.from_file(os.path.join(out_dir, "tokenizer.json"))
    os.makedirs(os.path.join(out_dir, "onnx"), exist_ok=True)
    export_onnx(model, os.path.join(out_dir, "onnx", "model.onnx"))
    written = {"_comment": "Tiny BERT masked LM trained from scratch on the World English Bible (public domain) by the Glassbox recipe models/recipes/tiny-bible-bert; not a pretrained BERT.", **config}
    write_json(os.path.join(out_dir, "config.json"), written)
    goldens = reference(model, tok)
    write_json(os.path.join(out_dir, "reference.json"), {"model": "tiny-bible-bert", "cases": goldens})
    metrics = dict(checkpoint["metrics"])
    history = metrics.pop("history")
    parameters = sum(p.numel() for p in model.parameters())
    write_json(os.path.join(out_dir, "metrics.json"), {
        "model": "tiny-bible-bert",
        "parameters": parameters,
        "heldOutAccuracy": round(metrics.pop("accuracy"), 4),
        "heldOutTop5Accuracy": round(metrics.pop("top5_accuracy"), 4),
        "testSize": metrics.pop("masked_tokens"),
        "heldOut": {
            "loss": round(metrics.pop("loss"), 4),
            "perplexity": round(metrics.pop("perplexity"), 2),
            "what": "15 % of the tokens of every 20th packed sequence (never trained on; a fixed seeded choice) replaced by [MASK]; accuracy: the original token is the top prediction; top-5: among the five best",
        },
        "training": {**metrics, "history": history[-5:]},
    })
    for case in goldens:
        print(case["text"], "->", [[f["token"] for f in m["fillers"]] for m in case["masks"]])


if __name__ == "__main__":
    main(*sys.argv[1:3])
