"""Writes reference.json for a hub-layout causal LM folder: PyTorch fp32 goldens for the ONNX file.

Usage: goldens.py MODEL_DIR CHECKPOINT_OR_STATE PROMPT [--tokenizer-cases FILE]

For the reference prompt: its token ids; the last position's logits (all of them, and the top 20) from the
full prompt without a cache, and from the prompt minus its last token followed by that token with the
cache; the greedy continuation of 20 tokens (argmax, lowest id on ties, no stop at end-of-text); and the
logit lens at the last position (each layer's residual stream through the final norm and the
unembedding; entry 0 is the embeddings, the last entry equals the model's own logits).
"""

import json
import sys

import regex
import torch

import bpe
import causal_lm

TOP = 20
NEW_TOKENS = 20
TOKENIZER_CASES = [
    "In the beginning, God created the heavens and the earth.",
    "Jesus wept.",
    "Don't be afraid; I'm with you, and you'll see it's true!",
    "  Two spaces, a tab\there, and a new line\nthen more.",
    "Numbers: 12, 345 and 2026-12-07.",
    "Café, naïve, 東京, emoji 🙂👍🏽.",
    "Hello<|endoftext|>World",
    "",
]


def run(model, ids: list[int], past=None, past_len: int = 0):
    input_ids = torch.tensor([ids])
    mask = torch.ones(1, past_len + len(ids), dtype=torch.int64)
    positions = torch.arange(past_len, past_len + len(ids))[None]
    with torch.no_grad():
        return model(input_ids, mask, positions, past, hidden_states=True)


def top(logits: torch.Tensor, k: int = TOP) -> list[dict]:
    values, ids = torch.topk(logits, k)
    return [{"id": int(i), "logit": float(v)} for i, v in zip(ids, values)]


def final_norm_and_unembed(model):
    if isinstance(model, causal_lm.GPT2LMHeadModel):
        return model.transformer.ln_f, model.lm_head
    return model.model.norm, model.lm_head


def greedy(model, ids: list[int], count: int) -> list[int]:
    """Without a cache: the whole sequence each step, so this checks the cached paths of others."""
    out = list(ids)
    for _ in range(count):
        logits = run(model, out)[0][0, -1]
        out.append(int(torch.argmax(logits)))
    return out[len(ids) :]


def reference(model, tokenizer: bpe.Tokenizer, prompt: str, cases=TOKENIZER_CASES) -> dict:
    model.eval()
    ids = tokenizer.encode(prompt)
    full_logits, _, states = run(model, ids)
    prefix_logits, presents, _ = run(model, ids[:-1])
    cached_logits, _, _ = run(model, ids[-1:], presents, len(ids) - 1)
    difference = float((full_logits[0, -1] - cached_logits[0, -1]).abs().max())
    assert difference < 1e-4, f"cache changes the logits by {difference}"
    norm, unembed = final_norm_and_unembed(model)
    with torch.no_grad():
        lens = [top(unembed(norm(state[0, -1])), 5) for state in states]
    continuation = greedy(model, ids, NEW_TOKENS)
    return {
        "prompt": prompt,
        "input_ids": ids,
        "noCache": {
            "input_ids": ids,
            "lastLogits": [float(v) for v in full_logits[0, -1]],
            "top20": top(full_logits[0, -1]),
        },
        "withCache": {
            "prefix_ids": ids[:-1],
            "step_ids": ids[-1:],
            "prefixLastTop20": top(prefix_logits[0, -1]),
            "lastLogits": [float(v) for v in cached_logits[0, -1]],
            "top20": top(cached_logits[0, -1]),
        },
        "torchCacheMaxAbsDifference": difference,
        "greedy": {
            "maxNewTokens": NEW_TOKENS,
            "ids": continuation,
            "text": tokenizer.decode(continuation),
        },
        "logitLens": {
            "position": len(ids) - 1,
            "layers": lens,
            "note": "top 5 per layer; entry 0 is the embeddings, the last is after the final block",
        },
        "tokenizerCases": [
            {"text": text, "ids": tokenizer.encode(text), "decoded": tokenizer.decode(tokenizer.encode(text))}
            for text in cases
        ],
    }


def dumps(value: dict) -> str:
    """Indented JSON with each list of numbers on one line (the full logits would be a line per value)."""
    text = json.dumps(value, indent=1, ensure_ascii=False)
    return regex.sub(r"\[\s*(-?[0-9.e+-]+(?:,\s*-?[0-9.e+-]+)*)\s*\]", lambda m: "[" + regex.sub(r",\s+", ", ", m.group(1)) + "]", text) + "\n"


def main() -> None:
    model_dir, checkpoint_path, prompt = sys.argv[1], sys.argv[2], sys.argv[3]
    checkpoint = torch.load(checkpoint_path)
    model = causal_lm.build(checkpoint["config"])
    model.load_state_dict(checkpoint["state_dict"])
    tokenizer = bpe.Tokenizer.from_json(f"{model_dir}/tokenizer.json")
    value = reference(model, tokenizer, prompt)
    with open(f"{model_dir}/reference.json", "w", encoding="utf-8") as f:
        f.write(dumps(value))
    print(f"greedy: {prompt!r} -> {value['greedy']['text']!r}")


if __name__ == "__main__":
    main()
