"""One-shape images for the shapes classifier, drawn by the shapes detector's generator.

Every image is a pure function of (seed, index): models/recipes/shapes-yolov8/shapes.py draws one shape
(circle, square, triangle or star) on a gradient background with clutter lines, blur and noise, at a
random canvas size of 64-160 px; the image is then resized to the model's 32 x 32 the way the app and
Hugging Face's image processors resize (Pillow bilinear, antialiased), so training sees what the app feeds.
Small shapes on a busy background are hard on purpose: the classifier makes mistakes a lesson can show.
"""
from __future__ import annotations

import os
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "shapes-yolov8"))
import shapes  # noqa: E402  (the detector's generator, reused)

CLASSES = shapes.CLASSES
SIZE = 32
# One shape per image, 25-85 % of the canvas's shorter side (generate() scales sizes by side / 256); half
# the images get the generator's clutter lines and arcs.
SHAPE_ARGS = {"min_objects": 1, "max_objects": 1, "min_size": 64, "max_size": 218, "inside": False, "max_noise": 14}


def render(seed: int, index: int, canvas: int | None = None):
    """(SIZE x SIZE x 3 uint8, class id, the image before resizing). Retries the index's next variants when
    the generator placed no shape (its rejection sampling can give up)."""
    rng = np.random.default_rng([seed, index, 11])
    side = canvas or int(rng.integers(64, 161))
    clutter = bool(rng.random() < 0.5)
    for attempt in range(8):
        img, _, labels = shapes.generate(seed, index * 8 + attempt, side, side, clutter=clutter, **SHAPE_ARGS)
        if len(labels) == 1:
            small = np.asarray(Image.fromarray(img).resize((SIZE, SIZE), Image.BILINEAR))
            return small, int(labels[0]), img
    raise RuntimeError(f"no shape placed for seed {seed} index {index}")


def render_set(seed: int, count: int):
    images = np.empty((count, SIZE, SIZE, 3), np.uint8)
    labels = np.empty(count, np.int64)
    for i in range(count):
        images[i], labels[i], _ = render(seed, i)
    return images, labels
