"""Builds the tiny random causal LMs that tests serve from the local hub (tests/support/hub-server.ts):

  tests/fixtures/hub/glassbox/tiny-random-gpt2           GPT-2 shape: LayerNorm, learned positions, tied
                                                         unembedding, multi-head attention, KV cache
  tests/fixtures/hub/glassbox/tiny-random-gpt2-no-cache  the same weights exported without a cache
                                                         (input_ids, attention_mask -> logits)
  tests/fixtures/hub/glassbox/tiny-random-llama          Llama shape: RMSNorm, rotary positions, untied
                                                         lm_head, grouped-query attention (4 query heads,
                                                         2 kv heads), SiLU-gated MLP, KV cache, ChatML
                                                         chat template

Same IO layout as models/tiny-bible-gpt (see models/README.md). Weights are random (seeded), scaled so that
logits are spread out and greedy choices are not near-ties: each reference.json records the smallest gap
between the top two logits along its greedy path. The tokenizers are byte-level BPEs with 256 merges
trained on the first 200,000 characters of the tiny-bible-gpt corpus.

Usage (from the repository root): /usr/bin/python3 models/recipes/tiny-random-causal-lms/build.py CORPUS.txt
"""

import json
import math
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tiny-bible-gpt"))
import bpe  # noqa: E402
import causal_lm  # noqa: E402
import goldens  # noqa: E402
import write_model  # noqa: E402

OUT = Path("tests/fixtures/hub/glassbox")
SEED = 20261207
IM_START, IM_END = "<|im_start|>", "<|im_end|>"
# SmolLM2-Instruct's template (ChatML with a default system message).
CHAT_TEMPLATE = (
    "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
    "{{ '<|im_start|>system\\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\\n' }}"
    "{% endif %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)
CHAT_MESSAGES = [{"role": "user", "content": "What is the capital of France?"}]

GPT2 = {
    "architectures": ["GPT2LMHeadModel"],
    "model_type": "gpt2",
    "vocab_size": 257 + 256,
    "n_positions": 128,
    "n_ctx": 128,
    "max_position_embeddings": 128,
    "n_embd": 32,
    "n_layer": 2,
    "n_head": 2,
    "n_inner": None,
    "activation_function": "gelu_new",
    "layer_norm_epsilon": 1e-5,
    "bos_token_id": 0,
    "eos_token_id": 0,
    "tie_word_embeddings": True,
}
LLAMA = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "vocab_size": 259 + 256,
    "hidden_size": 32,
    "intermediate_size": 64,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "head_dim": 8,
    "hidden_act": "silu",
    "max_position_embeddings": 128,
    "rms_norm_eps": 1e-5,
    "rope_theta": 10000.0,
    "rope_scaling": None,
    "attention_bias": False,
    "mlp_bias": False,
    "bos_token_id": 1,
    "eos_token_id": 2,
    "pad_token_id": 2,
    "tie_word_embeddings": False,
    "torch_dtype": "float32",
}


def randomise(model: torch.nn.Module, generator: torch.Generator) -> None:
    """Spread-out random weights: matrices N(0, 2/fan_in), embeddings N(0, 1), norms 1 ± 0.2, biases ± 0.1."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 2 and ("wte" in name or "wpe" in name or "embed_tokens" in name):
                p.copy_(torch.randn(p.shape, generator=generator))
            elif p.dim() == 2:
                p.copy_(torch.randn(p.shape, generator=generator) * math.sqrt(2.0 / p.shape[1]))
            elif name.endswith("bias"):
                p.copy_(torch.randn(p.shape, generator=generator) * 0.1)
            else:
                p.copy_(1 + torch.randn(p.shape, generator=generator) * 0.2)


def smallest_greedy_gap(model, ids: list[int], count: int) -> float:
    out, gap = list(ids), math.inf
    for _ in range(count):
        logits = goldens.run(model, out)[0][0, -1]
        top2 = torch.topk(logits, 2).values
        gap = min(gap, float(top2[0] - top2[1]))
        out.append(int(torch.argmax(logits)))
    return gap


def render_chat(messages, add_generation_prompt=True) -> str:
    """What CHAT_TEMPLATE renders (checked against jinja2 below when it is installed)."""
    text = ""
    if messages[0]["role"] != "system":
        text += f"{IM_START}system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face{IM_END}\n"
    for m in messages:
        text += f"{IM_START}{m['role']}\n{m['content']}{IM_END}\n"
    return text + (f"{IM_START}assistant\n" if add_generation_prompt else "")


def build(name: str, config: dict, tokenizer: bpe.Tokenizer, prompt: str, generator, chat_template=None, extra=None):
    model = causal_lm.build(config)
    randomise(model, generator)
    model.eval()
    tmp = Path(f"/tmp/{name}-tokenizer.json")
    tmp.write_text(json.dumps(tokenizer.tokenizer_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_model.write_folder(model, config, tmp, OUT / name, chat_template=chat_template)
    reference = goldens.reference(model, tokenizer, prompt)
    reference["greedy"]["smallestTop2Gap"] = smallest_greedy_gap(model, reference["input_ids"], goldens.NEW_TOKENS)
    if extra:
        reference.update(extra(model))
    write_reference(OUT / name / "reference.json", reference)
    print(f"{name}: {prompt!r} -> {reference['greedy']['text']!r}, gap {reference['greedy']['smallestTop2Gap']:.3f}")
    return model


def write_reference(path: Path, value: dict) -> None:
    path.write_text(goldens.dumps(value), encoding="utf-8")


def main() -> None:
    text = Path(sys.argv[1]).read_text(encoding="utf-8")[:200_000]
    generator = torch.Generator().manual_seed(SEED)
    torch.manual_seed(SEED)

    vocab, merges = bpe.train(text, GPT2["vocab_size"])
    gpt2_tokenizer = bpe.Tokenizer(vocab, merges)
    gpt2 = build("tiny-random-gpt2", GPT2, gpt2_tokenizer, "Hello, world. The king said", generator)
    # The same weights without a cache: its greedy continuation must equal tiny-random-gpt2's.
    no_cache = OUT / "tiny-random-gpt2-no-cache"
    tmp = Path("/tmp/tiny-random-gpt2-tokenizer.json")
    write_model.write_folder(gpt2, GPT2, tmp, no_cache, use_cache=False)
    reference = json.loads((OUT / "tiny-random-gpt2" / "reference.json").read_text(encoding="utf-8"))
    for key in ("withCache", "torchCacheMaxAbsDifference"):
        reference.pop(key)
    reference["note"] = "tiny-random-gpt2's weights exported without a KV cache: same logits and greedy ids"
    write_reference(no_cache / "reference.json", reference)

    specials = (bpe.END_OF_TEXT, IM_START, IM_END)
    vocab, merges = bpe.train(text, LLAMA["vocab_size"], specials)
    llama_tokenizer = bpe.Tokenizer(vocab, merges, specials)
    chat_prompt = render_chat(CHAT_MESSAGES)
    try:
        import jinja2

        rendered = jinja2.Environment().from_string(CHAT_TEMPLATE).render(messages=CHAT_MESSAGES, add_generation_prompt=True)
        assert rendered == chat_prompt, (rendered, chat_prompt)
    except ImportError:
        pass

    def chat_goldens(model):
        ids = llama_tokenizer.encode(chat_prompt)
        continuation = goldens.greedy(model, ids, goldens.NEW_TOKENS)
        return {
            "chat": {
                "messages": CHAT_MESSAGES,
                "add_generation_prompt": True,
                "rendered": chat_prompt,
                "input_ids": ids,
                "greedy": {"maxNewTokens": goldens.NEW_TOKENS, "ids": continuation},
                "smallestTop2Gap": smallest_greedy_gap(model, ids, goldens.NEW_TOKENS),
            }
        }

    build("tiny-random-llama", LLAMA, llama_tokenizer, "Hello, world. The king said", generator, CHAT_TEMPLATE, chat_goldens)


if __name__ == "__main__":
    main()
