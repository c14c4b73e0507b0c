"""Writes metrics.json: held-out loss and perplexity, training settings and history, the ORT check
(verify.mjs's output) and the sample generations.

Usage: write_metrics.py CHECKPOINT VERIFY.json SAMPLES.json TOKENS.pt OUT/metrics.json
For scale, it also gives a unigram baseline: add-one token frequencies of the training stream, scored on
the held-out stream.
"""

import json
import math
import sys

import torch


def unigram(tokens_path: str) -> dict:
    train, held_out = torch.load(tokens_path)
    counts = torch.bincount(train, minlength=int(train.max()) + 1).double() + 1
    loss = float(-torch.log(counts / counts.sum())[held_out].mean())
    return {"loss": round(loss, 4), "perplexity": round(math.exp(loss), 2)}


def main() -> None:
    checkpoint = torch.load(sys.argv[1])
    metrics = dict(checkpoint["metrics"])
    parameters = sum(p.numel() for name, p in checkpoint["state_dict"].items() if name != "lm_head.weight")
    value = {
        "model": "tiny-bible-gpt",
        "parameters": parameters,
        "heldOut": {
            "loss": round(metrics.pop("held_out_loss"), 4),
            "perplexity": round(metrics.pop("held_out_perplexity"), 2),
            "tokens": metrics.pop("held_out_tokens"),
            "what": "mean next-token cross-entropy (nats) over non-overlapping 256-token windows of every 20th 4,096-token block, never trained on",
        },
        "unigramBaseline": unigram(sys.argv[4]),
        "training": metrics,
        "ortCheck": json.load(open(sys.argv[2])),
        "samples": json.load(open(sys.argv[3])),
    }
    with open(sys.argv[5], "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
