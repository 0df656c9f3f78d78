"""Writes the fixtures of InputConvAdaptationTest with Debian's PyTorch (/usr/bin/python3 make_fixtures.py).

rgb.npy is a random RGB patch-embedding weight (D=4, 3, P=2, P=2); adapted-N.npy is that weight adapted to N
input channels by the rule of timm's adapt_input_conv (timm/models/_manipulate.py), restated here with torch
operations in the same order: for 1 channel, the sum over the input-channel dimension; for N != 3 channels,
the weight repeated ceil(N / 3) times along the input-channel dimension, cut to N, multiplied in place by 3 / N.

vit-patch-adapted-N.npy is the patch embedding (16, 3, 8, 8) of ../weights/vit-backbone.pth adapted to N = 1 and 4
channels by the same rule: what loading that file into a ViT of N input channels with adaptation must give.
"""
import math

import numpy as np
import torch


def timm_rule(in_chans, weight):
    weight = weight.float()
    if in_chans == 1:
        return weight.sum(dim=1, keepdim=True)
    if in_chans != 3:
        repeat = int(math.ceil(in_chans / 3))
        weight = weight.repeat(1, repeat, 1, 1)[:, :in_chans, :, :]
        weight *= (3 / float(in_chans))
    return weight


torch.manual_seed(24)
rgb = torch.randn(4, 3, 2, 2)
np.save("rgb.npy", rgb.numpy().astype(np.float32))
for n in (1, 2, 3, 4, 5, 7, 16):
    np.save(f"adapted-{n}.npy", np.ascontiguousarray(timm_rule(n, rgb.clone()).numpy().astype(np.float32)))

vit_patch = torch.load("../weights/vit-backbone.pth")["patch_embed.proj.weight"]
for n in (1, 4):
    np.save(f"vit-patch-adapted-{n}.npy", np.ascontiguousarray(timm_rule(n, vit_patch.clone()).numpy().astype(np.float32)))
