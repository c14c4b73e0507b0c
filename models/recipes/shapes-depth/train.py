"""Train, evaluate and export the shapes depth model.

Usage: /usr/bin/python3 train.py OUT_DIR SAMPLES_DIR [--epochs N] [--train N] [--heldout N]
Writes OUT_DIR/{onnx/model.onnx, config.json, preprocessor_config.json, metrics.json, goldens.json} and
SAMPLES_DIR/depth-1.png. The network is the shapes segmenter's (models/recipes/shapes-segmenter/net.py) with
one output channel, squeezed: predicted_depth [N, 24, 24], relative inverse depth as DPT gives it. Held-out
figures are measured as the app shows a result, on each scene's own canvas after bilinear upsampling:
delta1 (the share of ground and shape pixels whose depth is within a factor 1.25 of the truth) and the mean
absolute error of inverse depth. Seeds: training scenes 1, held-out 2, sample 3, torch 0.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

import scenes

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "shapes-segmenter"))
from net import ShapesSegNet  # noqa: E402

TRAIN_SEED, EVAL_SEED, SAMPLE_SEED, TORCH_SEED = 1, 2, 3, 0
MEAN, STD = 0.5, 0.5
BATCH = 32


class ShapesDepthNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.net = ShapesSegNet(1)

    def forward(self, pixel_values):
        return F.relu(self.net(pixel_values))[:, 0]


def to_tensor(images: np.ndarray) -> torch.Tensor:
    x = torch.from_numpy(np.ascontiguousarray(images)).permute(0, 3, 1, 2).float() / 255.0
    return (x - MEAN) / STD


def predict_full(model, small, height, width):
    with torch.no_grad():
        d = model(to_tensor(small[None]))
        return F.interpolate(d[:, None], size=(height, width), mode="bilinear", align_corners=False)[0, 0].numpy()


def evaluate(model, seed, count):
    model.eval()
    good = total = 0
    abs_err = []
    for i in range(count):
        img, disp = scenes.scene(seed, i)
        pred = predict_full(model, scenes.model_input(img), *disp.shape)
        abs_err.append(float(np.abs(pred - disp).mean()))
        solid = disp > 0  # the sky has no finite depth
        ratio = np.maximum(pred[solid], 1e-6) / disp[solid]
        good += int((np.maximum(ratio, 1 / ratio) < 1.25).sum())
        total += int(solid.sum())
    return good / max(total, 1), float(np.mean(abs_err))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("samples")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--train", type=int, default=3000)
    parser.add_argument("--heldout", type=int, default=200)
    args = parser.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(TORCH_SEED)
    started = time.time()
    train_x, train_y = scenes.render_set(TRAIN_SEED, args.train)
    render_s = time.time() - started
    print(f"rendered {len(train_x)} scenes in {render_s:.0f} s", flush=True)
    model = ShapesDepthNet()
    steps_per_epoch = (len(train_x) + BATCH - 1) // BATCH
    optimiser = torch.optim.AdamW(model.parameters(), lr=4e-3, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, 4e-3, total_steps=args.epochs * steps_per_epoch)
    rng = np.random.default_rng(TORCH_SEED)
    train_started = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = rng.permutation(len(train_x))
        total = 0.0
        for step in range(steps_per_epoch):
            batch = order[step * BATCH:(step + 1) * BATCH]
            x, y = to_tensor(train_x[batch]), torch.from_numpy(train_y[batch])
            if rng.random() < 0.5:
                x, y = torch.flip(x, [3]), torch.flip(y, [2])
            pred = F.interpolate(model(x)[:, None], size=y.shape[-2:], mode="bilinear", align_corners=False)[:, 0]
            loss = F.l1_loss(pred, y)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss)
        print(f"epoch {epoch + 1}: loss {total / steps_per_epoch:.4f}, {time.time() - train_started:.0f} s", flush=True)
    train_s = time.time() - train_started
    delta1, mae = evaluate(model, EVAL_SEED, args.heldout)
    print(f"held-out delta1 {delta1:.4f}, inverse-depth MAE {mae:.4f}", flush=True)

    model.eval()
    os.makedirs(os.path.join(args.out, "onnx"), exist_ok=True)
    torch.onnx.export(model, torch.zeros(1, 3, scenes.SIZE, scenes.SIZE), os.path.join(args.out, "onnx", "model.onnx"),
                      input_names=["pixel_values"], output_names=["predicted_depth"], opset_version=14,
                      do_constant_folding=True,
                      dynamic_axes={"pixel_values": {0: "batch"}, "predicted_depth": {0: "batch"}})
    config = {"architectures": ["ShapesDepthNetForDepthEstimation"], "model_type": "shapes-depthnet",
              "num_channels": 3, "image_size": scenes.SIZE, "depth_estimation_type": "relative"}
    preprocessor = {"image_processor_type": "DPTImageProcessor", "do_resize": True,
                    "size": {"height": scenes.SIZE, "width": scenes.SIZE}, "keep_aspect_ratio": False,
                    "ensure_multiple_of": 1, "resample": 2, "do_rescale": True, "rescale_factor": 1 / 255,
                    "do_normalize": True, "image_mean": [MEAN] * 3, "image_std": [STD] * 3}
    for name, value in (("config.json", config), ("preprocessor_config.json", preprocessor)):
        with open(os.path.join(args.out, name), "w") as f:
            json.dump(value, f, indent=2)
            f.write("\n")
    os.makedirs(args.samples, exist_ok=True)
    img, disp = scenes.scene(SAMPLE_SEED, 0, 240, 180)
    Image.fromarray(img).save(os.path.join(args.samples, "depth-1.png"), optimize=True)
    small = scenes.model_input(img)
    with torch.no_grad():
        out = model(to_tensor(small[None]))[0]
    full = predict_full(model, small, 180, 240)
    with open(os.path.join(args.out, "goldens.json"), "w") as f:
        json.dump({"note": "PyTorch on depth-1.png: input_rgb the 96 x 96 model input (Pillow bilinear), depth the "
                           "[24, 24] output, upsampled the 180 x 240 map after bilinear upsampling, truth the scene's "
                           "inverse depth (0 for the sky)",
                   "file": "depth-1.png", "width": 240, "height": 180, "input_rgb": small.reshape(-1).tolist(),
                   "depth": [round(float(v), 5) for v in out.reshape(-1)],
                   "upsampled": [round(float(v), 4) for v in full.reshape(-1)],
                   "truth": [round(float(v), 4) for v in disp.reshape(-1)]}, f)
        f.write("\n")
    metrics = {"task": "depth-estimation", "input": [1, 3, scenes.SIZE, scenes.SIZE],
               "output": [1, scenes.SIZE // 4, scenes.SIZE // 4], "train_images": len(train_x),
               "heldout_images": args.heldout,
               "seeds": {"train": TRAIN_SEED, "heldout": EVAL_SEED, "samples": SAMPLE_SEED, "torch": TORCH_SEED},
               "epochs": args.epochs, "heldout_delta1": round(delta1, 4), "heldout_inverse_depth_mae": round(mae, 4),
               "parameters": sum(p.numel() for p in model.parameters()), "render_seconds": round(render_s),
               "train_seconds": round(train_s), "torch": torch.__version__, "threads": torch.get_num_threads()}
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)
        f.write("\n")
    print(json.dumps(metrics))


if __name__ == "__main__":
    main()
