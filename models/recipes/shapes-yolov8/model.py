"""A tiny YOLOv8-architecture detector: Conv-BN-SiLU backbone with C2f blocks and SPPF, PAN-FPN neck,
decoupled anchor-free head with DFL (reg_max 16) on strides 8/16/32.

`TinyYOLOv8.forward` returns raw head outputs for training; `DetectExport` wraps it with the standard
YOLOv8 decode so the exported graph's single output is [1, 4 + C, N]: cx, cy, w, h in input pixels,
then sigmoid class scores (the layout of Ultralytics' YOLOv8 ONNX export).
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

REG_MAX = 16
STRIDES = (8, 16, 32)


class Conv(nn.Module):
    """Conv2d (no bias) + BatchNorm + SiLU, 'same' padding."""

    def __init__(self, c1, c2, k=1, s=1):
        super().__init__()
        self.conv = nn.Conv2d(c1, c2, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(c2, eps=1e-3, momentum=0.03)
        self.act = nn.SiLU()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    def __init__(self, c, shortcut=True):
        super().__init__()
        self.cv1 = Conv(c, c, 3)
        self.cv2 = Conv(c, c, 3)
        self.add = shortcut

    def forward(self, x):
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class C2f(nn.Module):
    """CSP bottleneck with 2 convolutions, YOLOv8 style: split, n bottlenecks, concat all."""

    def __init__(self, c1, c2, n=1, shortcut=False):
        super().__init__()
        self.c = c2 // 2
        self.cv1 = Conv(c1, 2 * self.c, 1)
        self.cv2 = Conv((2 + n) * self.c, c2, 1)
        self.m = nn.ModuleList(Bottleneck(self.c, shortcut) for _ in range(n))

    def forward(self, x):
        y = list(self.cv1(x).split((self.c, self.c), 1))  # split, not chunk: a static ONNX Split
        for m in self.m:
            y.append(m(y[-1]))
        return self.cv2(torch.cat(y, 1))


class SPPF(nn.Module):
    def __init__(self, c1, c2, k=5):
        super().__init__()
        c_ = c1 // 2
        self.cv1 = Conv(c1, c_, 1)
        self.cv2 = Conv(c_ * 4, c2, 1)
        self.m = nn.MaxPool2d(k, 1, k // 2)

    def forward(self, x):
        x = self.cv1(x)
        y1 = self.m(x)
        y2 = self.m(y1)
        return self.cv2(torch.cat((x, y1, y2, self.m(y2)), 1))


class TinyYOLOv8(nn.Module):
    def __init__(self, nc: int, w=(16, 32, 64, 96, 128), head_ch=48):
        super().__init__()
        self.nc = nc
        c0, c1, c2, c3, c4 = w
        # backbone
        self.stem = Conv(3, c0, 3, 2)                                   # /2
        self.b1 = nn.Sequential(Conv(c0, c1, 3, 2), C2f(c1, c1, 1, True))  # /4
        self.b2 = nn.Sequential(Conv(c1, c2, 3, 2), C2f(c2, c2, 1, True))  # /8  -> P3
        self.b3 = nn.Sequential(Conv(c2, c3, 3, 2), C2f(c3, c3, 1, True))  # /16 -> P4
        self.b4 = nn.Sequential(Conv(c3, c4, 3, 2), C2f(c4, c4, 1, True), SPPF(c4, c4))  # /32 -> P5
        # neck (PAN-FPN)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.n1 = C2f(c4 + c3, c3, 1)   # P4'
        self.n2 = C2f(c3 + c2, c2, 1)   # out P3
        self.d1 = Conv(c2, c2, 3, 2)
        self.n3 = C2f(c2 + c3, c3, 1)   # out P4
        self.d2 = Conv(c3, c3, 3, 2)
        self.n4 = C2f(c3 + c4, c4, 1)   # out P5
        # decoupled head
        chs = (c2, c3, c4)
        cb, cc = head_ch, max(head_ch, nc)
        self.box = nn.ModuleList(nn.Sequential(Conv(c, cb, 3), Conv(cb, cb, 3), nn.Conv2d(cb, 4 * REG_MAX, 1)) for c in chs)
        self.cls = nn.ModuleList(nn.Sequential(Conv(c, cc, 3), Conv(cc, cc, 3), nn.Conv2d(cc, nc, 1)) for c in chs)
        self._init_bias(256)

    def _init_bias(self, img_size):
        # YOLOv8's prior: box logits 1.0, class logits for ~5 objects per (640/s)^2 cells.
        import math
        for b, c, s in zip(self.box, self.cls, STRIDES):
            b[-1].bias.data[:] = 1.0
            c[-1].bias.data[:] = math.log(5 / self.nc / (img_size / s) ** 2)

    def features(self, x):
        x = self.stem(x)
        x = self.b1(x)
        p3 = self.b2(x)
        p4 = self.b3(p3)
        p5 = self.b4(p4)
        t4 = self.n1(torch.cat([self.up(p5), p4], 1))
        o3 = self.n2(torch.cat([self.up(t4), p3], 1))
        o4 = self.n3(torch.cat([self.d1(o3), t4], 1))
        o5 = self.n4(torch.cat([self.d2(o4), p5], 1))
        return [o3, o4, o5]

    def forward(self, x):
        """Returns a list per stride of (box logits [B, 4*REG_MAX, H, W], class logits [B, C, H, W])."""
        return [(b(f), c(f)) for f, b, c in zip(self.features(x), self.box, self.cls)]


def make_anchors(sizes, strides=STRIDES, offset=0.5, device="cpu"):
    """Anchor centres in input pixels, (x + 0.5) * stride, row-major per level, levels in stride order.
    Returns (points [N, 2], stride per point [N, 1])."""
    pts, sts = [], []
    for (h, w), s in zip(sizes, strides):
        sy, sx = torch.meshgrid(torch.arange(h, device=device, dtype=torch.float32) + offset,
                                torch.arange(w, device=device, dtype=torch.float32) + offset, indexing="ij")
        pts.append(torch.stack((sx, sy), -1).view(-1, 2) * s)
        sts.append(torch.full((h * w, 1), float(s), device=device))
    return torch.cat(pts), torch.cat(sts)


def flatten_outputs(outs):
    """[(box, cls)] per level -> box logits [B, N, 4*REG_MAX], class logits [B, N, C], level sizes."""
    box = torch.cat([b.flatten(2) for b, _ in outs], 2).permute(0, 2, 1)
    cls = torch.cat([c.flatten(2) for _, c in outs], 2).permute(0, 2, 1)
    return box, cls, [tuple(b.shape[2:]) for b, _ in outs]


def dfl_expectation(box_logits):
    """[..., 4*REG_MAX] -> [..., 4] expected distances in stride units (softmax over the bins)."""
    p = box_logits.view(*box_logits.shape[:-1], 4, REG_MAX).softmax(-1)
    return (p * torch.arange(REG_MAX, dtype=p.dtype, device=p.device)).sum(-1)


class DetectExport(nn.Module):
    """Model + YOLOv8 decode for a fixed input size; output [B, 4 + C, N] (cx, cy, w, h px; scores).
    All shapes are Python ints fixed at construction, so the ONNX graph has no Shape/Gather arithmetic."""

    def __init__(self, model: TinyYOLOv8, img_size: int):
        super().__init__()
        self.model = model
        sizes = [(img_size // s, img_size // s) for s in STRIDES]
        self.hw = [h * w for h, w in sizes]
        self.n = sum(self.hw)
        anchors, strides = make_anchors(sizes)
        self.register_buffer("anchors", anchors.t().unsqueeze(0))   # [1, 2, N]
        self.register_buffer("strides", strides.t().unsqueeze(0))   # [1, 1, N]
        # DFL as in Ultralytics: a fixed 1x1 conv with weights 0..REG_MAX-1 over softmaxed bins
        self.dfl = nn.Conv2d(REG_MAX, 1, 1, bias=False).requires_grad_(False)
        self.dfl.weight.data[:] = torch.arange(REG_MAX, dtype=torch.float32).view(1, REG_MAX, 1, 1)

    def forward(self, images):
        outs = self.model(images)
        nc = self.model.nc
        box = torch.cat([b.reshape(-1, 4 * REG_MAX, k) for (b, _), k in zip(outs, self.hw)], 2)   # [B, 64, N]
        cls = torch.cat([c.reshape(-1, nc, k) for (_, c), k in zip(outs, self.hw)], 2)            # [B, C, N]
        dist = self.dfl(box.reshape(-1, 4, REG_MAX, self.n).transpose(2, 1).softmax(1)).reshape(-1, 4, self.n)
        lt, rb = dist.split((2, 2), 1)
        x1y1 = self.anchors - lt * self.strides
        x2y2 = self.anchors + rb * self.strides
        xywh = torch.cat(((x1y1 + x2y2) / 2, x2y2 - x1y1), 1)
        return torch.cat((xywh, cls.sigmoid()), 1)
