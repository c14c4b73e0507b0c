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
    json.dump({"newTokens": NEW_TOKENS, "sampling": "temperature 0.8, top-k 40, seed 7", "samples": samples}, open(sys.argv[3], "w"), indent=1)


if __name__ == "__main__":
    main()
