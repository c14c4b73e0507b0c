"""Exports a causal_lm module to the hub's ONNX layout (see causal_lm.py), with or without a KV cache."""

import torch
from torch import nn

import causal_lm

OPSET = 17  # LayerNormalization is one op from 17 on; python3-onnx 1.12 reads up to 17


class Adapter(nn.Module):
    """Calls the model's forward with flat ONNX inputs. It takes the model's children as its own (instead of
    holding the model as one child) so that node and weight names start as in hub exports:
    `/transformer/h.0/...` and `transformer.wte.weight`, not `/model/...` and `model.transformer.wte.weight`."""

    def __init__(self, model):
        super().__init__()
        for name, child in model.named_children():
            self.add_module(name, child)
        self.cfg = model.cfg
        self.model_forward = type(model).forward

    def run(self, *args):
        return self.model_forward(self, *args)


class WithCache(Adapter):
    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(len(past_flat) // 2)]
        logits, presents = self.run(input_ids, attention_mask, position_ids, past)
        return (logits, *[t for kv in presents for t in kv])


class WithoutCache(Adapter):
    """input_ids, attention_mask -> logits; positions count the non-padding tokens, as transformers does."""

    def forward(self, input_ids, attention_mask):
        position_ids = (attention_mask.cumsum(-1) - 1).clamp(min=0)
        return self.run(input_ids, attention_mask, position_ids)[0]


def io_names(config: dict) -> tuple[list[str], list[str]]:
    n = causal_lm.layer_count(config)
    past = [f"past_key_values.{i}.{kv}" for i in range(n) for kv in ("key", "value")]
    present = [f"present.{i}.{kv}" for i in range(n) for kv in ("key", "value")]
    return ["input_ids", "attention_mask", "position_ids", *past], ["logits", *present]


def export(model: nn.Module, config: dict, path: str, use_cache: bool = True) -> None:
    model.eval()
    batch, seq, past_len = 2, 3, 4
    input_ids = torch.randint(0, config["vocab_size"], (batch, seq))
    if not use_cache:
        mask = torch.ones(batch, seq, dtype=torch.int64)
        torch.onnx.export(
            WithoutCache(model),
            (input_ids, mask),
            path,
            input_names=["input_ids", "attention_mask"],
            output_names=["logits"],
            dynamic_axes={
                "input_ids": {0: "batch_size", 1: "sequence_length"},
                "attention_mask": {0: "batch_size", 1: "sequence_length"},
                "logits": {0: "batch_size", 1: "sequence_length"},
            },
            opset_version=OPSET,
            do_constant_folding=True,
        )
        return
    kv_heads, head_dim = causal_lm.kv_shape(config)
    n = causal_lm.layer_count(config)
    past = [torch.randn(batch, kv_heads, past_len, head_dim) for _ in range(2 * n)]
    mask = torch.ones(batch, past_len + seq, dtype=torch.int64)
    positions = torch.arange(past_len, past_len + seq)[None].expand(batch, seq).contiguous()
    inputs, outputs = io_names(config)
    axes = {
        "input_ids": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
        "position_ids": {0: "batch_size", 1: "sequence_length"},
        "logits": {0: "batch_size", 1: "sequence_length"},
    }
    for name in inputs[3:]:
        axes[name] = {0: "batch_size", 2: "past_sequence_length"}
    for name in outputs[1:]:
        axes[name] = {0: "batch_size", 2: "total_sequence_length"}
    torch.onnx.export(
        WithCache(model),
        (input_ids, mask, positions, *past),
        path,
        input_names=inputs,
        output_names=outputs,
        dynamic_axes=axes,
        opset_version=OPSET,
        do_constant_folding=True,
    )
