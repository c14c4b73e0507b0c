"""Writes metrics.json: held-out loss and perplexity, training settings and history, the ORT check
(verify.mjs's output) and the sample generations.

Usage: write_metrics.py CHECKPOINT VERIFY.json SAMPLES.json OUT/metrics.json
"""

import json
import sys

import torch


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
        "training": metrics,
        "ortCheck": json.load(open(sys.argv[2])),
        "samples": json.load(open(sys.argv[3])),
    }
    with open(sys.argv[4], "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
