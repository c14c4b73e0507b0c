"""Sample generations from a trained checkpoint, for the README and metrics.json.

Usage: samples.py CHECKPOINT TOKENIZER_JSON OUT.json
Greedy (argmax) and seeded sampling (temperature 0.8, top-k 40, torch.manual_seed per prompt), 40 new
tokens each, stopping at <|endoftext|>. Runs the PyTorch module with its KV cache.
"""

import json
import sys

import torch

import bpe
import causal_lm
import goldens

PROMPTS = [
    "In the beginning",
    "The Lord is my shepherd",
    "Jesus said to them,",
    "The king of Egypt",
    "Love is",
    "I went to the market and",
]
# Next-token probes for the lesson: what the model is sure of, right and wrong.
PROBES = [
    "Moses led the people out of",
    "The first king of Israel was",
    "In the beginning God created the heavens and the",
    "The capital of France is",
    "Two and two make",
    "The sun rises in the",
    "Jesus was born in",
]
NEW_TOKENS = 40
SEED = 7


def generate(model, ids, eos, sample: bool, seed: int) -> list[int]:
    generator = torch.Generator().manual_seed(seed)
    logits, past, _ = goldens.run(model, ids)
    out = []
    for _ in range(NEW_TOKENS):
        last = logits[0, -1]
        if sample:
            values, candidates = torch.topk(last / 0.8, 40)
            choice = candidates[torch.multinomial(torch.softmax(values, -1), 1, generator=generator)].item()
        else:
            choice = int(torch.argmax(last))
        if choice == eos:
            break
        out.append(choice)
        logits, past, _ = goldens.run(model, [choice], past, len(ids) + len(out) - 1)
    return out


def main() -> None:
    checkpoint = torch.load(sys.argv[1])
    model = causal_lm.build(checkpoint["config"])
    model.load_state_dict(checkpoint["state_dict"])
    model.eval()
    tokenizer = bpe.Tokenizer.from_json(sys.argv[2])
    eos = checkpoint["config"]["eos_token_id"]
    samples = []
    for prompt in PROMPTS:
        ids = tokenizer.encode(prompt)
        greedy = tokenizer.decode(generate(model, ids, eos, False, SEED))
        sampled = tokenizer.decode(generate(model, ids, eos, True, SEED))
        samples.append({"prompt": prompt, "greedy": greedy, "sampled": sampled})
        print(f"{prompt!r}\n  greedy:  {greedy!r}\n  sampled: {sampled!r}")
    probes = []
    for prompt in PROBES:
        logits = goldens.run(model, tokenizer.encode(prompt))[0][0, -1]
        values, ids = torch.topk(torch.softmax(logits, -1), 5)
        top5 = [{"token": tokenizer.decode([int(i)]), "p": round(float(v), 4)} for v, i in zip(values, ids)]
        probes.append({"prompt": prompt, "top5": top5})
        print(f"{prompt!r} -> " + ", ".join(f"{t['token']!r} {t['p']:.2f}" for t in top5))
    value = {
        "newTokens": NEW_TOKENS,
        "sampling": "temperature 0.8, top-k 40, seed 7",
        "samples": samples,
        "nextTokenProbes": probes,
    }
    json.dump(value, open(sys.argv[3], "w"), indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
