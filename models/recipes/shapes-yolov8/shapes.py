"""Procedural shapes data set: seeded images of circles, squares, triangles and stars with exact boxes.

Every image is a pure function of (seed, index), so the training, held-out and sample sets are
reproducible on any machine with numpy and Pillow. Boxes are xyxy in image pixels.
"""
from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

CLASSES = ["circle", "square", "triangle", "star"]
PAD_VALUE = 114  # letterbox pad, grey, as in YOLOv8 (the app pads with 114/255 after /255)


def _regular_polygon(cx, cy, r, n, rot):
    return [(cx + r * math.cos(rot + 2 * math.pi * k / n), cy + r * math.sin(rot + 2 * math.pi * k / n)) for k in range(n)]


def _star(cx, cy, r, rot, inner):
    pts = []
    for k in range(10):
        rr = r if k % 2 == 0 else r * inner
        a = rot + math.pi * k / 5
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return pts


def _shape_points(cls, cx, cy, r, rot, rng):
    if cls == 1:
        return _regular_polygon(cx, cy, r, 4, rot)
    if cls == 2:
        return _regular_polygon(cx, cy, r, 3, rot)
    return _star(cx, cy, r, rot, rng.uniform(0.38, 0.5))


def _inter(a, b):
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _iou(a, b):
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _background(rng, w, h, clutter=True):
    """Two-colour linear gradient, plus lines and thin arcs as clutter (unless clutter=False)."""
    c0 = rng.uniform(0, 255, 3)
    c1 = np.clip(c0 + rng.normal(0, 60, 3), 0, 255)
    ang = rng.uniform(0, 2 * math.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    t = (xx * math.cos(ang) + yy * math.sin(ang))
    t = (t - t.min()) / max(1e-6, t.max() - t.min())
    img = (c0[None, None] * (1 - t[..., None]) + c1[None, None] * t[..., None]).astype(np.uint8)
    im = Image.fromarray(img)
    d = ImageDraw.Draw(im)
    for _ in range(rng.integers(0, 6) if clutter else 0):  # clutter that is not a class: lines and thin arcs
        col = tuple(int(v) for v in rng.uniform(0, 255, 3))
        x0, y0, x1, y1 = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0, w), rng.uniform(0, h)
        if rng.random() < 0.6:
            d.line([(x0, y0), (x1, y1)], fill=col, width=int(rng.integers(1, 4)))
        else:
            bx = sorted([x0, x1]); by = sorted([y0, y1])
            d.arc([bx[0], by[0], bx[1] + 1, by[1] + 1], float(rng.uniform(0, 360)), float(rng.uniform(0, 360)), fill=col, width=2)
    return im


def _contrasting_colour(rng, bg_rgb):
    for _ in range(20):
        col = rng.uniform(0, 255, 3)
        if np.abs(col - bg_rgb).sum() > 120:
            return col
    return 255 - bg_rgb


def generate(seed: int, index: int, width: int = 256, height: int = 256, max_objects: int = 8,
             min_size: float = 14, max_size: float = 110, min_objects: int = 1, inside: bool = False,
             max_noise: float = 14, overlap: bool = True, clutter: bool = True):
    """One image: returns (HxWx3 uint8 RGB, boxes float32 [n,4] xyxy px, labels int64 [n]).
    inside=True keeps every shape wholly in the frame (otherwise up to ~40% of a radius may leave it);
    overlap=False keeps the shapes' boxes apart (otherwise limited overlaps are drawn); clutter=False
    leaves out the background lines and arcs."""
    rng = np.random.default_rng([seed, index])
    im = _background(rng, width, height, clutter)
    arr_bg = np.asarray(im)
    d = ImageDraw.Draw(im)
    boxes, labels = [], []
    n = int(rng.integers(min_objects, max_objects + 1))
    scale = min(width, height) / 256
    for _ in range(n * 4):  # rejection sampling for positions that do not hide each other
        if len(boxes) == n:
            break
        cls = int(rng.integers(0, len(CLASSES)))
        size = float(np.exp(rng.uniform(math.log(min_size), math.log(max_size)))) * scale
        r = size / 2
        m = r * (1.0 if inside else 0.6)
        cx, cy = rng.uniform(m, width - m), rng.uniform(m, height - m)
        rot = rng.uniform(0, 2 * math.pi)
        if cls == 0:
            pts = None
            box = [cx - r, cy - r, cx + r, cy + r]
        else:
            pts = _shape_points(cls, cx, cy, r, rot, rng)
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            box = [min(xs), min(ys), max(xs), max(ys)]
        box = [max(0.0, box[0]), max(0.0, box[1]), min(float(width), box[2]), min(float(height), box[3])]
        if box[2] - box[0] < 6 or box[3] - box[1] < 6:
            continue
        # Overlaps are allowed, but a new (top-most) shape may not hide most of an earlier one.
        if any(_iou(box, b) > 0.25 or _inter(box, b) > 0.35 * (b[2] - b[0]) * (b[3] - b[1]) for b in boxes):
            continue
        if not overlap and any(_inter([box[0] - 4, box[1] - 4, box[2] + 4, box[3] + 4], b) > 0 for b in boxes):
            continue
        ix, iy = int(np.clip((box[0] + box[2]) / 2, 0, width - 1)), int(np.clip((box[1] + box[3]) / 2, 0, height - 1))
        col = tuple(int(v) for v in _contrasting_colour(rng, arr_bg[iy, ix].astype(np.float64)))
        outline = None
        if rng.random() < 0.3:
            outline = tuple(int(v) for v in rng.uniform(0, 255, 3))
        if cls == 0:
            d.ellipse(box, fill=col, outline=outline, width=2 if outline else 0)
        else:
            d.polygon(pts, fill=col, outline=outline)
        boxes.append(box)
        labels.append(cls)
    if rng.random() < 0.3:
        im = im.filter(ImageFilter.GaussianBlur(radius=float(rng.uniform(0.3, 1.2))))
    arr = np.asarray(im).astype(np.float32)
    arr += rng.normal(0, rng.uniform(0, max_noise), arr.shape).astype(np.float32)  # sensor-like noise
    arr = np.clip(arr, 0, 255).astype(np.uint8)
    return arr, np.asarray(boxes, np.float32).reshape(-1, 4), np.asarray(labels, np.int64)


def letterbox_params(w: int, h: int, size: int):
    """The app's convention: scale = min(size/w, size/h); resized = round(w*scale) x round(h*scale);
    pad split evenly, the odd pixel on the right/bottom (left = floor(padw/2), top = floor(padh/2))."""
    scale = min(size / w, size / h)
    nw, nh = int(round(w * scale)), int(round(h * scale))
    left, top = (size - nw) // 2, (size - nh) // 2
    return scale, nw, nh, left, top


def resize_bilinear(img: np.ndarray, nw: int, nh: int) -> np.ndarray:
    """Bilinear resize with half-pixel centres and edge clamping, no antialiasing (as cv2.INTER_LINEAR).
    img: HxWxC float32 -> nh x nw x C float32."""
    h, w = img.shape[:2]
    if (h, w) == (nh, nw):
        return img.astype(np.float32)
    ys = np.clip((np.arange(nh) + 0.5) * (h / nh) - 0.5, 0, h - 1)
    xs = np.clip((np.arange(nw) + 0.5) * (w / nw) - 0.5, 0, w - 1)
    y0 = np.floor(ys).astype(int); x0 = np.floor(xs).astype(int)
    y1 = np.minimum(y0 + 1, h - 1); x1 = np.minimum(x0 + 1, w - 1)
    wy = (ys - y0)[:, None, None].astype(np.float32); wx = (xs - x0)[None, :, None].astype(np.float32)
    img = img.astype(np.float32)
    top = img[y0][:, x0] * (1 - wx) + img[y0][:, x1] * wx
    bot = img[y1][:, x0] * (1 - wx) + img[y1][:, x1] * wx
    return top * (1 - wy) + bot * wy


def letterbox(img: np.ndarray, size: int, pad: float = PAD_VALUE):
    """HxWx3 uint8 RGB -> (size x size x 3 float32 in 0..255, scale, left, top)."""
    h, w = img.shape[:2]
    scale, nw, nh, left, top = letterbox_params(w, h, size)
    out = np.full((size, size, 3), pad, np.float32)
    out[top:top + nh, left:left + nw] = resize_bilinear(img, nw, nh)
    return out, scale, left, top


def generate_letterboxed(seed: int, index: int, size: int):
    """Training sample: 70% square images at `size`, 30% other aspect ratios letterboxed into `size`,
    so the model has seen the app's grey padding. Returns (size x size x 3 uint8, boxes, labels)."""
    rng = np.random.default_rng([seed, index, 7])
    if rng.random() < 0.7:
        return generate(seed, index, size, size)
    long = int(rng.integers(size, int(size * 1.6)))
    short = int(long * rng.uniform(0.5, 0.95))
    w, h = (long, short) if rng.random() < 0.5 else (short, long)
    img, boxes, labels = generate(seed, index, w, h)
    lb, scale, left, top = letterbox(img, size)
    boxes = boxes * scale + np.array([left, top, left, top], np.float32)
    return np.clip(np.rint(lb), 0, 255).astype(np.uint8), boxes, labels
