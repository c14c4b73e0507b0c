"""Writes models/shapes-yolov8/config.json (the model card the app reads).
Usage: /usr/bin/python3 write_config.py OUT.json [SIZE]"""
import json
import sys

from model import STRIDES
from shapes import CLASSES, PAD_VALUE


def main():
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 256
    n = sum((size // s) ** 2 for s in STRIDES)
    cfg = {
        "task": "object-detection",
        "model_type": "yolov8",
        "id2label": {str(i): c for i, c in enumerate(CLASSES)},
        "input_size": [size, size],
        "layout": "yolov8",
        "input": {"name": "images", "shape": [1, 3, size, size], "dtype": "float32"},
        "output": {"name": "output0", "shape": [1, 4 + len(CLASSES), n],
                   "format": f"rows 0-3: cx, cy, w, h in input pixels; rows 4-{3 + len(CLASSES)}: class scores (sigmoid applied)"},
        "preprocess": {
            "resize": "letterbox",
            "letterbox": {"scale": "min(W/w, H/h)", "size": "round(w*scale) x round(h*scale)", "align": "center",
                          "offset": "left = floor((W - nw) / 2), top = floor((H - nh) / 2)",
                          "pad_value": PAD_VALUE, "interpolation": "bilinear"},
            "channel_order": "RGB",
            "layout": "NCHW",
            "rescale_factor": 1 / 255,
            "mean": [0.0, 0.0, 0.0],
            "std": [1.0, 1.0, 1.0],
        },
        "postprocess": {"score_threshold": 0.35, "iou_threshold": 0.45, "nms": "class-aware", "max_detections": 100,
                        "per_anchor": "best class"},
    }
    with open(sys.argv[1], "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
