"""Numpy reference for the NanoDet conversion check.

For each sample image: decode it (Pillow), letterbox it the way the app does (RGB / 255, pad 114/255,
centred, bilinear with half-pixel centres), and evaluate the ORIGINAL TF.js graph with the numpy
interpreter (float64) on the NanoDet-normalised BGR version of the same pixels. Writes to OUT_DIR:
  NAME.rgb          raw RGB uint8 pixels of the decoded image (for the Node letterbox)
  NAME.input.f32    the letterboxed ONNX input [1,3,416,416] (float32 little-endian)
  NAME.heads.f32    the six raw heads, concatenated in the order of HEADS (float32)
  NAME.out0.f32     numpy decode of those heads in the output0 layout [1,84,3549]
  images.json       names, sizes, letterbox parameters
Usage: /usr/bin/python3 reference.py MODEL_JSON OUT_DIR IMAGE...
"""
from __future__ import annotations

import json
import os
import sys
import time

import numpy as np
from PIL import Image

from convert import HEADS, INPUT, MEAN_BGR, REG_BINS, STD_BGR, STRIDES
from tfjs_graph import evaluate, load_graph

PAD = 114


def letterbox(rgb: np.ndarray, size: int = INPUT):
    """HxWx3 uint8 -> [1,3,size,size] float32 RGB/255, plus (scale, left, top).
    scale = min(size/w, size/h); resized = round(w*scale) x round(h*scale); left = (size-nw)//2,
    top = (size-nh)//2; bilinear, half-pixel centres, edge clamp, no antialias; pad 114/255."""
    h, w = rgb.shape[:2]
    scale = min(size / w, size / h)
    nw, nh = int(round(w * scale)), int(round(h * scale))
    left, top = (size - nw) // 2, (size - nh) // 2
    src = rgb.astype(np.float32)
    ys = np.clip((np.arange(nh) + 0.5) * (h / nh) - 0.5, 0, h - 1)
    xs = np.clip((np.arange(nw) + 0.5) * (w / nw) - 0.5, 0, w - 1)
    y0, x0 = np.floor(ys).astype(int), np.floor(xs).astype(int)
    y1, x1 = np.minimum(y0 + 1, h - 1), np.minimum(x0 + 1, w - 1)
    wy = (ys - y0).astype(np.float32)[:, None, None]
    wx = (xs - x0).astype(np.float32)[None, :, None]
    top_row = src[y0][:, x0] * (1 - wx) + src[y0][:, x1] * wx
    bot_row = src[y1][:, x0] * (1 - wx) + src[y1][:, x1] * wx
    resized = top_row * (1 - wy) + bot_row * wy
    canvas = np.full((size, size, 3), PAD, np.float32)
    canvas[top:top + nh, left:left + nw] = resized
    return (canvas / 255).transpose(2, 0, 1)[None].astype(np.float32), scale, left, top


def decode(heads: dict) -> np.ndarray:
    """Raw heads -> [1, 84, N] (cx, cy, w, h px; scores), NanoDet GFL decode, float64."""
    outs = []
    for (sc_ref, box_ref), s in zip(HEADS, STRIDES):
        k = INPUT // s
        sc = heads[sc_ref][0]                                             # [k*k, 80]
        reg = heads[box_ref][0].reshape(-1, 4, REG_BINS)                  # [k*k, 4, 11]
        p = np.exp(reg - reg.max(-1, keepdims=True)); p /= p.sum(-1, keepdims=True)
        d = (p * np.arange(REG_BINS)).sum(-1) * s                        # l, t, r, b px
        gy, gx = np.mgrid[0:k, 0:k]
        cx, cy = (gx.ravel() + 0.5) * s, (gy.ravel() + 0.5) * s
        x1, y1, x2, y2 = cx - d[:, 0], cy - d[:, 1], cx + d[:, 2], cy + d[:, 3]
        outs.append(np.concatenate([np.stack([(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1], 1), sc], 1))
    return np.concatenate(outs, 0).T[None]


def main():
    model_json, out_dir, images = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(out_dir, exist_ok=True)
    nodes, consts, _ = load_graph(model_json)
    meta = []
    for path in images:
        name = os.path.splitext(os.path.basename(path))[0]
        rgb = np.asarray(Image.open(path).convert("RGB"))
        rgb.tofile(os.path.join(out_dir, name + ".rgb"))
        x, scale, left, top = letterbox(rgb)
        x.astype("<f4").tofile(os.path.join(out_dir, name + ".input.f32"))
        # the original graph's input: NanoDet normalisation of the same pixels, BGR
        bgr = x[:, ::-1].astype(np.float64) * 255
        tf_in = (bgr - MEAN_BGR.reshape(1, 3, 1, 1)) / STD_BGR.reshape(1, 3, 1, 1)
        t = time.time()
        refs = [r for pair in HEADS for r in pair]
        heads = evaluate(nodes, consts, {"input_1": tf_in}, refs, dtype=np.float64)
        np.concatenate([heads[r].ravel() for r in refs]).astype("<f4").tofile(os.path.join(out_dir, name + ".heads.f32"))
        decode(heads).astype("<f4").tofile(os.path.join(out_dir, name + ".out0.f32"))
        meta.append({"name": name, "file": os.path.basename(path), "width": int(rgb.shape[1]), "height": int(rgb.shape[0]),
                     "scale": scale, "left": left, "top": top,
                     "heads": [{"name": r, "shape": list(heads[r].shape)} for r in refs]})
        print(f"{name}: {rgb.shape[1]}x{rgb.shape[0]} numpy TF.js graph evaluated in {time.time() - t:.1f}s", flush=True)
    with open(os.path.join(out_dir, "images.json"), "w") as f:
        json.dump(meta, f, indent=1)


if __name__ == "__main__":
    main()
