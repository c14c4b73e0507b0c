"""Writes preprocess-goldens.json: one image and, for ViT-, ResNet- and ConvNeXt-style
preprocessor_config.json files, the tensor Hugging Face's image processors make of it, computed the way
they compute it (Pillow's Image.resize on the uint8 image, centre crop, rescale in float64, normalise in
float32, channels first). Run with Debian's python3 (numpy, Pillow): python3 make_preprocess_goldens.py
"""
import json
import os

import numpy as np
from PIL import Image

rng = np.random.default_rng(0)
H, W = 48, 64
yy, xx = np.mgrid[0:H, 0:W]
base = np.stack([xx * 4, yy * 5, (xx + yy) * 2], -1).astype(np.float64)
rgb = np.clip(base + rng.normal(0, 25, base.shape), 0, 255).astype(np.uint8)
rgb[10:30, 20:28] = [250, 20, 20]  # a sharp block: resampling filters differ most at edges

IMAGENET_MEAN, IMAGENET_STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
CONFIGS = {
    "vit": {"image_processor_type": "ViTImageProcessor", "do_resize": True, "size": {"height": 24, "width": 24},
            "resample": 2, "do_rescale": True, "rescale_factor": 1 / 255, "do_normalize": True,
            "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5]},
    "resnet": {"feature_extractor_type": "ConvNextFeatureExtractor", "crop_pct": 0.875, "do_normalize": True,
               "do_resize": True, "image_mean": IMAGENET_MEAN, "image_std": IMAGENET_STD, "resample": 3, "size": 24},
    "convnext": {"image_processor_type": "ConvNextImageProcessor", "crop_pct": 0.95, "do_normalize": True,
                 "do_rescale": True, "do_resize": True, "image_mean": IMAGENET_MEAN, "image_std": IMAGENET_STD,
                 "resample": 3, "rescale_factor": 1 / 255, "size": {"shortest_edge": 24}},
}


def hf_like(config):
    image = Image.fromarray(rgb)
    size = config["size"]
    if "crop_pct" in config:
        edge = size if isinstance(size, int) else size["shortest_edge"]
        resize_edge = int(edge / config["crop_pct"])
        short, long = (W, H) if W <= H else (H, W)
        new_short, new_long = resize_edge, int(resize_edge * long / short)
        nw, nh = (new_short, new_long) if W <= H else (new_long, new_short)
        image = image.resize((nw, nh), resample=config["resample"], reducing_gap=None)
        top, left = (nh - edge) // 2, (nw - edge) // 2
        arr = np.asarray(image)[top:top + edge, left:left + edge]
    else:
        image = image.resize((size["width"], size["height"]), resample=config["resample"], reducing_gap=None)
        arr = np.asarray(image)
    x = (arr.astype(np.float64) * config.get("rescale_factor", 1 / 255)).astype(np.float32)
    x = (x - np.array(config["image_mean"], np.float32)) / np.array(config["image_std"], np.float32)
    return arr, x.transpose(2, 0, 1)


out = {"width": W, "height": H, "rgb": rgb.reshape(-1).tolist(), "cases": {}}
for name, config in CONFIGS.items():
    pixels, tensor = hf_like(config)
    out["cases"][name] = {"config": config, "dims": [1, *tensor.shape],
                          "pixels": pixels.reshape(-1).tolist(),
                          "tensor": [round(float(v), 6) for v in tensor.reshape(-1)]}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "preprocess-goldens.json"), "w") as f:
    json.dump(out, f)
print({k: v["dims"] for k, v in out["cases"].items()})
