"""A small CNN whose last conv feeds a global average pool and one linear layer, so class activation maps
(CAM, Zhou et al. 2016) apply: the map of class c is sum_k w[c, k] * A_k, A the last conv's activations."""
import torch
from torch import nn

WIDTHS = (16, 32, 32, 64, 64)
STRIDES = (1, 2, 1, 2, 1)


class ShapesCNN(nn.Module):
    def __init__(self, classes: int):
        super().__init__()
        layers, cin = [], 3
        for width, stride in zip(WIDTHS, STRIDES):
            layers += [nn.Conv2d(cin, width, 3, stride, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(inplace=True)]
            cin = width
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(cin, classes)

    def forward(self, x):
        return self.classifier(torch.flatten(self.pool(self.features(x)), 1))
