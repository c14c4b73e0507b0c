"""Scenes of shapes with a per-pixel class mask, for the shapes segmenter.

Every scene is a pure function of (seed, index). It reuses the shapes detector's generator pieces
(models/recipes/shapes-yolov8/shapes.py: gradient background with clutter lines, shape outlines, contrasting
colours) and draws each shape twice: into the image and, with its class id + 1, into the mask (0 is
background). Pillow's polygon and ellipse fill without antialiasing, so the mask is the image's own pixels.
Blur and noise then touch the image only. Canvas sizes vary (96-256 px, not square) so the app's resize and
the upsampling back to the image are exercised; the model sees the image resized to SIZE x SIZE the way the
app resizes (Pillow bilinear, antialiased).
"""
from __future__ import annotations

import math
import os
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "shapes-yolov8"))
import shapes  # noqa: E402  (the detector's generator, reused)

CLASSES = ["background"] + shapes.CLASSES
SIZE = 96


def scene(seed: int, index: int, width: int | None = None, height: int | None = None):
    """(H x W x 3 uint8 image, H x W uint8 mask of class ids) at the scene's own canvas size."""
    rng = np.random.default_rng([seed, index, 23])
    w = width or int(rng.integers(96, 257))
    h = height or int(rng.integers(96, 257))
    im = shapes._background(rng, w, h, clutter=bool(rng.random() < 0.6))
    bg = np.asarray(im)
    mask = Image.new("L", (w, h), 0)
    d, m = ImageDraw.Draw(im), ImageDraw.Draw(mask)
    scale = min(w, h) / 256
    for _ in range(int(rng.integers(1, 5))):
        cls = int(rng.integers(0, 4))
        r = float(np.exp(rng.uniform(math.log(40), math.log(150)))) * scale / 2
        cx, cy = rng.uniform(0.4 * r, w - 0.4 * r), rng.uniform(0.4 * r, h - 0.4 * r)
        rot = rng.uniform(0, 2 * math.pi)
        ix, iy = int(np.clip(cx, 0, w - 1)), int(np.clip(cy, 0, h - 1))
        col = tuple(int(v) for v in shapes._contrasting_colour(rng, bg[iy, ix].astype(np.float64)))
        if cls == 0:
            box = [cx - r, cy - r, cx + r, cy + r]
            d.ellipse(box, fill=col)
            m.ellipse(box, fill=cls + 1)
        else:
            pts = shapes._shape_points(cls, cx, cy, r, rot, rng)
            d.polygon(pts, fill=col)
            m.polygon(pts, fill=cls + 1)
    if rng.random() < 0.3:
        im = im.filter(ImageFilter.GaussianBlur(radius=float(rng.uniform(0.3, 1.0))))
    arr = np.asarray(im).astype(np.float32)
    arr += rng.normal(0, rng.uniform(0, 10), arr.shape).astype(np.float32)
    return np.clip(arr, 0, 255).astype(np.uint8), np.asarray(mask, np.uint8)


def model_input(img: np.ndarray) -> np.ndarray:
    """The image as the model takes it: SIZE x SIZE, Pillow bilinear (the app's resize)."""
    return np.asarray(Image.fromarray(img).resize((SIZE, SIZE), Image.BILINEAR))


def render_set(seed: int, count: int):
    """Model inputs, masks at SIZE (nearest, for training) and the full-size masks (for evaluation)."""
    xs = np.empty((count, SIZE, SIZE, 3), np.uint8)
    ys = np.empty((count, SIZE, SIZE), np.int64)
    full = []
    for i in range(count):
        img, mask = scene(seed, i)
        xs[i] = model_input(img)
        ys[i] = np.asarray(Image.fromarray(mask).resize((SIZE, SIZE), Image.NEAREST))
        full.append(mask)
    return xs, ys, full
