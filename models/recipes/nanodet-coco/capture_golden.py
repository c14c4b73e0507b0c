"""Adds a run-capture golden to reference.json: the output of the model's first Conv for a fixed 416x416
pattern image, computed in numpy (float64) from the ONNX file's own weights — independent of ONNX Runtime.
The image is RGBA with R,G,B = (7x + 13y + 29c) mod 256; at the model's own size letterboxing is the
identity, so the input tensor is that pattern / 255 in NCHW. Stored: shape and 256 sampled elements.
Usage: capture_golden.py MODEL_DIR   (Debian's python3-onnx and python3-numpy)
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

SAMPLES = 256


def attr(node, name, default):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def conv2d(x, w, b, stride, pads):
    """NCHW convolution, group 1, dilation 1: one weight tap at a time over the padded input."""
    n, c, h, wd = x.shape
    k, _, kh, kw = w.shape
    padded = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    oh = (h + pads[0] + pads[2] - kh) // stride[0] + 1
    ow = (wd + pads[1] + pads[3] - kw) // stride[1] + 1
    out = np.zeros((n, k, oh, ow))
    for i in range(kh):
        for j in range(kw):
            patch = padded[:, :, i : i + stride[0] * oh : stride[0], j : j + stride[1] * ow : stride[1]]
            out += np.einsum("nchw,kc->nkhw", patch, w[:, :, i, j])
    return out + b.reshape(1, k, 1, 1)


def main():
    out_dir = sys.argv[1]
    graph = onnx.load(os.path.join(out_dir, "onnx", "model.onnx")).graph
    inits = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in graph.initializer}
    size = graph.input[0].type.tensor_type.shape.dim[2].dim_value
    y, x, c = np.meshgrid(np.arange(size), np.arange(size), np.arange(3), indexing="ij")
    image = ((7 * x + 13 * y + 29 * c) % 256).astype(np.float64)
    value = {graph.input[0].name: (image / 255.0).transpose(2, 0, 1)[None]}
    # Walk the graph up to the first Conv (the preprocessing Mul/Add before it are evaluated too).
    for node in graph.node:
        args = [value.get(i, inits.get(i)) for i in node.input]
        if node.op_type == "Mul":
            value[node.output[0]] = args[0] * args[1]
        elif node.op_type == "Add":
            value[node.output[0]] = args[0] + args[1]
        elif node.op_type == "Conv":
            if attr(node, "group", 1) != 1 or attr(node, "dilations", [1, 1]) != [1, 1]:
                raise SystemExit("the first Conv is grouped or dilated; this golden does not cover it")
            result = conv2d(args[0], args[1], args[2], attr(node, "strides", [1, 1]), attr(node, "pads", [0, 0, 0, 0]))
            conv = node
            break
        else:
            raise SystemExit(f"unexpected {node.op_type} before the first Conv")
    flat = result.flatten()
    indices = np.linspace(0, flat.size - 1, SAMPLES).round().astype(int)
    reference_path = os.path.join(out_dir, "reference.json")
    with open(reference_path, encoding="utf-8") as f:
        reference = json.load(f)
    reference["capture"] = {
        "about": "Run-capture golden (capture_golden.py): the first Conv's output for the pattern image, numpy float64 from the ONNX weights.",
        "pattern": "RGBA size x size, R,G,B = (7x + 13y + 29c) mod 256, alpha 255",
        "size": size,
        "node": conv.name,
        "value": conv.output[0],
        "shape": list(result.shape),
        "samples": [[int(i), float(flat[i])] for i in indices],
        "sum": float(flat.sum()),
    }
    with open(reference_path, "w", encoding="utf-8") as f:
        json.dump(reference, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"first Conv {conv.name} -> {conv.output[0]} {list(result.shape)}: golden written to {reference_path}")


if __name__ == "__main__":
    main()
