"""Train, evaluate and export the shapes segmenter.

Usage: /usr/bin/python3 train.py OUT_DIR SAMPLES_DIR [--epochs N] [--train N] [--heldout N]
Writes OUT_DIR/{onnx/model.onnx, config.json, preprocessor_config.json, metrics.json, goldens.json,
heldout-16.png, heldout-16-mask.png, heldout-16.json} and SAMPLES_DIR/segment-{1,2}.png. The held-out
mIoU is measured as the app measures a result: logits upsampled to each scene's own canvas (bilinear,
align_corners=False, as Hugging Face's post_process_semantic_segmentation), argmax per pixel, IoU per class
against the drawn mask, averaged over the classes. Seeds: training scenes 1, held-out scenes 2 (different
scenes), samples 3, torch 0.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

import data
from net import ShapesSegNet

TRAIN_SEED, EVAL_SEED, SAMPLE_SEED, TORCH_SEED = 1, 2, 3, 0
MEAN, STD = 0.5, 0.5
BATCH = 32
SAMPLES = [("segment-1.png", 0, 240, 180), ("segment-2.png", 1, 200, 200)]
SHEET, SHEET_W, SHEET_H = 16, 160, 120
# Background is ~90 % of the pixels: weighed down so the four shapes are learnt, not just "not background".
CLASS_WEIGHTS = torch.tensor([0.4, 1.0, 1.0, 1.0, 1.0])


def to_tensor(images: np.ndarray) -> torch.Tensor:
    """N x H x W x 3 uint8 -> N x 3 x H x W float, as preprocessor_config.json says: /255, then (x-0.5)/0.5."""
    x = torch.from_numpy(np.ascontiguousarray(images)).permute(0, 3, 1, 2).float() / 255.0
    return (x - MEAN) / STD


def predict_full(model, small: np.ndarray, height: int, width: int) -> np.ndarray:
    """The app's result: logits at 1/4, upsampled bilinearly to the canvas, argmax per pixel."""
    with torch.no_grad():
        logits = model(to_tensor(small[None]))
        up = F.interpolate(logits, size=(height, width), mode="bilinear", align_corners=False)
    return up[0].argmax(0).numpy().astype(np.uint8)


def iou_counts(pred: np.ndarray, truth: np.ndarray, classes: int):
    inter = np.zeros(classes, np.int64)
    union = np.zeros(classes, np.int64)
    for c in range(classes):
        p, t = pred == c, truth == c
        inter[c] += int((p & t).sum())
        union[c] += int((p | t).sum())
    return inter, union


def evaluate(model, seed: int, count: int):
    model.eval()
    classes = len(data.CLASSES)
    inter, union = np.zeros(classes, np.int64), np.zeros(classes, np.int64)
    correct = total = 0
    for i in range(count):
        img, mask = data.scene(seed, i)
        pred = predict_full(model, data.model_input(img), *mask.shape)
        a, b = iou_counts(pred, mask, classes)
        inter += a
        union += b
        correct += int((pred == mask).sum())
        total += mask.size
    iou = inter / np.maximum(union, 1)
    return float(iou.mean()), iou, correct / total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("samples")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--train", type=int, default=4000)
    parser.add_argument("--heldout", type=int, default=300)
    args = parser.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(TORCH_SEED)
    started = time.time()
    train_x, train_y, _ = data.render_set(TRAIN_SEED, args.train)
    render_s = time.time() - started
    print(f"rendered {len(train_x)} scenes in {render_s:.0f} s; pixel share per class:",
          np.round(np.bincount(train_y.reshape(-1), minlength=len(data.CLASSES)) / train_y.size, 3).tolist(), flush=True)

    model = ShapesSegNet(len(data.CLASSES))
    steps_per_epoch = (len(train_x) + BATCH - 1) // BATCH
    optimiser = torch.optim.AdamW(model.parameters(), lr=5e-3, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, 5e-3, total_steps=args.epochs * steps_per_epoch)
    rng = np.random.default_rng(TORCH_SEED)
    train_started = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = rng.permutation(len(train_x))
        total = 0.0
        for step in range(steps_per_epoch):
            batch = order[step * BATCH:(step + 1) * BATCH]
            x, y = to_tensor(train_x[batch]), torch.from_numpy(train_y[batch])
            if rng.random() < 0.5:  # mirror images are scenes too
                x, y = torch.flip(x, [3]), torch.flip(y, [2])
            logits = F.interpolate(model(x), size=y.shape[-2:], mode="bilinear", align_corners=False)
            loss = F.cross_entropy(logits, y, weight=CLASS_WEIGHTS)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss)
            if (step + 1) % 25 == 0:
                print(f"  step {epoch * steps_per_epoch + step + 1}: loss {float(loss):.3f}, {time.time() - train_started:.0f} s", flush=True)
        print(f"epoch {epoch + 1}: loss {total / steps_per_epoch:.3f}, {time.time() - train_started:.0f} s", flush=True)
    train_s = time.time() - train_started

    miou, iou, pixel_accuracy = evaluate(model, EVAL_SEED, args.heldout)
    print(f"held-out mIoU {miou:.4f}, per class {np.round(iou, 3).tolist()}, pixel accuracy {pixel_accuracy:.4f}", flush=True)
    model.eval()
    os.makedirs(os.path.join(args.out, "onnx"), exist_ok=True)
    torch.onnx.export(model, torch.zeros(1, 3, data.SIZE, data.SIZE), os.path.join(args.out, "onnx", "model.onnx"),
                      input_names=["pixel_values"], output_names=["logits"], opset_version=14,
                      do_constant_folding=True, dynamic_axes={"pixel_values": {0: "batch"}, "logits": {0: "batch"}})

    id2label = {str(i): name for i, name in enumerate(data.CLASSES)}
    config = {
        "architectures": ["ShapesSegNetForSemanticSegmentation"],
        "model_type": "shapes-segnet",
        "num_channels": 3,
        "image_size": data.SIZE,
        "id2label": id2label,
        "label2id": {name: i for i, name in enumerate(data.CLASSES)},
    }
    preprocessor = {
        "image_processor_type": "SegformerImageProcessor",
        "do_resize": True,
        "size": {"height": data.SIZE, "width": data.SIZE},
        "resample": 2,
        "do_rescale": True,
        "rescale_factor": 1 / 255,
        "do_normalize": True,
        "image_mean": [MEAN] * 3,
        "image_std": [STD] * 3,
        "do_reduce_labels": False,
    }
    for name, value in (("config.json", config), ("preprocessor_config.json", preprocessor)):
        with open(os.path.join(args.out, name), "w") as f:
            json.dump(value, f, indent=2)
            f.write("\n")

    # Samples for the app and goldens for the tests: PyTorch's logits on the model input, and the class of
    # every canvas pixel after upsampling (uint8, base64).
    os.makedirs(args.samples, exist_ok=True)
    goldens, sample_meta = [], []
    for name, index, w, h in SAMPLES:
        img, mask = data.scene(SAMPLE_SEED, index, w, h)
        Image.fromarray(img).save(os.path.join(args.samples, name), optimize=True)
        small = data.model_input(img)
        with torch.no_grad():
            logits = model(to_tensor(small[None]))[0]
        pred = predict_full(model, small, h, w)
        inter, union = iou_counts(pred, mask, len(data.CLASSES))
        present = union > 0
        sample_meta.append({"file": name, "seed": SAMPLE_SEED, "index": index, "width": w, "height": h,
                            "miou": round(float((inter[present] / union[present]).mean()), 4),
                            "truth_share": np.round(np.bincount(mask.reshape(-1), minlength=len(data.CLASSES)) / mask.size, 4).tolist()})
        goldens.append({"file": name, "width": w, "height": h, "input_rgb": small.reshape(-1).tolist(),
                        "logits_shape": list(logits.shape),
                        "logits": [round(float(v), 5) for v in logits.reshape(-1)],
                        "classes_base64": base64.b64encode(pred.tobytes()).decode()})

    # 16 held-out scenes at 160 x 120, stacked, with their masks: a test measures mIoU with ONNX Runtime.
    sheet = np.zeros((SHEET * SHEET_H, SHEET_W, 3), np.uint8)
    sheet_mask = np.zeros((SHEET * SHEET_H, SHEET_W), np.uint8)
    inter, union = np.zeros(len(data.CLASSES), np.int64), np.zeros(len(data.CLASSES), np.int64)
    for i in range(SHEET):
        img, mask = data.scene(EVAL_SEED + 1000, i, SHEET_W, SHEET_H)
        sheet[i * SHEET_H:(i + 1) * SHEET_H] = img
        sheet_mask[i * SHEET_H:(i + 1) * SHEET_H] = mask
        a, b = iou_counts(predict_full(model, data.model_input(img), SHEET_H, SHEET_W), mask, len(data.CLASSES))
        inter += a
        union += b
    sheet_miou = float((inter / np.maximum(union, 1)).mean())
    Image.fromarray(sheet).save(os.path.join(args.out, "heldout-16.png"), optimize=True)
    Image.fromarray(sheet_mask).save(os.path.join(args.out, "heldout-16-mask.png"), optimize=True)
    with open(os.path.join(args.out, "heldout-16.json"), "w") as f:
        json.dump({"count": SHEET, "width": SHEET_W, "height": SHEET_H, "seed": EVAL_SEED + 1000,
                   "torch_miou": round(sheet_miou, 4)}, f)
        f.write("\n")

    metrics = {
        "task": "semantic-segmentation",
        "classes": data.CLASSES,
        "input": [1, 3, data.SIZE, data.SIZE],
        "output": [1, len(data.CLASSES), data.SIZE // 4, data.SIZE // 4],
        "train_images": len(train_x), "heldout_images": args.heldout,
        "seeds": {"train": TRAIN_SEED, "heldout": EVAL_SEED, "samples": SAMPLE_SEED, "torch": TORCH_SEED},
        "epochs": args.epochs,
        "heldout_miou": round(miou, 4),
        "heldout_iou_per_class": [round(float(v), 4) for v in iou],
        "heldout_pixel_accuracy": round(pixel_accuracy, 4),
        "heldout_16_miou": round(sheet_miou, 4),
        "parameters": sum(p.numel() for p in model.parameters()),
        "render_seconds": round(render_s), "train_seconds": round(train_s),
        "torch": torch.__version__, "threads": torch.get_num_threads(),
        "samples": sample_meta,
    }
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)
        f.write("\n")
    with open(os.path.join(args.out, "goldens.json"), "w") as f:
        json.dump({"note": "PyTorch on each sample: input_rgb is the 96 x 96 model input (Pillow bilinear), logits the "
                           "[classes, 24, 24] output, classes_base64 the class of every canvas pixel after bilinear "
                           "upsampling (align_corners=False) and argmax, row-major uint8",
                   "samples": goldens}, f)
        f.write("\n")
    print(json.dumps({k: metrics[k] for k in ("heldout_miou", "heldout_iou_per_class", "heldout_pixel_accuracy", "heldout_16_miou", "samples")}))


if __name__ == "__main__":
    main()
