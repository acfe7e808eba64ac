"""Fine-tuning for the sentence-role model (train_roles.py): the shipped bge-small-zh rebuilt in
torch from its ONNX weights (dequantized), its matrix products given low-rank updates (LoRA, rank
8), and a linear layer over the first-token and mean vectors and the sentence's own features.
Only the updates and the linear layer learn (0.3 M numbers). Needs torch (the `st`
extra); running the fitted model needs no torch (cases/role_encoder.py merges the updates into
the ONNX weights)."""

from __future__ import annotations

import math

import numpy as np

RANK = 8
SCALING = 16 / RANK
EPOCHS = 3
LR = 1e-3
BATCH = 32
HEADS = 8


def base_weights(onnx_path) -> dict[str, np.ndarray]:
    """The encoder's weights as float32 by their BERT names (matrices as [in, out])."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(onnx_path))
    init = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    w = {}
    for node in model.graph.node:
        if node.op_type == "MatMulInteger" and node.input[1] in init:
            key = node.name.removesuffix("/MatMul_quant").strip("/").replace("/", ".")
            base = node.input[1].removesuffix("_quantized")
            q = init[node.input[1]].astype(np.float32) - init[base + "_zero_point"]
            w[key + ".weight"] = q * init[base + "_scale"]
    for kind in ("word", "token_type", "position"):
        name = f"embeddings.{kind}_embeddings.weight"
        q = init[name + "_quantized"].astype(np.float32) - init[name + "_zero_point"]
        w[name] = q * init[name + "_scale"]
    w.update({k: v for k, v in init.items() if k.endswith((".bias", "LayerNorm.weight"))})
    return w


def build(weights: dict[str, np.ndarray], n_features: int, n_classes: int):
    import torch
    from torch import nn

    def frozen(a):
        return nn.Parameter(torch.tensor(a), requires_grad=False)

    class LoRALinear(nn.Module):
        def __init__(self, key):
            super().__init__()
            self.w, self.b = frozen(weights[key + ".weight"]), frozen(weights[key + ".bias"])
            self.A = nn.Parameter(torch.randn(self.w.shape[0], RANK) * 0.01)
            self.B = nn.Parameter(torch.zeros(RANK, self.w.shape[1]))

        def forward(self, x):
            return x @ self.w + self.b + (x @ self.A) @ self.B * SCALING

    def norm(key):
        ln = nn.LayerNorm(512, eps=1e-12)
        ln.weight, ln.bias = frozen(weights[key + ".weight"]), frozen(weights[key + ".bias"])
        return ln

    class Layer(nn.Module):
        def __init__(self, i):
            super().__init__()
            p = f"encoder.layer.{i}."
            self.q, self.k, self.v = (
                LoRALinear(p + "attention.self." + n) for n in ("query", "key", "value")
            )
            self.o = LoRALinear(p + "attention.output.dense")
            self.n1 = norm(p + "attention.output.LayerNorm")
            self.i = LoRALinear(p + "intermediate.dense")
            self.out = LoRALinear(p + "output.dense")
            self.n2 = norm(p + "output.LayerNorm")
            self.drop = nn.Dropout(0.1)

        def forward(self, h, mask):
            b, t, d = h.shape

            def split(x):
                return x.view(b, t, HEADS, d // HEADS).transpose(1, 2)

            att = split(self.q(h)) @ split(self.k(h)).transpose(-1, -2) / math.sqrt(d // HEADS)
            att = att + (1.0 - mask[:, None, None, :].float()) * -1e4
            ctx = (torch.softmax(att, -1) @ split(self.v(h))).transpose(1, 2).reshape(b, t, d)
            h = self.n1(h + self.drop(self.o(ctx)))
            x = self.i(h)
            x = 0.5 * x * (1 + torch.erf(x / math.sqrt(2)))
            return self.n2(h + self.drop(self.out(x)))

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.word = frozen(weights["embeddings.word_embeddings.weight"])
            self.pos = frozen(weights["embeddings.position_embeddings.weight"])
            self.kind = frozen(weights["embeddings.token_type_embeddings.weight"])
            self.n0 = norm("embeddings.LayerNorm")
            self.layers = nn.ModuleList(Layer(i) for i in range(4))
            self.drop = nn.Dropout(0.1)
            self.head = nn.Linear(1024 + n_features, n_classes)

        def pooled(self, ids, mask):
            h = self.n0(self.word[ids] + self.pos[: ids.shape[1]][None] + self.kind[0])
            for layer in self.layers:
                h = layer(h, mask)
            m = mask.unsqueeze(-1).float()
            return torch.cat([h[:, 0], (h * m).sum(1) / m.sum(1)], 1)

        def forward(self, ids, mask, feats):
            return self.head(self.drop(torch.cat([self.pooled(ids, mask), feats], 1)))

    return Model()


def _batch(encs, feats, idx):
    import torch

    width = max(len(encs[i]) for i in idx)
    ids = np.zeros((len(idx), width), np.int64)
    mask = np.zeros((len(idx), width), np.int64)
    for k, i in enumerate(idx):
        ids[k, : len(encs[i])] = encs[i]
        mask[k, : len(encs[i])] = 1
    return torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(feats[idx])


def fit(weights, encs: list[list[int]], feats: np.ndarray, y: np.ndarray, n_classes: int):
    """Fits on token ids ``encs``, dense features ``feats`` and class indices ``y``; seeded."""
    import torch
    from torch import nn

    torch.manual_seed(0)
    torch.set_num_threads(2)
    rng = np.random.default_rng(0)
    model = build(weights, feats.shape[1], n_classes)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=0.01)
    steps = EPOCHS * ((len(y) + BATCH - 1) // BATCH + 20)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, LR, total_steps=steps, pct_start=0.1)
    for _ in range(EPOCHS):
        model.train()
        order = rng.permutation(len(y))
        batches = []
        for c in range(0, len(order), BATCH * 20):  # similar lengths together: less padding
            chunk = order[c : c + BATCH * 20]
            chunk = chunk[np.argsort([len(encs[i]) for i in chunk], kind="stable")]
            batches += [chunk[i : i + BATCH] for i in range(0, len(chunk), BATCH)]
        for k in rng.permutation(len(batches)):
            idx = batches[k]
            loss = nn.functional.cross_entropy(
                model(*_batch(encs, feats, idx)), torch.from_numpy(y[idx])
            )
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    model.eval()
    return model


def predict(model, encs, feats: np.ndarray) -> np.ndarray:
    import torch

    out = np.zeros((len(encs), model.head.out_features))
    order = np.argsort([len(e) for e in encs], kind="stable")
    with torch.no_grad():
        for b in range(0, len(order), 64):
            idx = order[b : b + 64]
            out[idx] = torch.softmax(model(*_batch(encs, feats, idx)), 1).numpy()
    return out


def updates(model) -> dict[str, np.ndarray]:
    """The low-rank updates by matrix name (``<name>.A``, ``<name>.B``) and their scaling."""
    out = {"scaling": np.array(SCALING, np.float32)}
    for name, mod in model.named_modules():
        if hasattr(mod, "A"):
            _, layer, part = name.split(".")  # layers.0.q
            key = f"encoder.layer.{layer}.{_PARTS[part]}"
            out[key + ".A"] = mod.A.detach().numpy().astype(np.float32)
            out[key + ".B"] = mod.B.detach().numpy().astype(np.float32)
    return out


_PARTS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "o": "attention.output.dense",
    "i": "intermediate.dense",
    "out": "output.dense",
}
