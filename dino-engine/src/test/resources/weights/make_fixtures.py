#!/usr/bin/python3
"""Writes the weight-file fixtures of dev.dinojvm.engine.weights tests with real PyTorch.

Run from this directory: /usr/bin/python3 make_fixtures.py   (Debian: apt-get install python3-torch)

A tiny random ViT (dim 16, depth 2, 2 heads, patch 8, image 32) and DINO head, saved as
- vit-backbone.pth          official backbone state dict (dino_deitsmall16_pretrain.pth layout)
- vit-full-checkpoint.pth   official full checkpoint (student with DDP's module. prefix, teacher,
                            optimizer with numpy-float learning rates, epoch, args Namespace, dino_loss)
- vit-hf.safetensors        the teacher backbone in Hugging Face transformers ViT naming (+ pooler)
- vit-timm.safetensors      the teacher backbone in timm / official naming
- images.npy                3 normalised images (3, 3, 32, 32)
- teacher-tokens.npy        norm(x) of the teacher backbone for them (3, 17, 16): CLS then patches
- student-cls.npy           the CLS features of the checkpoint's student backbone (3, 16)
- pos-embed-48.npy          the teacher pos_embed resampled to a 6x6 grid as timm does (bicubic, by size)
- evil.pth                  a torch.save'd pickle that would call builtins.eval when loaded
- legacy.pth                the backbone saved with _use_new_zipfile_serialization=False
- strided.pth               views of storages: a transposed tensor, a slice with an offset, a float16 and a float64 tensor
The reference forward below transcribes the official vision_transformer.py.
"""
import argparse
import collections
import json
import struct

import numpy as np
import torch
import torch.nn.functional as F

DIM, DEPTH, HEADS, PATCH, IMAGE, HIDDEN = 16, 2, 2, 8, 32, 64
OUT_DIM, HEAD_HIDDEN, BOTTLENECK = 32, 24, 8
torch.manual_seed(16)


def random_backbone():
    p = {
        "cls_token": torch.randn(1, 1, DIM) * 0.5,
        "pos_embed": torch.randn(1, 1 + (IMAGE // PATCH) ** 2, DIM) * 0.5,
        "patch_embed.proj.weight": torch.randn(DIM, 3, PATCH, PATCH) * 0.1,
        "patch_embed.proj.bias": torch.randn(DIM) * 0.1,
    }
    for b in range(DEPTH):
        s = f"blocks.{b}."
        p[s + "norm1.weight"] = 1 + 0.2 * torch.randn(DIM)
        p[s + "norm1.bias"] = 0.2 * torch.randn(DIM)
        p[s + "attn.qkv.weight"] = 0.3 * torch.randn(3 * DIM, DIM)
        p[s + "attn.qkv.bias"] = 0.1 * torch.randn(3 * DIM)
        p[s + "attn.proj.weight"] = 0.3 * torch.randn(DIM, DIM)
        p[s + "attn.proj.bias"] = 0.1 * torch.randn(DIM)
        p[s + "norm2.weight"] = 1 + 0.2 * torch.randn(DIM)
        p[s + "norm2.bias"] = 0.2 * torch.randn(DIM)
        p[s + "mlp.fc1.weight"] = 0.3 * torch.randn(HIDDEN, DIM)
        p[s + "mlp.fc1.bias"] = 0.1 * torch.randn(HIDDEN)
        p[s + "mlp.fc2.weight"] = 0.2 * torch.randn(DIM, HIDDEN)
        p[s + "mlp.fc2.bias"] = 0.1 * torch.randn(DIM)
    p["norm.weight"] = 1 + 0.2 * torch.randn(DIM)
    p["norm.bias"] = 0.2 * torch.randn(DIM)
    return p


def random_head():
    return {
        "mlp.0.weight": 0.2 * torch.randn(HEAD_HIDDEN, DIM), "mlp.0.bias": 0.1 * torch.randn(HEAD_HIDDEN),
        "mlp.2.weight": 0.2 * torch.randn(HEAD_HIDDEN, HEAD_HIDDEN), "mlp.2.bias": 0.1 * torch.randn(HEAD_HIDDEN),
        "mlp.4.weight": 0.2 * torch.randn(BOTTLENECK, HEAD_HIDDEN), "mlp.4.bias": 0.1 * torch.randn(BOTTLENECK),
        "last_layer.weight_g": torch.ones(OUT_DIM, 1),
        "last_layer.weight_v": 0.3 * torch.randn(OUT_DIM, BOTTLENECK),
    }


def tokens(p, x):
    """norm(x) of the official VisionTransformer: (B, 1 + patches, D)."""
    b = x.shape[0]
    x = F.conv2d(x, p["patch_embed.proj.weight"], p["patch_embed.proj.bias"], stride=PATCH)
    x = x.flatten(2).transpose(1, 2)
    x = torch.cat((p["cls_token"].expand(b, -1, -1), x), dim=1) + p["pos_embed"]
    for i in range(DEPTH):
        s = f"blocks.{i}."
        y = F.layer_norm(x, (DIM,), p[s + "norm1.weight"], p[s + "norm1.bias"], eps=1e-6)
        n = y.shape[1]
        qkv = F.linear(y, p[s + "attn.qkv.weight"], p[s + "attn.qkv.bias"])
        qkv = qkv.reshape(b, n, 3, HEADS, DIM // HEADS).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = ((q @ k.transpose(-2, -1)) * (DIM // HEADS) ** -0.5).softmax(dim=-1)
        y = (attn @ v).transpose(1, 2).reshape(b, n, DIM)
        x = x + F.linear(y, p[s + "attn.proj.weight"], p[s + "attn.proj.bias"])
        y = F.layer_norm(x, (DIM,), p[s + "norm2.weight"], p[s + "norm2.bias"], eps=1e-6)
        y = F.linear(F.gelu(F.linear(y, p[s + "mlp.fc1.weight"], p[s + "mlp.fc1.bias"])),
                     p[s + "mlp.fc2.weight"], p[s + "mlp.fc2.bias"])
        x = x + y
    return F.layer_norm(x, (DIM,), p["norm.weight"], p["norm.bias"], eps=1e-6)


def state_dict(tensors):
    """An OrderedDict with _metadata, as nn.Module.state_dict() returns."""
    out = collections.OrderedDict(tensors)
    out._metadata = collections.OrderedDict({"": {"version": 1}})
    return out


def hugging_face_names(p):
    out = {
        "embeddings.cls_token": p["cls_token"],
        "embeddings.position_embeddings": p["pos_embed"],
        "embeddings.patch_embeddings.projection.weight": p["patch_embed.proj.weight"],
        "embeddings.patch_embeddings.projection.bias": p["patch_embed.proj.bias"],
    }
    for i in range(DEPTH):
        s, h = f"blocks.{i}.", f"encoder.layer.{i}."
        for part in ("weight", "bias"):
            q, k, v = p[s + "attn.qkv." + part].chunk(3, dim=0)
            out[h + "attention.attention.query." + part] = q
            out[h + "attention.attention.key." + part] = k
            out[h + "attention.attention.value." + part] = v
            out[h + "attention.output.dense." + part] = p[s + "attn.proj." + part]
            out[h + "layernorm_before." + part] = p[s + "norm1." + part]
            out[h + "layernorm_after." + part] = p[s + "norm2." + part]
            out[h + "intermediate.dense." + part] = p[s + "mlp.fc1." + part]
            out[h + "output.dense." + part] = p[s + "mlp.fc2." + part]
    out["layernorm.weight"] = p["norm.weight"]
    out["layernorm.bias"] = p["norm.bias"]
    out["pooler.dense.weight"] = 0.1 * torch.randn(DIM, DIM)
    out["pooler.dense.bias"] = torch.zeros(DIM)
    return out


def write_safetensors(path, tensors):
    """The safetensors layout: 8-byte little-endian header length, JSON header, raw little-endian data."""
    header, offset, blobs = {"__metadata__": {"format": "pt"}}, 0, []
    for name, t in tensors.items():
        data = t.contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


class Evil:
    def __reduce__(self):
        return (eval, ("print('this pickle ran code')",))


def main():
    teacher = random_backbone()
    student = {k: v + 0.05 * torch.randn(v.shape) for k, v in teacher.items()}
    teacher_head, student_head = random_head(), random_head()
    images = torch.randn(3, 3, IMAGE, IMAGE)

    torch.save(state_dict(teacher), "vit-backbone.pth")
    teacher_state = {"backbone." + k: v for k, v in teacher.items()}
    teacher_state.update({"head." + k: v for k, v in teacher_head.items()})
    student_state = {"module.backbone." + k: v for k, v in student.items()}
    student_state.update({"module.head." + k: v for k, v in student_head.items()})
    moments = {i: {"step": torch.tensor(10.0), "exp_avg": torch.zeros_like(v), "exp_avg_sq": torch.zeros_like(v)}
               for i, v in enumerate(student_state.values())}
    lr = np.linspace(0, 5e-4, 10)[3]  # a numpy.float64, as the official loop's lr_schedule[it]
    optimizer = {"state": moments, "param_groups": [
        {"lr": lr, "weight_decay": np.float64(0.04), "betas": (0.9, 0.999), "eps": 1e-8,
         "amsgrad": False, "params": list(range(len(student_state)))}]}
    args = argparse.Namespace(arch="vit_tiny", patch_size=PATCH, out_dim=OUT_DIM, norm_last_layer=True,
                              lr=np.float32(5e-4), teacher_temp=0.04, global_crops_scale=(0.4, 1.0), output_dir=".")
    torch.save({"student": state_dict(student_state), "teacher": state_dict(teacher_state), "optimizer": optimizer, "epoch": 3,
                "args": args, "dino_loss": {"center": 0.01 * torch.randn(1, OUT_DIM)}},
               "vit-full-checkpoint.pth")
    write_safetensors("vit-hf.safetensors", hugging_face_names(teacher))
    write_safetensors("vit-timm.safetensors", teacher)

    with torch.no_grad():
        np.save("images.npy", images.numpy().astype("<f4"))
        np.save("teacher-tokens.npy", tokens(teacher, images).numpy().astype("<f4"))
        np.save("student-cls.npy", tokens(student, images)[:, 0].numpy().astype("<f4"))
        grid = IMAGE // PATCH
        patch_pos = teacher["pos_embed"][:, 1:].reshape(1, grid, grid, DIM).permute(0, 3, 1, 2)
        resampled = F.interpolate(patch_pos, size=(6, 6), mode="bicubic", align_corners=False)
        resampled = resampled.permute(0, 2, 3, 1).reshape(1, 36, DIM)
        np.save("pos-embed-48.npy", torch.cat((teacher["pos_embed"][:, :1], resampled), dim=1).numpy().astype("<f4"))

    base = torch.arange(12, dtype=torch.float32)
    torch.save({"transposed": base[:6].reshape(2, 3).t(), "offset": base[3:7], "half": torch.tensor([0.5, -2.0, 65504.0]).half(),
                "double": torch.tensor([1.25, -3.5], dtype=torch.float64)}, "strided.pth")
    torch.save({"weight": Evil()}, "evil.pth")
    torch.save({"cls_token": teacher["cls_token"]}, "legacy.pth", _use_new_zipfile_serialization=False)


if __name__ == "__main__":
    main()
