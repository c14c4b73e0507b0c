"""Train, evaluate and export the shapes detector (YOLOv8 architecture) on procedurally drawn shapes.

Usage: /usr/bin/python3 train.py OUT_DIR [--steps N] [--size 256]
       /usr/bin/python3 train.py OUT_DIR --from-checkpoint RUN_DIR   (re-evaluate + re-export the EMA
       weights RUN_DIR/ema.pt of an earlier run; its metrics.json supplies the training fields)
Writes into OUT_DIR: model.onnx, metrics.json, check_input.f32 / check_output.f32 (torch output on a
fixed input, for the ORT comparison), samples/shapes-{1,2}.{png,json}.
Seeds: training set seed 1, held-out set seed 2 (different images), samples seed 3, torch seed 0.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

import shapes
from model import REG_MAX, STRIDES, DetectExport, TinyYOLOv8, dfl_expectation, flatten_outputs, make_anchors

TRAIN_SEED, EVAL_SEED, SAMPLE_SEED, TORCH_SEED = 1, 2, 3, 0
WIDTHS, HEAD_CH = (16, 24, 40, 64, 80), 32


# ----------------------------------------------------------------------------- boxes

def box_iou_pairwise(a, b, eps=1e-7):
    """a [..., 4], b [..., 4] xyxy (broadcast) -> IoU [...]."""
    iw = (torch.minimum(a[..., 2], b[..., 2]) - torch.maximum(a[..., 0], b[..., 0])).clamp(0)
    ih = (torch.minimum(a[..., 3], b[..., 3]) - torch.maximum(a[..., 1], b[..., 1])).clamp(0)
    inter = iw * ih
    union = (a[..., 2] - a[..., 0]) * (a[..., 3] - a[..., 1]) + (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1]) - inter
    return inter / (union + eps)


def box_ciou(a, b, eps=1e-7):
    """Complete IoU of matching xyxy boxes [..., 4]."""
    iou = box_iou_pairwise(a, b, eps)
    cw = torch.maximum(a[..., 2], b[..., 2]) - torch.minimum(a[..., 0], b[..., 0])
    ch = torch.maximum(a[..., 3], b[..., 3]) - torch.minimum(a[..., 1], b[..., 1])
    c2 = cw ** 2 + ch ** 2 + eps
    rho2 = ((a[..., 0] + a[..., 2] - b[..., 0] - b[..., 2]) ** 2 + (a[..., 1] + a[..., 3] - b[..., 1] - b[..., 3]) ** 2) / 4
    w1, h1 = a[..., 2] - a[..., 0], a[..., 3] - a[..., 1] + eps
    w2, h2 = b[..., 2] - b[..., 0], b[..., 3] - b[..., 1] + eps
    v = (4 / math.pi ** 2) * (torch.atan(w2 / h2) - torch.atan(w1 / h1)) ** 2
    with torch.no_grad():
        alpha = v / (v - iou + (1 + eps))
    return iou - (rho2 / c2 + v * alpha)


# ----------------------------------------------------------------------------- assigner + loss

@torch.no_grad()
def task_aligned_assign(scores, pboxes, anchors, gt_labels, gt_boxes, gt_mask, topk=10, alpha=0.5, beta=6.0, eps=1e-9):
    """YOLOv8's TaskAlignedAssigner. scores [B,N,C] (sigmoid), pboxes [B,N,4] xyxy px, anchors [N,2] px,
    gt_labels [B,M], gt_boxes [B,M,4], gt_mask [B,M] bool.
    Returns target boxes [B,N,4], target scores [B,N,C], foreground mask [B,N]."""
    b, n, c = scores.shape
    m = gt_boxes.shape[1]
    if m == 0:
        return torch.zeros_like(pboxes), torch.zeros_like(scores), torch.zeros(b, n, dtype=torch.bool)
    lt = anchors[None, None] - gt_boxes[:, :, None, :2]
    rb = gt_boxes[:, :, None, 2:] - anchors[None, None]
    in_gts = torch.cat((lt, rb), -1).amin(-1) > eps                                     # [B,M,N]
    valid = in_gts & gt_mask[:, :, None]
    ious = box_iou_pairwise(gt_boxes[:, :, None, :], pboxes[:, None, :, :]).clamp(0) * valid
    cls_scores = scores.gather(2, gt_labels.clamp(0)[:, None, :].expand(b, n, m)).permute(0, 2, 1)  # [B,M,N]
    align = cls_scores.pow(alpha) * ious.pow(beta) * valid
    top_idx = align.topk(min(topk, n), dim=-1).indices                                   # [B,M,k]
    is_top = torch.zeros_like(align, dtype=torch.bool).scatter_(-1, top_idx, True)
    pos = is_top & valid                                                                  # [B,M,N]
    # an anchor claimed by several boxes keeps the one it overlaps most
    multi = pos.sum(1, keepdim=True) > 1
    best = F.one_hot(ious.argmax(1), m).permute(0, 2, 1).bool()
    pos = torch.where(multi, best & valid, pos)
    fg = pos.any(1)                                                                       # [B,N]
    gt_idx = pos.float().argmax(1)                                                        # [B,N]
    tboxes = gt_boxes.gather(1, gt_idx[..., None].expand(b, n, 4))
    tlabels = gt_labels.gather(1, gt_idx)
    align = align * pos
    norm = (align * (ious * pos).amax(-1, keepdim=True) / (align.amax(-1, keepdim=True) + eps)).amax(1)  # [B,N]
    tscores = F.one_hot(tlabels.clamp(0), c).float() * (norm * fg)[..., None]
    return tboxes, tscores, fg


def detection_loss(outs, gt_labels, gt_boxes, gt_mask, w_box=7.5, w_cls=0.5, w_dfl=1.5):
    box_logits, cls_logits, sizes = flatten_outputs(outs)
    anchors, strides = make_anchors(sizes)
    dist = dfl_expectation(box_logits)                                                   # stride units
    pboxes = torch.cat((anchors - dist[..., :2] * strides, anchors + dist[..., 2:] * strides), -1)
    tboxes, tscores, fg = task_aligned_assign(cls_logits.detach().sigmoid(), pboxes.detach(), anchors,
                                              gt_labels, gt_boxes, gt_mask)
    tss = tscores.sum().clamp(min=1)
    l_cls = F.binary_cross_entropy_with_logits(cls_logits, tscores, reduction="sum") / tss
    if fg.any():
        wgt = tscores.sum(-1)[fg]
        l_box = ((1 - box_ciou(pboxes[fg], tboxes[fg])) * wgt).sum() / tss
        st = strides[:, 0][None].expand(fg.shape)[fg][:, None]
        anc = anchors[None].expand(fg.shape[0], -1, -1)[fg]
        tgt = torch.cat((anc - tboxes[fg][:, :2], tboxes[fg][:, 2:] - anc), -1) / st
        tgt = tgt.clamp(0, REG_MAX - 1 - 0.01)
        logits = box_logits[fg].view(-1, REG_MAX)
        tl = tgt.view(-1).long()
        wr = tgt.view(-1) - tl
        dfl = F.cross_entropy(logits, tl, reduction="none") * (1 - wr) + F.cross_entropy(logits, tl + 1, reduction="none") * wr
        l_dfl = (dfl.view(-1, 4).mean(-1) * wgt).sum() / tss
    else:
        l_box = l_dfl = box_logits.sum() * 0
    return w_box * l_box + w_cls * l_cls + w_dfl * l_dfl, (l_box.item(), l_cls.item(), l_dfl.item())


# ----------------------------------------------------------------------------- data

def make_set(seed, count, size, letterboxed=True):
    imgs = np.zeros((count, size, size, 3), np.uint8)
    anns = []
    for i in range(count):
        img, boxes, labels = (shapes.generate_letterboxed if letterboxed else (lambda s, k, z: shapes.generate(s, k, z, z)))(seed, i, size)
        imgs[i] = img
        anns.append((boxes, labels))
    return imgs, anns


def collate(imgs, anns, idx, rng=None):
    x = torch.from_numpy(imgs[idx]).permute(0, 3, 1, 2).float() / 255
    size = x.shape[-1]
    bs = [torch.from_numpy(anns[i][0]).clone() for i in idx]
    ls = [torch.from_numpy(anns[i][1]) for i in idx]
    if rng is not None:  # flips and 90-degree rotations: the shapes classes are invariant to them
        for k in range(len(idx)):
            if rng.random() < 0.5:
                x[k] = x[k].flip(-1)
                b = bs[k]; bs[k] = torch.stack((size - b[:, 2], b[:, 1], size - b[:, 0], b[:, 3]), 1)
            if rng.random() < 0.5:
                x[k] = x[k].flip(-2)
                b = bs[k]; bs[k] = torch.stack((b[:, 0], size - b[:, 3], b[:, 2], size - b[:, 1]), 1)
            if rng.random() < 0.5:  # transpose (x <-> y)
                x[k] = x[k].transpose(-1, -2).clone()
                b = bs[k]; bs[k] = b[:, [1, 0, 3, 2]]
    m = max(1, max(len(b) for b in bs))
    gt_boxes = torch.zeros(len(idx), m, 4)
    gt_labels = torch.zeros(len(idx), m, dtype=torch.long)
    gt_mask = torch.zeros(len(idx), m, dtype=torch.bool)
    for k, (b, l) in enumerate(zip(bs, ls)):
        gt_boxes[k, :len(b)] = b; gt_labels[k, :len(l)] = l; gt_mask[k, :len(b)] = True
    return x, gt_labels, gt_boxes, gt_mask


# ----------------------------------------------------------------------------- evaluation

def nms(boxes, scores, iou_thr):
    order = np.argsort(-scores, kind="stable")
    keep = []
    while order.size:
        i = order[0]
        keep.append(i)
        if order.size == 1:
            break
        rest = order[1:]
        xx1 = np.maximum(boxes[i, 0], boxes[rest, 0]); yy1 = np.maximum(boxes[i, 1], boxes[rest, 1])
        xx2 = np.minimum(boxes[i, 2], boxes[rest, 2]); yy2 = np.minimum(boxes[i, 3], boxes[rest, 3])
        inter = np.clip(xx2 - xx1, 0, None) * np.clip(yy2 - yy1, 0, None)
        area = lambda b: (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])
        iou = inter / (area(boxes[i]) + area(boxes[rest]) - inter + 1e-9)
        order = rest[iou <= iou_thr]
    return np.asarray(keep, np.int64)


def postprocess(out, score_thr=0.001, iou_thr=0.45, max_det=100):
    """out [4+C, N] (cx,cy,w,h px + scores) -> list of (box xyxy, score, class), class-aware NMS."""
    xywh, sc = out[:4].T, out[4:].T
    cls = sc.argmax(1); score = sc.max(1)
    keep = score > score_thr
    xywh, cls, score = xywh[keep], cls[keep], score[keep]
    boxes = np.concatenate((xywh[:, :2] - xywh[:, 2:] / 2, xywh[:, :2] + xywh[:, 2:] / 2), 1)
    dets = []
    for c in np.unique(cls):
        k = np.where(cls == c)[0]
        for i in nms(boxes[k], score[k], iou_thr):
            dets.append((boxes[k[i]], float(score[k[i]]), int(c)))
    dets.sort(key=lambda d: -d[1])
    return dets[:max_det]


def iou_np(a, b):
    iw = np.clip(np.minimum(a[2], b[:, 2]) - np.maximum(a[0], b[:, 0]), 0, None)
    ih = np.clip(np.minimum(a[3], b[:, 3]) - np.maximum(a[1], b[:, 1]), 0, None)
    inter = iw * ih
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1]) - inter + 1e-9)


def match(dets, gt_boxes, gt_labels, iou_thr=0.5):
    """Greedy by score: each detection is TP if it overlaps an unmatched GT of its class by >= iou_thr."""
    used = np.zeros(len(gt_boxes), bool)
    tp = []
    for box, score, c in dets:
        ok = False
        cand = np.where((gt_labels == c) & ~used)[0]
        if cand.size:
            ious = iou_np(box, gt_boxes[cand])
            j = ious.argmax()
            if ious[j] >= iou_thr:
                used[cand[j]] = True; ok = True
        tp.append(ok)
    return tp


def average_precision(tp, scores, n_gt):
    """All-point interpolated AP (area under the monotone precision envelope)."""
    if n_gt == 0:
        return float("nan")
    order = np.argsort(-np.asarray(scores), kind="stable")
    tp = np.asarray(tp, float)[order]
    ctp, cfp = np.cumsum(tp), np.cumsum(1 - tp)
    rec = ctp / n_gt
    prec = ctp / np.maximum(ctp + cfp, 1e-9)
    mrec = np.concatenate(([0.0], rec, [1.0]))
    mpre = np.concatenate(([1.0], prec, [0.0]))
    mpre = np.flip(np.maximum.accumulate(np.flip(mpre)))
    i = np.where(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1]))


@torch.no_grad()
def evaluate(export_model, imgs, anns, nc, score_thr=0.25, batch=50):
    per_cls = {c: ([], []) for c in range(nc)}
    n_gt = np.zeros(nc, int)
    tp_at, fp_at, fn_at = 0, 0, 0
    for s in range(0, len(imgs), batch):
        x = torch.from_numpy(imgs[s:s + batch]).permute(0, 3, 1, 2).float() / 255
        out = export_model(x).numpy()
        for k in range(out.shape[0]):
            gb, gl = anns[s + k]
            dets = postprocess(out[k])
            for c in range(nc):
                n_gt[c] += int((gl == c).sum())
            tp = match(dets, gb, gl)
            for d, t in zip(dets, tp):
                per_cls[d[2]][0].append(t); per_cls[d[2]][1].append(d[1])
            strong = [d for d in dets if d[1] >= score_thr]
            tps = match(strong, gb, gl)
            tp_at += sum(tps); fp_at += len(tps) - sum(tps); fn_at += len(gb) - sum(tps)
    aps = [average_precision(per_cls[c][0], per_cls[c][1], n_gt[c]) for c in range(nc)]
    return {
        "images": len(imgs), "objects": int(n_gt.sum()),
        "mAP50": float(np.nanmean(aps)),
        "AP50_per_class": {shapes.CLASSES[c]: round(aps[c], 4) for c in range(nc)},
        "precision@0.25": tp_at / max(1, tp_at + fp_at), "recall@0.25": tp_at / max(1, tp_at + fn_at),
        "protocol": "class-aware NMS IoU 0.45, max 100 dets; AP: all-point interpolation over dets with "
                    "score > 0.001, TP at IoU >= 0.5 greedy by score; P/R over dets with score >= 0.25",
    }


# ----------------------------------------------------------------------------- main

def train(args, nc, rng):
    t0 = time.time()
    train_imgs, train_anns = make_set(TRAIN_SEED, args.train_images, args.size)
    eval_imgs, eval_anns = make_set(EVAL_SEED, args.eval_images, args.size)
    print(f"data: {len(train_imgs)} train / {len(eval_imgs)} held-out images in {time.time() - t0:.1f}s", flush=True)

    model = TinyYOLOv8(nc, WIDTHS, HEAD_CH)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"parameters: {n_params}", flush=True)
    ema = TinyYOLOv8(nc, WIDTHS, HEAD_CH)
    ema.load_state_dict(model.state_dict())
    ema.requires_grad_(False)
    decay_p = [p for n, p in model.named_parameters() if p.ndim > 1]
    other_p = [p for n, p in model.named_parameters() if p.ndim <= 1]
    opt = torch.optim.AdamW([{"params": decay_p, "weight_decay": 5e-4}, {"params": other_p, "weight_decay": 0}], lr=args.lr, betas=(0.9, 0.999))
    warm = max(1, min(150, args.steps // 10))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * min(s, args.steps) / args.steps))))

    t_train = time.time()
    perm = rng.permutation(len(train_imgs)); pos = 0
    model.train()
    for step in range(args.steps):
        if pos + args.batch > len(perm):
            perm = rng.permutation(len(train_imgs)); pos = 0
        idx = perm[pos:pos + args.batch]; pos += args.batch
        x, gl, gb, gm = collate(train_imgs, train_anns, idx, rng)
        loss, parts = detection_loss(model(x), gl, gb, gm)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
        opt.step(); sched.step()
        d = 0.999 * (1 - math.exp(-(step + 1) / 200))  # Ultralytics-style EMA ramp
        with torch.no_grad():
            for pe, pm in zip(ema.state_dict().values(), model.state_dict().values()):
                if pe.dtype.is_floating_point:
                    pe.mul_(d).add_(pm.detach(), alpha=1 - d)
                else:
                    pe.copy_(pm)
        if step % 50 == 0 or step == args.steps - 1:
            print(f"step {step:5d} loss {loss.item():.3f} box {parts[0]:.3f} cls {parts[1]:.3f} dfl {parts[2]:.3f} "
                  f"lr {sched.get_last_lr()[0]:.2e} {time.time() - t_train:.0f}s", flush=True)
    train_s = time.time() - t_train

    return ema, n_params, train_s, eval_imgs, eval_anns


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--steps", type=int, default=1400)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--train-images", type=int, default=3000)
    ap.add_argument("--eval-images", type=int, default=300)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--from-checkpoint")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.set_num_threads(2)
    torch.manual_seed(TORCH_SEED)
    rng = np.random.default_rng(TORCH_SEED)
    nc = len(shapes.CLASSES)

    if args.from_checkpoint:
        eval_imgs, eval_anns = make_set(EVAL_SEED, args.eval_images, args.size)
        ema = TinyYOLOv8(nc, WIDTHS, HEAD_CH)
        ema.load_state_dict(torch.load(os.path.join(args.from_checkpoint, "ema.pt")))
        with open(os.path.join(args.from_checkpoint, "metrics.json")) as f:
            trained = json.load(f)
        n_params = sum(p.numel() for p in ema.parameters())
        train_s = trained["train_seconds"]
        args.steps, args.batch, args.train_images = trained["steps"], trained["batch"], trained["train_images"]
    else:
        ema, n_params, train_s, eval_imgs, eval_anns = train(args, nc, rng)

    ema.eval()
    export = DetectExport(ema, args.size).eval()
    metrics = evaluate(export, eval_imgs, eval_anns, nc)
    metrics.update({"train_seconds": round(train_s, 1), "batch": args.batch, "steps": args.steps,
                    "train_images": args.train_images, "train_seed": TRAIN_SEED, "eval_seed": EVAL_SEED,
                    "torch_seed": TORCH_SEED, "parameters": n_params, "input_size": args.size,
                    "torch": torch.__version__})
    print(json.dumps(metrics, indent=1), flush=True)

    # export with the decode inside
    dummy = torch.zeros(1, 3, args.size, args.size)
    onnx_path = os.path.join(args.out, "model.onnx")
    torch.onnx.export(export, dummy, onnx_path, input_names=["images"], output_names=["output0"],
                      opset_version=17, do_constant_folding=True)
    # a fixed check input (a held-out image) and torch's output on it, for the ORT comparison
    chk = torch.from_numpy(eval_imgs[:1]).permute(0, 3, 1, 2).float() / 255
    with torch.no_grad():
        ref = export(chk)
    chk.numpy().astype("<f4").tofile(os.path.join(args.out, "check_input.f32"))
    ref.numpy().astype("<f4").tofile(os.path.join(args.out, "check_output.f32"))
    metrics["output_shape"] = list(ref.shape)
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=1)
    torch.save(ema.state_dict(), os.path.join(args.out, "ema.pt"))


if __name__ == "__main__":
    main()
