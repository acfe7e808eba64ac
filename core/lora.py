"""The shipped bge-small-zh (int8 ONNX, core/models/) with low-rank updates of its attention and
feed-forward weights (LoRA, fitted by benchmarks/role_finetune.py), merged into the shipped
weights when first used and quantized again as the shipped ones are (int8, one scale per output
column, 7-bit range); nothing is downloaded. A text is read as its first token's and its mean
token vector (1,024 numbers). Used by the sentence-role model (cases/role_encoder.py) and the
practice-clause encoder (kg/extract/clause_encoder.py)."""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
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


def _merged_cached(onnx_path: Path, lora_path: Path) -> bytes:
    """The merged model, kept in the user's private cache keyed by the digest of both files:
    merging takes about 2 s in every process that reads sentences (each CLI build). A cached
    file that is not the digest's (cut, replaced) is merged again."""
    import hashlib

    from .files import private_cache_dir, replace_file

    key = hashlib.sha256(onnx_path.read_bytes() + lora_path.read_bytes()).hexdigest()[:24]
    folder = private_cache_dir()
    path = folder / f"lora-{key}.bin" if folder is not None else None
    if path is not None and path.is_file():
        data = path.read_bytes()
        if data[-32:] == hashlib.sha256(data[:-32]).digest():
            return data[:-32]
    with np.load(lora_path) as z:
        model = merged_model(onnx_path, {k: z[k] for k in z.files})
    if path is not None:
        try:  # the model and its own digest, so that a damaged copy is told
            replace_file(path, lambda fh: fh.write(model + hashlib.sha256(model).digest()), "wb")
        except OSError:
            pass  # a full or read-only cache: merged again next time
    return model


@functools.cache
def _encoder(lora_path: Path, max_tokens: int):
    import onnxruntime as ort
    from tokenizers import Tokenizer

    from casegraph.core.models import shipped_model

    folder = shipped_model()
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    opts.inter_op_num_threads = 1
    model = _merged_cached(folder / "onnx" / "model_quantized.onnx", lora_path)
    session = ort.InferenceSession(model, sess_options=opts, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.enable_truncation(max_tokens)
    tok.enable_padding()
    return session, tok


def pooled(lora_path: Path, max_tokens: int, texts: list[str]) -> np.ndarray:
    """Each text's first-token and mean token vectors under the updates at ``lora_path``, side by
    side: shape (len(texts), 1024), read in batches (the int8 model quantizes a batch's
    activations together, so a text's vector moves a little with its batch: cosine 0.97 at
    worst)."""
    return _encoded(lora_path, max_tokens, texts)


# vectors read one text at a time, by (updates, token limit, text); about 4 kB each, the oldest
# dropped past the bound
_READ: OrderedDict[tuple[Path, int, str], np.ndarray] = OrderedDict()
_READ_MAX = 8192
_READ_LOCK = threading.Lock()


def pooled_each(lora_path: Path, max_tokens: int, texts: list[str]) -> np.ndarray:
    """As ``pooled``, each text read alone: its vector depends on the text only, so that it can
    be kept and read again (the cards of one article read the same sentences again), and what a
    card shows does not depend on what was read before it. About a quarter slower than batches
    for texts not kept."""
    with _READ_LOCK:
        have = {t: v for t in texts if (v := _READ.get((lora_path, max_tokens, t))) is not None}
    for t in dict.fromkeys(texts):
        if t not in have:
            have[t] = _encoded(lora_path, max_tokens, [t])[0]
    with _READ_LOCK:
        for t in dict.fromkeys(texts):
            _READ[(lora_path, max_tokens, t)] = have[t]
            _READ.move_to_end((lora_path, max_tokens, t))
        while len(_READ) > _READ_MAX:
            _READ.popitem(last=False)
    out = np.zeros((len(texts), 1024), np.float32)
    for i, t in enumerate(texts):
        out[i] = have[t]
    return out


def _encoded(lora_path: Path, max_tokens: int, texts: list[str]) -> np.ndarray:
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
