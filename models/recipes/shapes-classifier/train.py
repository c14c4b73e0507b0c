"""Train, evaluate and export the shapes classifier.

Usage: /usr/bin/python3 train.py OUT_DIR SAMPLES_DIR [--epochs N] [--train N]
Writes OUT_DIR/{onnx/model.onnx, config.json, preprocessor_config.json, metrics.json, goldens.json,
heldout-500.png, heldout-500.json} and SAMPLES_DIR/shape-{1,2,3}.png (held-out-style images the app
opens; the third one the model gets wrong). heldout-500.png holds the first 500 held-out images as 32 x 32
tiles, 25 a row, with their labels and PyTorch's predictions in heldout-500.json, so a test can check the
exported model's accuracy with ONNX Runtime. Seeds: training set 1, held-out set 2 (different images),
samples 3, torch 0.
"""
from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

import data
from cnn import ShapesCNN

TRAIN_SEED, EVAL_SEED, SAMPLE_SEED, TORCH_SEED = 1, 2, 3, 0
MEAN, STD = 0.5, 0.5
BATCH = 32


def to_tensor(images: np.ndarray) -> torch.Tensor:
    """N x H x W x 3 uint8 -> N x 3 x H x W float, as preprocessor_config.json says: /255, then (x-0.5)/0.5."""
    x = torch.from_numpy(np.ascontiguousarray(images)).permute(0, 3, 1, 2).float() / 255.0
    return (x - MEAN) / STD


def evaluate(model, images, labels):
    model.eval()
    with torch.no_grad():
        logits = torch.cat([model(to_tensor(images[i:i + 500])) for i in range(0, len(images), 500)])
    predicted = logits.argmax(1).numpy()
    classes = len(data.CLASSES)
    confusion = np.zeros((classes, classes), np.int64)
    for truth, guess in zip(labels, predicted):
        confusion[truth, guess] += 1
    return float((predicted == labels).mean()), confusion, predicted, logits


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("samples")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--train", type=int, default=8000)
    parser.add_argument("--heldout", type=int, default=2000)
    args = parser.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(TORCH_SEED)
    started = time.time()
    train_x, train_y = data.render_set(TRAIN_SEED, args.train)
    eval_x, eval_y = data.render_set(EVAL_SEED, args.heldout)
    render_s = time.time() - started
    print(f"rendered {len(train_x)} + {len(eval_x)} images in {render_s:.0f} s; classes in training:",
          np.bincount(train_y).tolist())

    model = ShapesCNN(len(data.CLASSES))
    steps_per_epoch = (len(train_x) + BATCH - 1) // BATCH
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, 3e-3, total_steps=args.epochs * steps_per_epoch)
    rng = np.random.default_rng(TORCH_SEED)
    train_started = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = rng.permutation(len(train_x))
        total = 0.0
        for step in range(steps_per_epoch):
            batch = order[step * BATCH:(step + 1) * BATCH]
            x = to_tensor(train_x[batch])
            if rng.random() < 0.5:  # shapes are mirror-symmetric classes: flips are free data
                x = torch.flip(x, [3])
            loss = F.cross_entropy(model(x), torch.from_numpy(train_y[batch]))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss)
            if (step + 1) % 100 == 0:
                print(f"  step {epoch * steps_per_epoch + step + 1}: loss {float(loss):.3f}, {time.time() - train_started:.0f} s", flush=True)
        accuracy, _, _, _ = evaluate(model, eval_x, eval_y)
        print(f"epoch {epoch + 1}: loss {total / steps_per_epoch:.3f}, held-out accuracy {accuracy:.4f}, "
              f"{time.time() - train_started:.0f} s", flush=True)
    train_s = time.time() - train_started

    accuracy, confusion, predicted, _ = evaluate(model, eval_x, eval_y)
    os.makedirs(os.path.join(args.out, "onnx"), exist_ok=True)
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 3, data.SIZE, data.SIZE), os.path.join(args.out, "onnx", "model.onnx"),
                      input_names=["pixel_values"], output_names=["logits"], opset_version=14,
                      do_constant_folding=True, dynamic_axes={"pixel_values": {0: "batch"}, "logits": {0: "batch"}})

    id2label = {str(i): name for i, name in enumerate(data.CLASSES)}
    config = {
        "architectures": ["ShapesCNNForImageClassification"],
        "model_type": "shapes-cnn",
        "num_channels": 3,
        "image_size": data.SIZE,
        "id2label": id2label,
        "label2id": {name: i for i, name in enumerate(data.CLASSES)},
    }
    preprocessor = {
        "image_processor_type": "ViTImageProcessor",
        "do_resize": True,
        "size": {"height": data.SIZE, "width": data.SIZE},
        "resample": 2,
        "do_rescale": True,
        "rescale_factor": 1 / 255,
        "do_normalize": True,
        "image_mean": [MEAN] * 3,
        "image_std": [STD] * 3,
    }
    for name, value in (("config.json", config), ("preprocessor_config.json", preprocessor)):
        with open(os.path.join(args.out, name), "w") as f:
            json.dump(value, f, indent=2)
            f.write("\n")

    # Samples for the app: canvases of 160 px (the app resizes them to 64, as training did). The first
    # held-out-style images the model classifies right for each of two classes, and the first it gets wrong.
    os.makedirs(args.samples, exist_ok=True)
    right, wrong, index = {}, None, 0
    sample_meta = []
    while (len(right) < 2 or wrong is None) and index < 400:
        small, label, big = data.render(SAMPLE_SEED, index, canvas=160)
        with torch.no_grad():
            guess = int(model(to_tensor(small[None])).argmax(1))
        if guess == label and label not in right and len(right) < 2:
            right[label] = (index, big, small)
        elif guess != label and wrong is None:
            wrong = (index, big, small, guess, label)
        index += 1
    picks = [(i, b, s, l, l) for l, (i, b, s) in right.items()]
    if wrong is not None:
        picks.append((wrong[0], wrong[1], wrong[2], wrong[4], wrong[3]))
    goldens = []
    for n, (i, big, small, label, guess) in enumerate(picks, start=1):
        name = f"shape-{n}.png"
        Image.fromarray(big).save(os.path.join(args.samples, name), optimize=True)
        with torch.no_grad():
            logits = model(to_tensor(small[None]))[0]
        sample_meta.append({"file": name, "seed": SAMPLE_SEED, "index": i, "canvas": 160, "label": data.CLASSES[label],
                            "predicted": data.CLASSES[guess]})
        goldens.append({"file": name, "input_rgb": small.reshape(-1).tolist(),
                        "logits": [round(float(v), 6) for v in logits]})

    # The first 500 held-out images as a sheet of tiles, with labels and PyTorch's predictions on them.
    sheet_count, per_row = 500, 25
    sheet = np.zeros(((sheet_count // per_row) * data.SIZE, per_row * data.SIZE, 3), np.uint8)
    for i in range(sheet_count):
        r, c = divmod(i, per_row)
        sheet[r * data.SIZE:(r + 1) * data.SIZE, c * data.SIZE:(c + 1) * data.SIZE] = eval_x[i]
    Image.fromarray(sheet).save(os.path.join(args.out, "heldout-500.png"), optimize=True)
    sheet_accuracy = float((predicted[:sheet_count] == eval_y[:sheet_count]).mean())
    with open(os.path.join(args.out, "heldout-500.json"), "w") as f:
        json.dump({"tile": data.SIZE, "per_row": per_row, "count": sheet_count, "labels": eval_y[:sheet_count].tolist(),
                   "torch_predictions": predicted[:sheet_count].tolist(), "torch_accuracy": sheet_accuracy}, f)
        f.write("\n")
    torch.save(model.state_dict(), os.path.join(args.out, "model.pt"))

    metrics = {
        "task": "image-classification",
        "classes": data.CLASSES,
        "input": [1, 3, data.SIZE, data.SIZE],
        "train_images": len(train_x), "heldout_images": len(eval_x),
        "seeds": {"train": TRAIN_SEED, "heldout": EVAL_SEED, "samples": SAMPLE_SEED, "torch": TORCH_SEED},
        "epochs": args.epochs,
        "heldout_accuracy": round(accuracy, 4),
        "heldout_mistakes": int((predicted != eval_y).sum()),
        "heldout_500_accuracy": round(sheet_accuracy, 4),
        "confusion_rows_truth_cols_predicted": confusion.tolist(),
        "parameters": sum(p.numel() for p in model.parameters()),
        "render_seconds": round(render_s), "train_seconds": round(train_s),
        "torch": torch.__version__, "threads": torch.get_num_threads(),
        "samples": sample_meta,
    }
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)
        f.write("\n")
    with open(os.path.join(args.out, "goldens.json"), "w") as f:
        json.dump({"note": "PyTorch logits for the samples: each 160 x 160 PNG resized to 32 x 32 by Pillow (bilinear), /255, (x-0.5)/0.5; input_rgb holds those 32 x 32 pixels",
                   "samples": goldens}, f)
        f.write("\n")
    print(json.dumps({k: metrics[k] for k in ("heldout_accuracy", "heldout_mistakes", "confusion_rows_truth_cols_predicted", "samples")}))


if __name__ == "__main__":
    main()
