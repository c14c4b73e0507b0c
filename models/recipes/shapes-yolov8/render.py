"""Renders generated shapes images with their ground-truth boxes, and checks detections against them.

  render.py samples OUT_DIR [--ref-dir DIR] [--overlay DIR]
      writes OUT_DIR/shapes-{1,2}.png + shapes-{1,2}.json (ground truth), from seed 3, images 0 and 1, at
      320x240 and 240x320 (not square, so the app's letterbox is exercised), with SAMPLE_ARGS. --ref-dir also writes the
      raw RGB + images.json that yolo_detect.mjs reads; --overlay draws the boxes for a visual check.
  render.py check REFERENCE_JSON SAMPLES_DIR
      matches reference detections to the ground truth (same class, IoU >= 0.5) and prints recall.
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np
from PIL import Image, ImageDraw

import shapes

SAMPLE_SEED = 3
SAMPLES = [("shapes-1", 0, 320, 240), ("shapes-2", 1, 240, 320)]
# Clean, unambiguous test images (they check the app's pipeline, not the model's limits): 4-6 shapes
# at least 32 px, wholly in the frame, 4 px apart, no clutter lines, light noise.
SAMPLE_ARGS = {"min_objects": 4, "max_objects": 6, "min_size": 32, "max_size": 100, "inside": True, "max_noise": 4,
               "overlap": False, "clutter": False}


def render_samples(out_dir, ref_dir=None, overlay_dir=None):
    os.makedirs(out_dir, exist_ok=True)
    meta = []
    for name, index, w, h in SAMPLES:
        img, boxes, labels = shapes.generate(SAMPLE_SEED, index, w, h, **SAMPLE_ARGS)
        Image.fromarray(img).save(os.path.join(out_dir, name + ".png"), optimize=True)
        gt = {
            "image": name + ".png", "width": w, "height": h,
            "generator": {"recipe": "models/recipes/shapes-yolov8/shapes.py", "function": "generate",
                          "seed": SAMPLE_SEED, "index": index, "width": w, "height": h, **SAMPLE_ARGS},
            "boxFormat": "xyxy in image pixels",
            "objects": [{"label": shapes.CLASSES[int(l)], "classId": int(l), "box": [round(float(v), 2) for v in b]}
                        for b, l in zip(boxes, labels)],
        }
        with open(os.path.join(out_dir, name + ".json"), "w") as f:
            json.dump(gt, f, indent=1)
            f.write("\n")
        print(f"{name}.png {w}x{h}: " + ", ".join(o["label"] for o in gt["objects"]))
        if ref_dir:
            os.makedirs(ref_dir, exist_ok=True)
            np.asarray(Image.open(os.path.join(out_dir, name + ".png")).convert("RGB")).tofile(os.path.join(ref_dir, name + ".rgb"))
            meta.append({"name": name, "file": name + ".png", "width": w, "height": h})
        if overlay_dir:
            os.makedirs(overlay_dir, exist_ok=True)
            im = Image.fromarray(img)
            d = ImageDraw.Draw(im)
            for o in gt["objects"]:
                d.rectangle(o["box"], outline=(255, 0, 0))
                d.text((o["box"][0] + 2, o["box"][1] + 1), o["label"], fill=(255, 0, 0))
            im.save(os.path.join(overlay_dir, name + "-gt.png"))
    if ref_dir:
        with open(os.path.join(ref_dir, "images.json"), "w") as f:
            json.dump(meta, f, indent=1)


def iou(a, b):
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter + 1e-9)


def check(reference_json, samples_dir):
    ref = json.load(open(reference_json))
    total = found = extra = 0
    for im in ref["images"]:
        gt = json.load(open(os.path.join(samples_dir, os.path.splitext(im["file"])[0] + ".json")))
        used = set()
        for o in gt["objects"]:
            best, bi = 0.0, None
            for k, d in enumerate(im["detections"]):
                if k in used or d["label"] != o["label"]:
                    continue
                v = iou(o["box"], d["box"])
                if v > best:
                    best, bi = v, k
            total += 1
            if best >= 0.5:
                found += 1
                used.add(bi)
            print(f"{im['file']}: {o['label']} {o['box']} -> " + (f"found, IoU {best:.2f}, score {im['detections'][bi]['score']:.2f}" if best >= 0.5 else f"MISSED (best IoU {best:.2f})"))
        extra += len(im["detections"]) - len(used)
    print(f"recovered {found}/{total} ground-truth boxes (same class, IoU >= 0.5); {extra} unmatched detections")
    return found, total, extra


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("samples")
    s.add_argument("out")
    s.add_argument("--ref-dir")
    s.add_argument("--overlay")
    c = sub.add_parser("check")
    c.add_argument("reference")
    c.add_argument("samples")
    a = ap.parse_args()
    if a.cmd == "samples":
        render_samples(a.out, a.ref_dir, a.overlay)
    else:
        found, total, _ = check(a.reference, a.samples)
        if found < total:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
