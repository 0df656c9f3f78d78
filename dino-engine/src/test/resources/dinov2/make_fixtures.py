#!/usr/bin/python3
"""Writes the DINOv2 parity fixtures with facebookresearch/dinov2's own code and Debian's PyTorch 1.13.

Run from this directory:
    XFORMERS_DISABLED=1 /usr/bin/python3 make_fixtures.py /path/to/a/checkout/of/facebookresearch/dinov2

Two adjustments run the reference on PyTorch 1.13, here and not in its code: XFORMERS_DISABLED=1 (its
layers fall back to plain PyTorch) and torch.nn.functional.scaled_dot_product_attention, which its
Attention calls and which PyTorch 1.13 lacks, provided below with the same math.

Backbones (DinoVisionTransformer, dim 24, depth 2, 2 heads, patch 14, image 42: a 3x3 grid), random weights:
- reg4.pth                 4 registers, LayerScale, MLP: the hub layout of dinov2_vits14_reg4_pretrain.pth
- reg4-timm.safetensors    the same in timm's naming (reg_token; cls_token + pos_embed[:, 0]; pos_embed without the class)
- reg4-hf.safetensors      the same in Hugging Face transformers' Dinov2 naming
- swiglu.pth               no registers, LayerScale, SwiGLU feed-forward (w12, w3)
- swiglu-timm.safetensors  the same in timm's naming (fc1, fc2; no mask_token)
- images-42.npy, images-28.npy   2 normalised images of 42 and of 28 pixels (the 28 ones resample pos_embed)
- <model>-tokens-<size>.npy      norm(x) for them: (2, 1 + registers + patches, 24)
- reg4-masked-tokens-42.npy      the same with masks-42.npy (2, 9) replacing patches by mask_token (iBOT's student)
Losses (dinov2/loss), 4 images, 2 global + 3 local crops, 16 prototypes, student temperature 0.1, teacher 0.05:
- dino-*.npy   student head outputs (5*4, 16) view-major, raw teacher outputs (8, 16) in view order, the
               centre (1, 16); teacher outputs in [-1, 1] as a DINO head's; losses and gradients of the DINO term as ssl_meta_arch.py forms it (global
               crops against the swapped teacher views, local crops against both), with softmax centring
               and with Sinkhorn-Knopp (3 iterations); the centre after update_center
- ibot-*.npy   masked student and teacher patch outputs through a head (M, 16), masks (8, 9), centre;
               loss and gradient of iBOTPatchLoss.forward_masked with both centrings, times 2 * 1/2 as the meta arch
- koleo-*.npy  student global CLS features (8, 24); 0.1 * the sum of KoLeoLoss over the two global crops, and its gradient
- masks-stats.json  statistics of collate_data_and_cast's masks: MaskingGenerator on a 16x16 grid, batches of 64 global crops
"""
import json
import os
import random
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, sys.argv[1])
if not hasattr(F, "scaled_dot_product_attention"):
    def scaled_dot_product_attention(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False):
        return torch.softmax(q @ k.transpose(-2, -1) * q.shape[-1] ** -0.5, dim=-1) @ v
    F.scaled_dot_product_attention = scaled_dot_product_attention

from dinov2.models.vision_transformer import DinoVisionTransformer  # noqa: E402
from dinov2.layers import MemEffAttention, NestedTensorBlock  # noqa: E402
from dinov2.loss import DINOLoss, iBOTPatchLoss, KoLeoLoss  # noqa: E402
from dinov2.data.masking import MaskingGenerator  # noqa: E402
from dinov2.data.collate import collate_data_and_cast  # noqa: E402
from functools import partial  # noqa: E402

DIM, DEPTH, HEADS, PATCH, IMAGE = 24, 2, 2, 14, 42


def f32(t):
    return t.detach().contiguous().numpy().astype("<f4")


def write_safetensors(path, tensors):
    """The safetensors layout: 8-byte little-endian header length, JSON header, raw little-endian data."""
    header, offset, blobs = {"__metadata__": {"format": "pt"}}, 0, []
    for name, t in tensors.items():
        data = f32(t).tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def backbone(registers, ffn):
    model = DinoVisionTransformer(img_size=IMAGE, patch_size=PATCH, embed_dim=DIM, depth=DEPTH, num_heads=HEADS,
                                  mlp_ratio=4, init_values=1e-5, ffn_layer=ffn, block_chunks=0,
                                  num_register_tokens=registers,
                                  block_fn=partial(NestedTensorBlock, attn_class=MemEffAttention))
    with torch.no_grad():
        for name, p in model.named_parameters():
            # values of order one everywhere (LayerScale too), so that every part shows in the output
            scale = 0.5 if ("token" in name or "pos_embed" in name) else 0.3
            p.copy_(torch.randn(p.shape) * scale + (1.0 if name.endswith("norm1.weight") or name.endswith("norm2.weight")
                                                    or name == "norm.weight" else 0.0))
    return model.eval()


def timm_names(state):
    out = {k: v for k, v in state.items() if k != "mask_token"}
    if "register_tokens" in out:
        out["reg_token"] = out.pop("register_tokens")
        out["cls_token"] = state["cls_token"] + state["pos_embed"][:, 0]
        out["pos_embed"] = state["pos_embed"][:, 1:]
    return {k.replace(".mlp.w12.", ".mlp.fc1.").replace(".mlp.w3.", ".mlp.fc2."): v for k, v in out.items()}


def hf_names(state):
    out = {"embeddings.cls_token": state["cls_token"], "embeddings.mask_token": state["mask_token"],
           "embeddings.position_embeddings": state["pos_embed"],
           "embeddings.patch_embeddings.projection.weight": state["patch_embed.proj.weight"],
           "embeddings.patch_embeddings.projection.bias": state["patch_embed.proj.bias"]}
    if "register_tokens" in state:
        out["embeddings.register_tokens"] = state["register_tokens"]
    for b in range(DEPTH):
        s, t = f"blocks.{b}.", f"encoder.layer.{b}."
        for part in ("weight", "bias"):
            out[t + "norm1." + part] = state[s + "norm1." + part]
            for i, which in enumerate(("query", "key", "value")):
                out[t + f"attention.attention.{which}.{part}"] = state[s + "attn.qkv." + part].chunk(3)[i]
            out[t + "attention.output.dense." + part] = state[s + "attn.proj." + part]
            out[t + "norm2." + part] = state[s + "norm2." + part]
            out[t + "mlp.fc1." + part] = state[s + "mlp.fc1." + part]
            out[t + "mlp.fc2." + part] = state[s + "mlp.fc2." + part]
        out[t + "layer_scale1.lambda1"] = state[s + "ls1.gamma"]
        out[t + "layer_scale2.lambda1"] = state[s + "ls2.gamma"]
    out["layernorm.weight"] = state["norm.weight"]
    out["layernorm.bias"] = state["norm.bias"]
    return out


def tokens(model, images, masks=None):
    with torch.no_grad():
        out = model.forward_features(images, masks)
    return torch.cat((out["x_norm_clstoken"].unsqueeze(1), out["x_norm_regtokens"], out["x_norm_patchtokens"]), dim=1)


def backbones():
    images = {size: torch.randn(2, 3, size, size) for size in (IMAGE, 28)}
    for size, x in images.items():
        np.save(f"images-{size}.npy", f32(x))
    masks = torch.tensor([[1, 0, 0, 1, 1, 0, 0, 0, 1], [0, 0, 0, 0, 1, 0, 0, 0, 0]], dtype=torch.bool)
    np.save("masks-42.npy", masks.numpy().astype("<f4"))
    for name, registers, ffn in (("reg4", 4, "mlp"), ("swiglu", 0, "swiglu")):
        model = backbone(registers, ffn)
        state = {k: v.clone() for k, v in model.state_dict().items()}
        torch.save(state, f"{name}.pth")
        write_safetensors(f"{name}-timm.safetensors", timm_names(state))
        for size, x in images.items():
            np.save(f"{name}-tokens-{size}.npy", f32(tokens(model, x)))
        if name == "reg4":
            write_safetensors("reg4-hf.safetensors", hf_names(state))
            np.save("reg4-masked-tokens-42.npy", f32(tokens(model, images[IMAGE], masks)))


def dino_terms(loss, student, teacher_probs, n_global, n_local):
    """ssl_meta_arch.py's dino_local_crops_loss + dino_global_crops_loss; teacher_probs (2, B, K) already swapped."""
    batch = teacher_probs.shape[1]
    n_terms = (n_global - 1) * n_global + max(n_local * n_global, 1)
    global_out, local_out = student[: n_global * batch], student[n_global * batch:]
    local_loss = loss(list(local_out.chunk(n_local)), teacher_probs) / n_terms
    global_loss = loss([global_out], [teacher_probs.flatten(0, 1)]) * 2 / n_terms
    return local_loss + global_loss


def losses():
    batch, k, n_global, n_local, teacher_temp = 4, 16, 2, 3, 0.05
    student = torch.randn((n_global + n_local) * batch, k) * 2
    # teacher outputs in [-1, 1], as a DINO head's (a weight-normalised layer on a unit vector): Sinkhorn-Knopp
    # exponentiates them without subtracting a maximum
    teacher = torch.tanh(torch.randn(n_global * batch, k))
    center = torch.randn(1, k) * 0.5
    np.save("dino-student.npy", f32(student))
    np.save("dino-teacher.npy", f32(teacher))
    np.save("dino-center.npy", f32(center))
    # the meta arch swaps the teacher's two global views before its head, so that view A is matched to B
    swapped = torch.cat(teacher.chunk(2)[::-1])
    for centring in ("centering", "sinkhorn"):
        loss = DINOLoss(k)
        loss.center.copy_(center)
        if centring == "centering":
            probs = loss.softmax_center_teacher(swapped, teacher_temp).view(n_global, batch, k)
            loss.update_center(swapped)
            loss.apply_center_update()
            np.save("dino-center-after.npy", f32(loss.center))
        else:
            probs = loss.sinkhorn_knopp_teacher(swapped, teacher_temp, n_iterations=3).view(n_global, batch, k)
            np.save("dino-sinkhorn-teacher.npy", f32(torch.cat(probs.unbind(0)[::-1])))
        s = student.clone().requires_grad_(True)
        value = dino_terms(loss, s, probs, n_global, n_local)
        value.backward()
        np.save(f"dino-{centring}-loss.npy", f32(value.reshape(1)))
        np.save(f"dino-{centring}-grad.npy", f32(s.grad))

    # iBOT: 8 global crops (2 views x 4 images) of 9 patches, some masked, none in one crop
    masks = torch.zeros(n_global * batch, 9, dtype=torch.bool)
    for row, where in enumerate(([0, 4], [1, 2, 3], [], [8], [0, 1, 2, 3, 4], [5], [6, 7], [2, 5])):
        masks[row, where] = True
    n_masked = int(masks.sum())
    ibot_student = torch.randn(n_masked, k) * 2
    ibot_teacher = torch.tanh(torch.randn(n_masked, k))
    ibot_center = torch.randn(1, 1, k) * 0.5
    masks_weight = (1 / masks.sum(-1).clamp(min=1.0)).unsqueeze(-1).expand_as(masks)[masks]
    np.save("ibot-masks.npy", masks.numpy().astype("<f4"))
    np.save("ibot-student.npy", f32(ibot_student))
    np.save("ibot-teacher.npy", f32(ibot_teacher))
    np.save("ibot-center.npy", f32(ibot_center.reshape(1, k)))
    for centring in ("centering", "sinkhorn"):
        loss = iBOTPatchLoss(k)
        loss.center.copy_(ibot_center)
        if centring == "centering":
            probs = loss.softmax_center_teacher(ibot_teacher.unsqueeze(0), teacher_temp).squeeze(0)
            loss.update_center(ibot_teacher.unsqueeze(0))
            loss.apply_center_update()
            np.save("ibot-center-after.npy", f32(loss.center.reshape(1, k)))
        else:
            # iBOTPatchLoss.sinkhorn_knopp_teacher calls dist.all_reduce unconditionally: one process here
            probs = sinkhorn_single_process(loss, ibot_teacher, teacher_temp, n_masked)
        s = ibot_student.clone().requires_grad_(True)
        value = loss.forward_masked(s, probs, student_masks_flat=masks, n_masked_patches=n_masked,
                                    masks_weight=masks_weight) * 2 * (1.0 / n_global)
        value.backward()
        np.save(f"ibot-{centring}-loss.npy", f32(value.reshape(1)))
        np.save(f"ibot-{centring}-grad.npy", f32(s.grad))

    features = torch.randn(n_global * batch, DIM)
    np.save("koleo-features.npy", f32(features))
    s = features.clone().requires_grad_(True)
    koleo = KoLeoLoss()
    value = 0.1 * sum(koleo(p) for p in s.chunk(2))
    value.backward()
    np.save("koleo-loss.npy", f32(value.reshape(1)))
    np.save("koleo-grad.npy", f32(s.grad))


def sinkhorn_single_process(loss, teacher, temp, n_masked):
    import torch.distributed as dist
    original = dist.all_reduce
    dist.all_reduce = lambda tensor, *args, **kwargs: None
    try:
        return loss.sinkhorn_knopp_teacher(teacher, temp, torch.tensor([n_masked]), n_iterations=3)
    finally:
        dist.all_reduce = original


def mask_statistics():
    grid, crops, batches = 16, 64, 400
    n_tokens = grid * grid
    generator = MaskingGenerator(input_size=(grid, grid), max_num_patches=0.5 * grid * grid)
    samples = [({"global_crops": [torch.zeros(1)] * 2, "local_crops": [torch.zeros(1)]}, None)] * (crops // 2)
    counts, masked_images, ratio_sum, ratio_sq, blocks_full, per_position = [], 0, 0.0, 0.0, 0, np.zeros(n_tokens)
    for _ in range(batches):
        out = collate_data_and_cast(samples, (0.1, 0.5), 0.5, torch.float32, n_tokens=n_tokens, mask_generator=generator)
        m = out["collated_masks"]
        c = m.sum(-1)
        counts.extend(c.tolist())
        per_position += m.float().sum(0).numpy()
        for row in c.tolist():
            if row > 0:
                masked_images += 1
                ratio_sum += row / n_tokens
                ratio_sq += (row / n_tokens) ** 2
    counts = np.array(counts)
    masked = counts[counts > 0]
    mean = ratio_sum / masked_images
    stats = {
        "grid": grid, "crops_per_batch": crops, "batches": batches, "mask_probability": 0.5, "ratio_min": 0.1,
        "ratio_max": 0.5,
        "fraction_of_crops_masked": masked_images / len(counts),
        "mean_masked_ratio_of_masked_crops": mean,
        "std_masked_ratio_of_masked_crops": float(np.sqrt(ratio_sq / masked_images - mean ** 2)),
        "min_masked_patches_of_masked_crops": int(masked.min()),
        "max_masked_patches_of_masked_crops": int(masked.max()),
        "mean_masked_patches_per_batch": float(counts.sum() / batches),
        "corner_over_centre_masking_rate": float(per_position[[0, grid - 1, n_tokens - grid, n_tokens - 1]].mean()
                                                 / per_position[[grid * 7 + 7, grid * 7 + 8, grid * 8 + 7, grid * 8 + 8]].mean()),
    }
    with open("masks-stats.json", "w") as f:
        json.dump(stats, f, indent=2)
        f.write("\n")


def main():
    torch.manual_seed(26)
    random.seed(26)
    np.random.seed(26)
    backbones()
    losses()
    mask_statistics()


if __name__ == "__main__":
    main()
