"""GPT-2-shaped and Llama-shaped decoder-only transformers, written so that `torch.onnx.export` gives the
hub's ONNX layout for causal LMs (the layout of onnx-community / transformers.js exports):

    inputs  input_ids [batch, seq], attention_mask [batch, past + seq], position_ids [batch, seq],
            past_key_values.{i}.key / .value [batch, kv_heads, past, head_dim]
    outputs logits [batch, seq, vocab], present.{i}.key / .value [batch, kv_heads, past + seq, head_dim]

One graph serves the first step (past = 0, empty past tensors) and every later step. Module names follow
transformers' GPT2LMHeadModel and LlamaForCausalLM, so ONNX node names read like those of hub exports
(`/transformer/h.0/attn/...`, `/model/layers.0/self_attn/...`).
"""

import math

import torch
import torch.nn.functional as F
from torch import nn

# Masked attention scores are replaced (torch.where), not added to, so no -inf or overflow can appear and a
# fully masked row (a left-padded position) gives a uniform softmax instead of NaN.
MASKED = torch.finfo(torch.float32).min


def causal_allowed(causal: torch.Tensor, attention_mask: torch.Tensor, query_len: int, key_len: int) -> torch.Tensor:
    """[batch, 1, query, key] booleans: key j is visible to query i (absolute position past + i)."""
    square = causal[:, :, key_len - query_len : key_len, :key_len]
    return square & (attention_mask[:, None, None, :] > 0)


def attend(q, k, v, allowed):
    scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(q.shape[-1])
    scores = torch.where(allowed, scores, torch.tensor(MASKED))
    return torch.matmul(torch.softmax(scores, dim=-1), v)


# ---------------------------------------------------------------- GPT-2


class GPT2Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.n_head, self.n_embd = cfg["n_head"], cfg["n_embd"]
        self.c_attn = nn.Linear(self.n_embd, 3 * self.n_embd)
        self.c_proj = nn.Linear(self.n_embd, self.n_embd)

    def forward(self, x, past, allowed_fn):
        b, s, _ = x.shape
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        shape = (b, s, self.n_head, self.n_embd // self.n_head)
        q, k, v = (t.view(shape).transpose(1, 2) for t in (q, k, v))
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        out = attend(q, k, v, allowed_fn(s, k.shape[2]))
        out = out.transpose(1, 2).reshape(b, s, self.n_embd)
        return self.c_proj(out), (k, v)


class GPT2MLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        inner = cfg.get("n_inner") or 4 * cfg["n_embd"]
        self.c_fc = nn.Linear(cfg["n_embd"], inner)
        self.c_proj = nn.Linear(inner, cfg["n_embd"])

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))  # gelu_new


class GPT2Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        eps = cfg["layer_norm_epsilon"]
        self.ln_1 = nn.LayerNorm(cfg["n_embd"], eps=eps)
        self.attn = GPT2Attention(cfg)
        self.ln_2 = nn.LayerNorm(cfg["n_embd"], eps=eps)
        self.mlp = GPT2MLP(cfg)

    def forward(self, x, past, allowed_fn):
        attn, present = self.attn(self.ln_1(x), past, allowed_fn)
        x = x + attn
        return x + self.mlp(self.ln_2(x)), present


class GPT2Model(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.wte = nn.Embedding(cfg["vocab_size"], cfg["n_embd"])
        self.wpe = nn.Embedding(cfg["n_positions"], cfg["n_embd"])
        self.h = nn.ModuleList(GPT2Block(cfg) for _ in range(cfg["n_layer"]))
        self.ln_f = nn.LayerNorm(cfg["n_embd"], eps=cfg["layer_norm_epsilon"])
        n = cfg["n_positions"]
        self.register_buffer("causal", torch.tril(torch.ones(n, n, dtype=torch.bool))[None, None], persistent=False)

    def forward(self, input_ids, attention_mask, position_ids, past=None):
        """(final-normed hidden states, presents, residual stream before each block and after the last)."""
        x = self.wte(input_ids) + self.wpe(position_ids)
        allowed_fn = lambda q, k: causal_allowed(self.causal, attention_mask, q, k)  # noqa: E731
        presents, states = [], [x]
        for i, block in enumerate(self.h):
            x, present = block(x, None if past is None else past[i], allowed_fn)
            presents.append(present)
            states.append(x)
        return self.ln_f(x), presents, states


class GPT2LMHeadModel(nn.Module):
    """Tied unembedding: lm_head shares wte's weight."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.transformer = GPT2Model(cfg)
        self.lm_head = nn.Linear(cfg["n_embd"], cfg["vocab_size"], bias=False)
        self.lm_head.weight = self.transformer.wte.weight
        self.apply(init_weights)
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):  # GPT-2's scaled init of residual projections
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * cfg["n_layer"]))

    def forward(self, input_ids, attention_mask, position_ids, past=None, hidden_states=False):
        x, presents, states = self.transformer(input_ids, attention_mask, position_ids, past)
        logits = self.lm_head(x)
        return (logits, presents, states) if hidden_states else (logits, presents)


# ---------------------------------------------------------------- Llama


class LlamaRMSNorm(nn.Module):
    def __init__(self, size, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


class LlamaAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.heads, self.kv_heads = cfg["num_attention_heads"], cfg["num_key_value_heads"]
        self.head_dim = cfg["hidden_size"] // self.heads
        d = cfg["hidden_size"]
        self.q_proj = nn.Linear(d, self.heads * self.head_dim, bias=False)
        self.k_proj = nn.Linear(d, self.kv_heads * self.head_dim, bias=False)
        self.v_proj = nn.Linear(d, self.kv_heads * self.head_dim, bias=False)
        self.o_proj = nn.Linear(self.heads * self.head_dim, d, bias=False)

    def forward(self, x, cos, sin, past, allowed_fn):
        b, s, _ = x.shape
        q = self.q_proj(x).view(b, s, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, s, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, s, self.kv_heads, self.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        present = (k, v)
        rep = self.heads // self.kv_heads
        if rep > 1:  # grouped-query attention: each kv head serves `rep` query heads
            total = k.shape[2]
            k = k[:, :, None].expand(b, self.kv_heads, rep, total, self.head_dim).reshape(b, self.heads, total, self.head_dim)
            v = v[:, :, None].expand(b, self.kv_heads, rep, total, self.head_dim).reshape(b, self.heads, total, self.head_dim)
        out = attend(q, k, v, allowed_fn(s, k.shape[2]))
        return self.o_proj(out.transpose(1, 2).reshape(b, s, self.heads * self.head_dim)), present


class LlamaMLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d, inner = cfg["hidden_size"], cfg["intermediate_size"]
        self.gate_proj = nn.Linear(d, inner, bias=False)
        self.up_proj = nn.Linear(d, inner, bias=False)
        self.down_proj = nn.Linear(inner, d, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class LlamaDecoderLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.input_layernorm = LlamaRMSNorm(cfg["hidden_size"], cfg["rms_norm_eps"])
        self.self_attn = LlamaAttention(cfg)
        self.post_attention_layernorm = LlamaRMSNorm(cfg["hidden_size"], cfg["rms_norm_eps"])
        self.mlp = LlamaMLP(cfg)

    def forward(self, x, cos, sin, past, allowed_fn):
        attn, present = self.self_attn(self.input_layernorm(x), cos, sin, past, allowed_fn)
        x = x + attn
        return x + self.mlp(self.post_attention_layernorm(x)), present


class LlamaModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.embed_tokens = nn.Embedding(cfg["vocab_size"], cfg["hidden_size"])
        self.layers = nn.ModuleList(LlamaDecoderLayer(cfg) for _ in range(cfg["num_hidden_layers"]))
        self.norm = LlamaRMSNorm(cfg["hidden_size"], cfg["rms_norm_eps"])
        head_dim = cfg["hidden_size"] // cfg["num_attention_heads"]
        inv_freq = 1.0 / (cfg["rope_theta"] ** (torch.arange(0, head_dim, 2).float() / head_dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)
        n = cfg["max_position_embeddings"]
        self.register_buffer("causal", torch.tril(torch.ones(n, n, dtype=torch.bool))[None, None], persistent=False)

    def forward(self, input_ids, attention_mask, position_ids, past=None):
        """(final-normed hidden states, presents, residual stream before each layer and after the last)."""
        x = self.embed_tokens(input_ids)
        freqs = position_ids.float()[:, :, None] * self.inv_freq[None, None, :]
        emb = torch.cat([freqs, freqs], dim=-1)
        cos, sin = emb.cos()[:, None], emb.sin()[:, None]
        allowed_fn = lambda q, k: causal_allowed(self.causal, attention_mask, q, k)  # noqa: E731
        presents, states = [], [x]
        for i, layer in enumerate(self.layers):
            x, present = layer(x, cos, sin, None if past is None else past[i], allowed_fn)
            presents.append(present)
            states.append(x)
        return self.norm(x), presents, states


class LlamaForCausalLM(nn.Module):
    """Untied unembedding (its own lm_head)."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.model = LlamaModel(cfg)
        self.lm_head = nn.Linear(cfg["hidden_size"], cfg["vocab_size"], bias=False)
        self.apply(init_weights)

    def forward(self, input_ids, attention_mask, position_ids, past=None, hidden_states=False):
        x, presents, states = self.model(input_ids, attention_mask, position_ids, past)
        logits = self.lm_head(x)
        return (logits, presents, states) if hidden_states else (logits, presents)


def init_weights(module):
    if isinstance(module, (nn.Linear, nn.Embedding)):
        nn.init.normal_(module.weight, 0.0, 0.02)
    if isinstance(module, nn.Linear) and module.bias is not None:
        nn.init.zeros_(module.bias)


def build(config: dict) -> nn.Module:
    kind = config["architectures"][0]
    return {"GPT2LMHeadModel": GPT2LMHeadModel, "LlamaForCausalLM": LlamaForCausalLM}[kind](config)


def layer_count(config: dict) -> int:
    return config.get("n_layer") or config["num_hidden_layers"]


def kv_shape(config: dict) -> tuple[int, int]:
    """(kv heads, head dim) of the cache tensors."""
    if config["architectures"][0] == "GPT2LMHeadModel":
        return config["n_head"], config["n_embd"] // config["n_head"]
    return config["num_key_value_heads"], config["hidden_size"] // config["num_attention_heads"]
