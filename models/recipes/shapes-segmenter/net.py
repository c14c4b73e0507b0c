"""A small SegFormer-like conv segmenter: an encoder down to 1/8, a decoder that fuses the 1/4 features and
gives class logits at 1/4 of the input (as SegFormer does); the app upsamples them to the image."""
import torch
from torch import nn
import torch.nn.functional as F


def block(cin, cout, stride=1, dilation=1):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, dilation, dilation=dilation, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class ShapesSegNet(nn.Module):
    def __init__(self, classes: int):
        super().__init__()
        self.stem = block(3, 16, 2)                                            # 1/2
        self.down4 = nn.Sequential(block(16, 32, 2), block(32, 32))           # 1/4
        self.down8 = nn.Sequential(block(32, 48, 2), block(48, 48, dilation=2), block(48, 48, dilation=4))  # 1/8
        self.fuse = nn.Sequential(block(48 + 32, 32))
        self.classifier = nn.Conv2d(32, classes, 1)

    def forward(self, x):
        f4 = self.down4(self.stem(x))
        f8 = self.down8(f4)
        up = F.interpolate(f8, scale_factor=2.0, mode="bilinear", align_corners=False)
        return self.classifier(self.fuse(torch.cat([up, f4], 1)))
