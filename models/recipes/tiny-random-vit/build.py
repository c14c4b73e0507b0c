"""A tiny random ViT in the exact hub layout of ViTForImageClassification, for tests of the [CLS] attention
map and attention rollout.

Usage: /usr/bin/python3 build.py OUT_ROOT   (OUT_ROOT = tests/fixtures/hub/glassbox)
Writes OUT_ROOT/tiny-random-vit/ with config.json (model_type "vit", id2label), preprocessor_config.json
(ViTImageProcessor, 32 x 32, mean/std 0.5), onnx/model.onnx and reference.json.

The model is written in plain torch (no transformers package here) as transformers' ViT computes it: a
stride-8 8 x 8 patch embedding conv (32 x 32 -> 16 patches), a [CLS] token, position embeddings, 2
pre-norm layers x 2 heads, hidden 32, a final LayerNorm, and a linear classifier on the [CLS] token.
Attention is softmax(Q K^T / sqrt(d)) with an explicit Softmax, so the export keeps one Softmax node per
layer ([batch, heads, 17, 17]), which is how the app finds it. Random weights (seed 0): the model knows
nothing; it proves the layout is found and the maps computed.

reference.json holds, for a fixed 32 x 32 RGB image (input_rgb, row-major; at the model's own size, so the
app's resize leaves it as is) normalised as the preprocessor says: the logits, each layer's attention
probabilities from torch, and the two maps computed here in NumPy from those probabilities (the goldens
the integration test compares with):
  last_cls   the last layer's attention from [CLS] to the 16 patches, mean over heads;
  rollout    Abnar & Zuidema's rollout: per layer A' = 0.5 mean_heads(A) + 0.5 I, rows renormalised,
             R = A'_L ... A'_1, then R's [CLS] row without its [CLS] column.
"""
import json
import math
import os
import sys

import numpy as np
import torch
from torch import nn

SIZE, PATCH, HIDDEN, HEADS, LAYERS = 32, 8, 32, 2, 2
LABELS = ["tabby cat", "golden retriever", "goldfinch"]


class SelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.query = nn.Linear(HIDDEN, HIDDEN)
        self.key = nn.Linear(HIDDEN, HIDDEN)
        self.value = nn.Linear(HIDDEN, HIDDEN)
        self.output = nn.Linear(HIDDEN, HIDDEN)

    def heads(self, x):
        b, t, _ = x.shape
        return x.view(b, t, HEADS, HIDDEN // HEADS).transpose(1, 2)

    def forward(self, x):
        q, k, v = self.heads(self.query(x)), self.heads(self.key(x)), self.heads(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(HIDDEN // HEADS)
        probs = torch.softmax(scores, dim=-1)
        context = torch.matmul(probs, v).transpose(1, 2)
        b, t = context.shape[0], context.shape[1]
        return self.output(context.reshape(b, t, HIDDEN)), probs


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.layernorm_before = nn.LayerNorm(HIDDEN)
        self.attention = SelfAttention()
        self.layernorm_after = nn.LayerNorm(HIDDEN)
        self.intermediate = nn.Linear(HIDDEN, HIDDEN * 2)
        self.out = nn.Linear(HIDDEN * 2, HIDDEN)

    def forward(self, x):
        attended, probs = self.attention(self.layernorm_before(x))
        x = x + attended
        return x + self.out(nn.functional.gelu(self.intermediate(self.layernorm_after(x)))), probs


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.ModuleList([Layer() for _ in range(LAYERS)])


class TinyVit(nn.Module):
    def __init__(self, classes):
        super().__init__()
        patches = (SIZE // PATCH) ** 2
        self.patch_embeddings = nn.Conv2d(3, HIDDEN, PATCH, PATCH)
        self.cls_token = nn.Parameter(torch.randn(1, 1, HIDDEN) * 0.5)
        self.position_embeddings = nn.Parameter(torch.randn(1, patches + 1, HIDDEN) * 0.5)
        self.encoder = Encoder()
        self.layernorm = nn.LayerNorm(HIDDEN)
        self.classifier = nn.Linear(HIDDEN, classes)

    def forward(self, pixel_values, keep=None):
        x = self.patch_embeddings(pixel_values).flatten(2).transpose(1, 2)
        cls = self.cls_token.expand(x.shape[0], -1, -1)
        x = torch.cat([cls, x], dim=1) + self.position_embeddings
        for layer in self.encoder.layer:
            x, probs = layer(x)
            if keep is not None:
                keep.append(probs)
        return self.classifier(self.layernorm(x)[:, 0, :])


def reference_image():
    """A fixed 32 x 32 RGB image, uint8 [H, W, 3]: ramps and a bright square in the top right."""
    y, x = np.mgrid[0:SIZE, 0:SIZE]
    rgb = np.stack([x * 8, y * 8, (x + y) * 4], -1).astype(np.int64)
    rgb[4:14, 18:30] = [250, 240, 30]
    return np.clip(rgb, 0, 255).astype(np.uint8)


def normalised(rgb):
    """As ViTImageProcessor: rescale by 1/255, then (x - 0.5) / 0.5, channels first."""
    x = (rgb.astype(np.float32) / 255 - 0.5) / 0.5
    return torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1))[None])


def last_cls(attentions):
    """The last layer's [CLS] row over the patches, mean over heads (batch 0)."""
    return attentions[-1][0].mean(0)[0, 1:]


def rollout(attentions):
    tokens = attentions[0].shape[-1]
    joint = np.eye(tokens)
    for a in attentions:
        mixed = 0.5 * a[0].astype(np.float64).mean(0) + 0.5 * np.eye(tokens)
        mixed /= mixed.sum(-1, keepdims=True)
        joint = mixed @ joint
    return joint[0, 1:]


def rounded(values):
    return [round(float(v), 7) for v in np.asarray(values).reshape(-1)]


def main():
    out = os.path.join(sys.argv[1], "tiny-random-vit")
    torch.manual_seed(0)
    model = TinyVit(len(LABELS)).eval()
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    torch.onnx.export(model, torch.zeros(1, 3, SIZE, SIZE), os.path.join(out, "onnx", "model.onnx"),
                      input_names=["pixel_values"], output_names=["logits"], opset_version=14,
                      dynamic_axes={"pixel_values": {0: "batch_size", 1: "num_channels", 2: "height", 3: "width"},
                                    "logits": {0: "batch_size"}})
    rgb = reference_image()
    x = normalised(rgb)
    kept = []
    with torch.no_grad():
        logits = model(x, kept)
    attentions = [p.numpy() for p in kept]
    config = {"architectures": ["ViTForImageClassification"], "model_type": "vit", "hidden_size": HIDDEN,
              "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "image_size": SIZE, "patch_size": PATCH,
              "num_channels": 3, "id2label": {str(i): l for i, l in enumerate(LABELS)},
              "label2id": {l: i for i, l in enumerate(LABELS)}}
    preprocessor = {"image_processor_type": "ViTImageProcessor", "do_resize": True,
                    "size": {"height": SIZE, "width": SIZE}, "resample": 2, "do_rescale": True,
                    "rescale_factor": 1 / 255, "do_normalize": True, "image_mean": [0.5] * 3, "image_std": [0.5] * 3}
    reference = {"torch": torch.__version__, "input_rgb": rgb.reshape(-1).tolist(),
                 "logits": rounded(logits), "attention_dims": list(attentions[0].shape),
                 "attentions": [rounded(a) for a in attentions],
                 "grid": [SIZE // PATCH, SIZE // PATCH],
                 "last_cls": rounded(last_cls(attentions)), "rollout": rounded(rollout(attentions))}
    for file, value in (("config.json", config), ("preprocessor_config.json", preprocessor),
                        ("reference.json", reference)):
        with open(os.path.join(out, file), "w") as f:
            json.dump(value, f, indent=2 if file != "reference.json" else None)
            f.write("\n")


if __name__ == "__main__":
    main()
