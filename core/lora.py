"""The shipped bge-small-zh (int8 ONNX, core/models/) with low-rank updates of its attention and
feed-forward weights (LoRA, fitted by benchmarks/role_finetune.py), merged into the shipped
weights when first used and quantized again as the shipped ones are (int8, one scale per output
column, 7-bit range); nothing is downloaded. A text is read as its first token's and its mean
token vector (1,024 numbers). Used by the sentence-role model (cases/role_encoder.py) and the
practice-clause encoder (kg/extract/clause_encoder.py)."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

BATCH = 32
_RANGE = 64  # the shipped weights use 7 of int8's bits (no overflow in u8 x s8 kernels)


def _requantize(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per output column, as the shipped model: -> (weights, scales)."""
    scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / _RANGE
    q = np.clip(np.rint(w / scale), -_RANGE, _RANGE).astype(np.int8)
    return q, scale.astype(np.float32)


def merged_model(onnx_path: Path, lora: dict[str, np.ndarray]) -> bytes:
    """The ONNX model at ``onnx_path`` with ``lora``'s updates (``<layer>.A`` @ ``<layer>.B``
    times ``scaling``) added to the weights of the matrix products named by ``<layer>``."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(onnx_path))
    init = {t.name: t for t in model.graph.initializer}
    scaling = float(lora["scaling"])
    done = 0
    for node in model.graph.node:
        key = node.name.removesuffix("/MatMul_quant").strip("/").replace("/", ".")
        if node.op_type != "MatMulInteger" or key + ".A" not in lora:
            continue
        base = node.input[1].removesuffix("_quantized")
        q = numpy_helper.to_array(init[node.input[1]]).astype(np.float32)
        zero = numpy_helper.to_array(init[base + "_zero_point"]).astype(np.float32)
        scale = numpy_helper.to_array(init[base + "_scale"])
        w = (q - zero) * scale + scaling * (lora[key + ".A"] @ lora[key + ".B"]).astype(np.float32)
        q2, scale2 = _requantize(w)
        init[node.input[1]].CopyFrom(numpy_helper.from_array(q2, node.input[1]))
        init[base + "_scale"].CopyFrom(numpy_helper.from_array(scale2, base + "_scale"))
        zp = np.zeros(scale2.shape, dtype=numpy_helper.to_array(init[base + "_zero_point"]).dtype)
        init[base + "_zero_point"].CopyFrom(numpy_helper.from_array(zp, base + "_zero_point"))
        done += 1
    if done != sum(1 for k in lora if k.endswith(".A")):
        raise ValueError(f"{done} weight matrices matched, the updates name others")
    return model.SerializeToString()


@functools.cache
def _encoder(lora_path: Path, max_tokens: int):
    import onnxruntime as ort
    from tokenizers import Tokenizer

    from casegraph.core.models import shipped_model

    folder = shipped_model()
    with np.load(lora_path) as z:
        lora = {k: z[k] for k in z.files}
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    opts.inter_op_num_threads = 1
    session = ort.InferenceSession(
        merged_model(folder / "onnx" / "model_quantized.onnx", lora),
        sess_options=opts,
        providers=["CPUExecutionProvider"],
    )
    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.enable_truncation(max_tokens)
    tok.enable_padding()
    return session, tok


def pooled(lora_path: Path, max_tokens: int, texts: list[str]) -> np.ndarray:
    """Each text's first-token and mean token vectors under the updates at ``lora_path``, side by
    side: shape (len(texts), 1024)."""
    session, tok = _encoder(lora_path, max_tokens)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # less padding in a batch
    texts = [texts[i] for i in order]
    out = []
    for i in range(0, len(texts), BATCH):
        enc = tok.encode_batch(texts[i : i + BATCH])
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = session.run(None, feed)[0]
        m = mask[..., None].astype(np.float32)
        mean = (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        out.append(np.concatenate([hidden[:, 0], mean], axis=1))
    if not out:
        return np.zeros((0, 1024), np.float32)
    vectors = np.empty((len(texts), 1024), np.float32)
    vectors[order] = np.concatenate(out)
    return vectors
