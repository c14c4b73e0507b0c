"""Writes models/nanodet-coco/config.json (the model card the app reads).
Usage: /usr/bin/python3 write_config.py OUT.json"""
import json
import sys

from convert import INPUT, MEAN_BGR, STD_BGR

COCO80 = [
    "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
    "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow",
    "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee",
    "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard",
    "tennis racket", "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple",
    "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch",
    "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard",
    "cell phone", "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors",
    "teddy bear", "hair drier", "toothbrush",
]
assert len(COCO80) == 80


def main():
    cfg = {
        "task": "object-detection",
        "model_type": "nanodet",
        "id2label": {str(i): n for i, n in enumerate(COCO80)},
        "input_size": [INPUT, INPUT],
        "layout": "yolov8",
        "input": {"name": "images", "shape": [1, 3, INPUT, INPUT], "dtype": "float32"},
        "output": {"name": "output0", "shape": [1, 84, 3549],
                   "format": "rows 0-3: cx, cy, w, h in input pixels; rows 4-83: class scores (sigmoid applied)"},
        "preprocess": {
            "resize": "letterbox",
            "letterbox": {"scale": "min(W/w, H/h)", "size": "round(w*scale) x round(h*scale)", "align": "center",
                          "offset": "left = floor((W - nw) / 2), top = floor((H - nh) / 2)",
                          "pad_value": 114, "interpolation": "bilinear"},
            "channel_order": "RGB",
            "layout": "NCHW",
            "rescale_factor": 1 / 255,
            "mean": [0.0, 0.0, 0.0],
            "std": [1.0, 1.0, 1.0],
            "in_graph": ("the graph itself computes NanoDet's normalisation (255*x - mean) / std with "
                         f"mean {MEAN_BGR[::-1].tolist()} and std {STD_BGR[::-1].tolist()} (RGB order) and folds the "
                         "RGB->BGR swap into its first convolution: feed RGB/255 and nothing else"),
        },
        "postprocess": {"score_threshold": 0.35, "iou_threshold": 0.45, "nms": "class-aware", "max_detections": 100,
                        "per_anchor": "best class"},
    }
    with open(sys.argv[1], "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
