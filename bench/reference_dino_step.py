"""The official DINO training step in PyTorch, on synthetic crops, for same-machine comparisons.

A transcription of facebookresearch/dino (vision_transformer.py: VisionTransformer, Block, Attention,
Mlp, DropPath, DINOHead; main_dino.py: DINOLoss and the body of train_one_epoch; utils.py:
MultiCropWrapper, clip_gradients, cancel_gradients_last_layer, get_params_groups), without data
loading. The official code is not available offline here, so this copy is used to measure the
reference's step in the same run as `dino bench` (BENCHMARKS.md). Needs Debian's python3-torch.

    python3 bench/reference_dino_step.py --embed-dim 128 --depth 4 --heads 4 --patch 4 \
        --global-size 28 --local-size 12 --local-crops 4 --out-dim 4096 --hidden 512 --bottleneck 128 \
        --batch 128 --steps 15 --warmup 3

Prints one JSON line: training_images_per_second (batch / median step time), step times, threads.
"""
import argparse
import json
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def drop_path(x, drop_prob=0.0, training=False):
    if drop_prob == 0.0 or not training:
        return x
    keep_prob = 1 - drop_prob
    shape = (x.shape[0],) + (1,) * (x.ndim - 1)
    random_tensor = keep_prob + torch.rand(shape, dtype=x.dtype, device=x.device)
    random_tensor.floor_()
    return x.div(keep_prob) * random_tensor


class DropPath(nn.Module):
    def __init__(self, drop_prob=None):
        super().__init__()
        self.drop_prob = drop_prob

    def forward(self, x):
        return drop_path(x, self.drop_prob, self.training)


class Mlp(nn.Module):
    def __init__(self, in_features, hidden_features):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden_features)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden_features, in_features)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Attention(nn.Module):
    def __init__(self, dim, num_heads):
        super().__init__()
        self.num_heads = num_heads
        self.scale = (dim // num_heads) ** -0.5
        self.qkv = nn.Linear(dim, dim * 3, bias=True)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        B, N, C = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.num_heads, C // self.num_heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = (q @ k.transpose(-2, -1)) * self.scale
        attn = attn.softmax(dim=-1)
        x = (attn @ v).transpose(1, 2).reshape(B, N, C)
        return self.proj(x)


class Block(nn.Module):
    def __init__(self, dim, num_heads, mlp_ratio, drop_path):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, num_heads)
        self.drop_path = DropPath(drop_path) if drop_path > 0.0 else nn.Identity()
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, int(dim * mlp_ratio))

    def forward(self, x):
        x = x + self.drop_path(self.attn(self.norm1(x)))
        return x + self.drop_path(self.mlp(self.norm2(x)))


class VisionTransformer(nn.Module):
    def __init__(self, img_size, patch_size, embed_dim, depth, num_heads, drop_path_rate):
        super().__init__()
        self.patch_size = patch_size
        self.patch_embed = nn.Conv2d(3, embed_dim, kernel_size=patch_size, stride=patch_size)
        num_patches = (img_size // patch_size) ** 2
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim))
        self.pos_embed = nn.Parameter(torch.zeros(1, num_patches + 1, embed_dim))
        dpr = [x.item() for x in torch.linspace(0, drop_path_rate, depth)]
        self.blocks = nn.ModuleList([Block(embed_dim, num_heads, 4.0, dpr[i]) for i in range(depth)])
        self.norm = nn.LayerNorm(embed_dim, eps=1e-6)
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        nn.init.trunc_normal_(self.cls_token, std=0.02)

    def interpolate_pos_encoding(self, x, w, h):
        npatch = x.shape[1] - 1
        N = self.pos_embed.shape[1] - 1
        if npatch == N and w == h:
            return self.pos_embed
        class_pos_embed = self.pos_embed[:, 0]
        patch_pos_embed = self.pos_embed[:, 1:]
        dim = x.shape[-1]
        w0 = w // self.patch_size + 0.1
        h0 = h // self.patch_size + 0.1
        patch_pos_embed = F.interpolate(
            patch_pos_embed.reshape(1, int(math.sqrt(N)), int(math.sqrt(N)), dim).permute(0, 3, 1, 2),
            scale_factor=(w0 / math.sqrt(N), h0 / math.sqrt(N)), mode="bicubic")
        patch_pos_embed = patch_pos_embed.permute(0, 2, 3, 1).view(1, -1, dim)
        return torch.cat((class_pos_embed.unsqueeze(0), patch_pos_embed), dim=1)

    def forward(self, x):
        B, nc, w, h = x.shape
        x = self.patch_embed(x).flatten(2).transpose(1, 2)
        x = torch.cat((self.cls_token.expand(B, -1, -1), x), dim=1)
        x = x + self.interpolate_pos_encoding(x, w, h)
        for blk in self.blocks:
            x = blk(x)
        return self.norm(x)[:, 0]


class DINOHead(nn.Module):
    def __init__(self, in_dim, out_dim, hidden_dim, bottleneck_dim):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(in_dim, hidden_dim), nn.GELU(), nn.Linear(hidden_dim, hidden_dim), nn.GELU(),
                                 nn.Linear(hidden_dim, bottleneck_dim))
        self.last_layer = nn.utils.weight_norm(nn.Linear(bottleneck_dim, out_dim, bias=False))
        self.last_layer.weight_g.data.fill_(1)
        self.last_layer.weight_g.requires_grad = False

    def forward(self, x):
        x = nn.functional.normalize(self.mlp(x), dim=-1, p=2)
        return self.last_layer(x)


class MultiCropWrapper(nn.Module):
    def __init__(self, backbone, head):
        super().__init__()
        self.backbone = backbone
        self.head = head

    def forward(self, x):
        idx_crops = torch.cumsum(torch.unique_consecutive(torch.tensor([inp.shape[-1] for inp in x]), return_counts=True)[1], 0)
        start_idx, output = 0, torch.empty(0)
        for end_idx in idx_crops:
            _out = self.backbone(torch.cat(x[start_idx:end_idx]))
            output = torch.cat((output, _out))
            start_idx = end_idx
        return self.head(output)


class DINOLoss(nn.Module):
    def __init__(self, out_dim, ncrops, teacher_temp=0.04, student_temp=0.1, center_momentum=0.9):
        super().__init__()
        self.student_temp = student_temp
        self.teacher_temp = teacher_temp
        self.center_momentum = center_momentum
        self.ncrops = ncrops
        self.register_buffer("center", torch.zeros(1, out_dim))

    def forward(self, student_output, teacher_output):
        student_out = (student_output / self.student_temp).chunk(self.ncrops)
        teacher_out = F.softmax((teacher_output - self.center) / self.teacher_temp, dim=-1).detach().chunk(2)
        total_loss, n_loss_terms = 0, 0
        for iq, q in enumerate(teacher_out):
            for v in range(len(student_out)):
                if v == iq:
                    continue
                total_loss += torch.sum(-q * F.log_softmax(student_out[v], dim=-1), dim=-1).mean()
                n_loss_terms += 1
        total_loss /= n_loss_terms
        self.update_center(teacher_output)
        return total_loss

    @torch.no_grad()
    def update_center(self, teacher_output):
        batch_center = torch.sum(teacher_output, dim=0, keepdim=True) / len(teacher_output)
        self.center = self.center * self.center_momentum + batch_center * (1 - self.center_momentum)


def get_params_groups(model):
    regularized, not_regularized = [], []
    for name, param in model.named_parameters():
        if not param.requires_grad:
            continue
        (not_regularized if name.endswith(".bias") or len(param.shape) == 1 else regularized).append(param)
    return [{"params": regularized}, {"params": not_regularized, "weight_decay": 0.0}]


def clip_gradients(model, clip):
    for p in model.parameters():
        if p.grad is not None:
            clip_coef = clip / (p.grad.data.norm(2) + 1e-6)
            if clip_coef < 1:
                p.grad.data.mul_(clip_coef)


def main():
    a = argparse.ArgumentParser()
    for name, default in [("embed-dim", 128), ("depth", 4), ("heads", 4), ("patch", 4), ("global-size", 28), ("local-size", 12),
                          ("local-crops", 4), ("out-dim", 4096), ("hidden", 512), ("bottleneck", 128), ("batch", 128),
                          ("steps", 15), ("warmup", 3), ("threads", 0)]:
        a.add_argument("--" + name, type=int, default=default)
    args = a.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    def network(drop):
        backbone = VisionTransformer(args.global_size, args.patch, args.embed_dim, args.depth, args.heads, drop)
        return MultiCropWrapper(backbone, DINOHead(args.embed_dim, args.out_dim, args.hidden, args.bottleneck))

    student, teacher = network(0.1), network(0.0)
    teacher.load_state_dict(student.state_dict())
    for p in teacher.parameters():
        p.requires_grad = False
    loss_fn = DINOLoss(args.out_dim, args.local_crops + 2)
    optimizer = torch.optim.AdamW(get_params_groups(student))
    for group in optimizer.param_groups:
        group["lr"] = 0.0005 * args.batch / 256
        if "weight_decay" not in group or group["weight_decay"] != 0.0:
            group["weight_decay"] = 0.04
    B = args.batch
    images = [torch.randn(B, 3, args.global_size, args.global_size) for _ in range(2)] + \
             [torch.randn(B, 3, args.local_size, args.local_size) for _ in range(args.local_crops)]

    times = []
    cpu_start = wall_start = None
    for it in range(args.warmup + args.steps):
        if it == args.warmup:
            cpu_start, wall_start = time.process_time(), time.perf_counter()
        start = time.perf_counter()
        teacher_output = teacher(images[:2])
        student_output = student(images)
        loss = loss_fn(student_output, teacher_output)
        if not math.isfinite(loss.item()):
            raise SystemExit("loss is not finite")
        optimizer.zero_grad()
        loss.backward()
        clip_gradients(student, 3.0)
        optimizer.step()
        with torch.no_grad():
            m = 0.996
            for param_q, param_k in zip(student.parameters(), teacher.parameters()):
                param_k.data.mul_(m).add_((1 - m) * param_q.detach().data)
        if it >= args.warmup:
            times.append((time.perf_counter() - start) * 1000)
    cpu_load = (time.process_time() - cpu_start) / (time.perf_counter() - wall_start)
    median = statistics.median(times)
    print(json.dumps({"training_images_per_second": round(B / (median / 1000), 3),
                      "training_step_ms": {"median": round(median, 3), "min": round(min(times), 3), "max": round(max(times), 3),
                                           "count": len(times)},
                      "training_cpu_load": round(cpu_load, 3),
                      "torch": torch.__version__, "torch_threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
