"""Builds a SmolLM2-135M-shaped causal LM with random weights, for `npm run bench -- --generate` only (never
committed: ~540 MB of float32 weights). Llama shape as SmolLM2-135M's config.json: 30 layers, hidden 576,
9 query heads and 3 key/value heads of 64, SiLU-gated MLP of 1536, RMSNorm, rotary positions, vocabulary
49,152 (the unembedding untied here, see below). Same hub layout and IO as models/tiny-bible-gpt (input_ids, attention_mask,
position_ids, past_key_values.N.key/value -> logits, present.N.key/value).

The tokenizer is a byte-level BPE with 256 merges trained on the first 200,000 characters of a corpus,
its vocabulary then filled up to 49,152 with two-byte tokens no merge reaches (so every id the random
model picks decodes to some text). Speed depends on the shapes, not on the weights' values.

Usage (from the repository root):
  /usr/bin/python3 models/recipes/tiny-random-causal-lms/smollm2_shaped.py CORPUS.txt OUT_DIR [LAYERS]
LAYERS (default 30) builds a shallower model with the same layer shape, when 30 take too long to export.
"""

import json
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tiny-bible-gpt"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bpe  # noqa: E402
import causal_lm  # noqa: E402
import write_model  # noqa: E402
from build import SEED, randomise  # noqa: E402

VOCAB = 49152
SMOLLM2_135M = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "vocab_size": VOCAB,
    "hidden_size": 576,
    "intermediate_size": 1536,
    "num_hidden_layers": 30,
    "num_attention_heads": 9,
    "num_key_value_heads": 3,
    "head_dim": 64,
    "hidden_act": "silu",
    "max_position_embeddings": 2048,
    "rms_norm_eps": 1e-5,
    "rope_theta": 100000.0,
    "rope_scaling": None,
    "attention_bias": False,
    "mlp_bias": False,
    "bos_token_id": 0,
    "eos_token_id": 0,
    # SmolLM2 ties its unembedding to the embeddings; causal_lm.py's Llama has its own lm_head: 28 M more
    # parameters (weights bytes), the same unembedding matmul per token (speed).
    "tie_word_embeddings": False,
    "torch_dtype": "float32",
}


def filled_vocab(vocab: list[str], size: int) -> list[str]:
    """vocab, then two-character byte-level tokens (unreachable by merges) up to size entries."""
    chars = list(bpe.BYTE_TO_CHAR.values())
    seen = set(vocab)
    out = list(vocab)
    for a in chars:
        for b in chars:
            if len(out) >= size:
                return out
            if a + b not in seen:
                out.append(a + b)
    return out


def main() -> None:
    corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
    layers = int(sys.argv[3]) if len(sys.argv) > 3 else SMOLLM2_135M["num_hidden_layers"]
    config = {**SMOLLM2_135M, "num_hidden_layers": layers}
    torch.set_num_threads(2)
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED)
    text = corpus.read_text(encoding="utf-8")[:200_000]
    vocab, merges = bpe.train(text, 257 + 256)
    tokenizer = bpe.Tokenizer(filled_vocab(vocab, VOCAB), merges)
    started = time.time()
    model = causal_lm.build(config)
    randomise(model, generator)
    model.eval()
    tmp = out / "tokenizer.json.tmp"
    (out / "onnx").mkdir(parents=True, exist_ok=True)
    tmp.write_text(json.dumps(tokenizer.tokenizer_json(), ensure_ascii=False) + "\n", encoding="utf-8")
    write_model.write_folder(model, config, tmp, out)
    tmp.unlink()
    parameters = sum(p.numel() for p in model.parameters())
    print(f"wrote {out}: {layers} layers, {parameters / 1e6:.1f} M parameters, {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
