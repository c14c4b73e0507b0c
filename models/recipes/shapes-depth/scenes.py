"""Scenes with known depth for the shapes depth model: shapes standing on a textured ground plane, seen by
a pinhole camera, with the exact inverse depth of every pixel.

Every scene is a pure function of (seed, index). The camera is CAM_HEIGHT above the ground with a level
view; the horizon is at row h0. A ground pixel at row y (below the horizon) lies at depth
CAM_HEIGHT * f / (y - h0); the sky is at infinity (inverse depth 0). Each shape (the shapes detector's
outlines and colours, models/recipes/shapes-yolov8/shapes.py) stands on the ground at a random depth: its
size in pixels is its world size * f / depth, and its whole face is at that depth (it faces the camera).
Shapes are drawn far to near, so nearer ones hide farther ones, in the image and in the depth map alike.
The ground's checker texture shrinks with distance: perspective is a cue, as in photos. The target is
inverse depth scaled so the nearest possible ground row is about 1, as DPT and Depth Anything give relative
inverse depth (larger is nearer).
"""
from __future__ import annotations

import math
import os
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "shapes-yolov8"))
import shapes  # noqa: E402

SIZE = 96
CAM_HEIGHT = 1.5
DISPARITY_SCALE = 2.0  # inverse depth (1/m) times this: the ground one camera height away reads ~1.3


def scene(seed: int, index: int, width: int | None = None, height: int | None = None):
    """(H x W x 3 uint8 image, H x W float32 scaled inverse depth)."""
    rng = np.random.default_rng([seed, index, 31])
    w = width or int(rng.integers(112, 257))
    h = height or int(rng.integers(96, 193))
    f = w * rng.uniform(0.7, 1.1)
    h0 = h * rng.uniform(0.25, 0.55)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64) + 0.5
    below = yy > h0 + 0.5
    depth = np.full((h, w), np.inf)
    depth[below] = CAM_HEIGHT * f / (yy[below] - h0)
    # Ground: a checker in world coordinates (so it shrinks with distance) between two colours, plus a tint.
    gx = (xx - w / 2) * np.where(below, depth, 0) / f
    tile = rng.uniform(0.3, 0.8)
    checker = ((np.floor(gx / tile) + np.floor(np.where(below, depth, 0) / tile)) % 2)[..., None]
    g0, g1 = rng.uniform(40, 220, 3), rng.uniform(40, 220, 3)
    sky0, sky1 = rng.uniform(120, 255, 3), rng.uniform(60, 200, 3)
    t = np.clip(yy / max(h0, 1), 0, 1)[..., None]
    sky = sky0 * (1 - t) + sky1 * t
    ground = g0 * checker + g1 * (1 - checker)
    img = np.where(below[..., None], ground, sky).astype(np.uint8)
    im = Image.fromarray(img)
    d = ImageDraw.Draw(im)
    objects = []
    for _ in range(int(rng.integers(1, 5))):
        z = float(np.exp(rng.uniform(math.log(2.0), math.log(12.0))))
        size = rng.uniform(0.6, 1.4)
        r = size * f / z / 2
        base = h0 + CAM_HEIGHT * f / z
        cx = rng.uniform(-0.2 * w, 1.2 * w)
        objects.append((z, int(rng.integers(0, 4)), cx, base - r, r, rng.uniform(0, 2 * math.pi), rng.uniform(0, 255, 3)))
    for z, cls, cx, cy, r, rot, col in sorted(objects, key=lambda o: -o[0]):
        mask = Image.new("L", (w, h), 0)
        m = ImageDraw.Draw(mask)
        colour = tuple(int(v) for v in col)
        if cls == 0:
            box = [cx - r, cy - r, cx + r, cy + r]
            d.ellipse(box, fill=colour)
            m.ellipse(box, fill=1)
        else:
            pts = shapes._shape_points(cls, cx, cy, r, rot, rng)
            d.polygon(pts, fill=colour)
            m.polygon(pts, fill=1)
        depth[np.asarray(mask, bool)] = z
    if rng.random() < 0.3:
        im = im.filter(ImageFilter.GaussianBlur(radius=float(rng.uniform(0.3, 1.0))))
    arr = np.asarray(im).astype(np.float32) + rng.normal(0, rng.uniform(0, 8), (h, w, 3)).astype(np.float32)
    disparity = (DISPARITY_SCALE / depth).astype(np.float32)
    return np.clip(arr, 0, 255).astype(np.uint8), disparity


def model_input(img: np.ndarray) -> np.ndarray:
    return np.asarray(Image.fromarray(img).resize((SIZE, SIZE), Image.BILINEAR))


def render_set(seed: int, count: int):
    """Model inputs and inverse depth at SIZE / 4 (area-averaged, the model's output resolution x 4 later)."""
    xs = np.empty((count, SIZE, SIZE, 3), np.uint8)
    ys = np.empty((count, SIZE, SIZE), np.float32)
    for i in range(count):
        img, disp = scene(seed, i)
        xs[i] = model_input(img)
        ys[i] = np.asarray(Image.fromarray(disp).resize((SIZE, SIZE), Image.BILINEAR))
    return xs, ys
