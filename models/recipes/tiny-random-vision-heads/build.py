"""Tiny random models in the exact hub layouts of a SegFormer segmenter and a DPT depth model, for tests.

Usage: /usr/bin/python3 build.py OUT_ROOT   (OUT_ROOT = tests/fixtures/hub/glassbox)
Writes, each with config.json, preprocessor_config.json, onnx/model.onnx and reference.json:
  tiny-random-segformer   SegformerForSemanticSegmentation: pixel_values [batch_size, num_channels, height,
                          width] -> logits [batch_size, 4, height/4, width/4], as Hugging Face's ONNX exports;
  tiny-random-dpt         DPTForDepthEstimation: pixel_values -> predicted_depth [batch_size, height, width];
  tiny-random-dpt-rank4   a near miss: a DPTForDepthEstimation config.json over an output [batch_size, 2, h, w]
                          (no depth map), which must open in the tensor view with the reason; its input
                          fixes 3 channels, so the tensor view's default input runs it.
The weights are random (seed 0): these prove the layouts are recognised and post-processed, nothing else.
reference.json holds PyTorch's output on a fixed 64 x 64 input (the preprocessed tensor is given, so the
test needs no resize) and that output upsampled to 50 x 70 with F.interpolate(bilinear,
align_corners=False) (argmax too, for the segmenter): the goldens the integration test compares with.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

SIZE, OUT_H, OUT_W = 64, 50, 70
IMAGENET_MEAN, IMAGENET_STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]


class TinySegformer(nn.Module):
    """An overlapping 7 x 7 stride-4 patch embedding (SegFormer's first stage), a conv, a 1 x 1 head."""

    def __init__(self, classes):
        super().__init__()
        self.patch_embed = nn.Conv2d(3, 8, 7, 4, 3)
        self.mix = nn.Conv2d(8, 8, 3, 1, 1)
        self.classifier = nn.Conv2d(8, classes, 1)

    def forward(self, pixel_values):
        x = F.gelu(self.patch_embed(pixel_values))
        return self.classifier(F.gelu(self.mix(x)) + x)


class TinyDepth(nn.Module):
    """Stride-2 convs, a head of one channel, ReLU (depth is not negative), the channel squeezed (or not)."""

    def __init__(self, channels_out=1, squeeze=True):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, 2, 1)
        self.head = nn.Conv2d(8, channels_out, 3, 1, 1)
        self.squeeze = squeeze

    def forward(self, pixel_values):
        depth = F.relu(self.head(F.gelu(self.stem(pixel_values)))) * 10
        return depth[:, 0] if self.squeeze else depth


def reference_input():
    """A fixed, already-normalised 1 x 3 x 64 x 64 tensor: smooth ramps plus a bright square."""
    y, x = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32) / (SIZE - 1)
    planes = np.stack([x * 2 - 1, y * 2 - 1, (x - y)]).astype(np.float32)
    planes[:, 20:40, 24:44] += 1.5
    return torch.from_numpy(planes[None])


def write(out, name, model, config, preprocessor, output_name, dynamic_out, reference, channels_axis=True):
    folder = os.path.join(out, name)
    os.makedirs(os.path.join(folder, "onnx"), exist_ok=True)
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 3, SIZE, SIZE), os.path.join(folder, "onnx", "model.onnx"),
                      input_names=["pixel_values"], output_names=[output_name], opset_version=14,
                      dynamic_axes={"pixel_values": {0: "batch_size", 1: "num_channels", 2: "height", 3: "width"}
                                    if channels_axis else {0: "batch_size", 2: "height", 3: "width"},
                                    output_name: dynamic_out})
    for file, value in (("config.json", config), ("preprocessor_config.json", preprocessor), ("reference.json", reference)):
        with open(os.path.join(folder, file), "w") as f:
            json.dump(value, f, indent=2 if file != "reference.json" else None)
            f.write("\n")


def main():
    out = sys.argv[1]
    torch.manual_seed(0)
    x = reference_input()
    labels = ["wall", "floor", "sky", "person"]

    seg = TinySegformer(len(labels))
    with torch.no_grad():
        logits = seg(x)
        up = F.interpolate(logits, size=(OUT_H, OUT_W), mode="bilinear", align_corners=False)
    write(out, "tiny-random-segformer", seg,
          {"architectures": ["SegformerForSemanticSegmentation"], "model_type": "segformer", "num_channels": 3,
           "id2label": {str(i): l for i, l in enumerate(labels)}, "label2id": {l: i for i, l in enumerate(labels)}},
          {"image_processor_type": "SegformerImageProcessor", "do_resize": True, "size": {"height": SIZE, "width": SIZE},
           "resample": 2, "do_rescale": True, "rescale_factor": 1 / 255, "do_normalize": True,
           "image_mean": IMAGENET_MEAN, "image_std": IMAGENET_STD, "do_reduce_labels": False},
          "logits", {0: "batch_size", 2: "logits_height", 3: "logits_width"},
          {"input": [round(float(v), 6) for v in x.reshape(-1)], "input_dims": [1, 3, SIZE, SIZE],
           "logits_dims": list(logits.shape), "logits": [round(float(v), 6) for v in logits.reshape(-1)],
           "upsampled_size": [OUT_H, OUT_W], "upsampled": [round(float(v), 6) for v in up.reshape(-1)],
           "argmax": up[0].argmax(0).reshape(-1).tolist()})

    depth = TinyDepth()
    with torch.no_grad():
        d = depth(x)
        up = F.interpolate(d[:, None], size=(OUT_H, OUT_W), mode="bilinear", align_corners=False)[:, 0]
    dpt_pre = {"image_processor_type": "DPTImageProcessor", "do_resize": True, "size": {"height": SIZE, "width": SIZE},
               "keep_aspect_ratio": False, "ensure_multiple_of": 1, "resample": 3, "do_rescale": True,
               "rescale_factor": 1 / 255, "do_normalize": True, "image_mean": [0.5] * 3, "image_std": [0.5] * 3}
    write(out, "tiny-random-dpt", depth,
          {"architectures": ["DPTForDepthEstimation"], "model_type": "dpt", "num_channels": 3},
          dpt_pre, "predicted_depth", {0: "batch_size", 1: "depth_height", 2: "depth_width"},
          {"input": [round(float(v), 6) for v in x.reshape(-1)], "input_dims": [1, 3, SIZE, SIZE],
           "depth_dims": list(d.shape), "depth": [round(float(v), 6) for v in d.reshape(-1)],
           "upsampled_size": [OUT_H, OUT_W], "upsampled": [round(float(v), 6) for v in up.reshape(-1)]})

    miss = TinyDepth(channels_out=2, squeeze=False)
    write(out, "tiny-random-dpt-rank4", miss,
          {"architectures": ["DPTForDepthEstimation"], "model_type": "dpt", "num_channels": 3},
          dpt_pre, "predicted_depth", {0: "batch_size", 2: "depth_height", 3: "depth_width"},
          {"note": "a near miss: the output has two channels, so it is no depth map"},
          # Three channels fixed, so the tensor view's default input runs it (a symbolic axis gets 1).
          channels_axis=False)


if __name__ == "__main__":
    main()
