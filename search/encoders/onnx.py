"""An encoder for any model folder in the Hugging Face ONNX layout (``onnx/model*.onnx`` and
``tokenizer.json``), run with onnxruntime and tokenizers: ``onnx:<folder>``, and ``bge-zh``, the
bge-small-zh-v1.5 int8 model shipped in the package.

Pooling and the query instruction come from the folder: a ``casegraph.json`` (``pooling``: cls or
mean, ``query_prefix``, ``max_length``, ``sha256`` of files to check), else sentence-transformers'
``1_Pooling/config.json``, else mean pooling and no prefix."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from .base import Encoder, normalize_rows

BATCH = 16


def _settings(folder: Path) -> dict:
    conf = {"pooling": "mean", "query_prefix": "", "max_length": 512}
    st_pool = folder / "1_Pooling" / "config.json"
    if st_pool.exists():
        p = json.loads(st_pool.read_text(encoding="utf-8"))
        conf["pooling"] = "cls" if p.get("pooling_mode_cls_token") else "mean"
    own = folder / "casegraph.json"
    if own.exists():
        conf.update(json.loads(own.read_text(encoding="utf-8")))
    return conf


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class OnnxEncoder(Encoder):
    def __init__(self, folder: str | Path, name: str | None = None, threads: int | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = Path(folder)
        models = sorted((folder / "onnx").glob("model*.onnx")) or sorted(folder.glob("*.onnx"))
        if not models or not (folder / "tokenizer.json").exists():
            raise ValueError(f"{folder} has no onnx/model*.onnx and tokenizer.json")
        self.conf = _settings(folder)
        digests = {}  # each file read once: the model's digest is also its version
        for rel, want in self.conf.get("sha256", {}).items():
            digests[rel] = got = _sha256(folder / rel)
            if got != want:
                raise ValueError(f"{folder / rel}: sha256 {got} is not the expected {want}")
        opts = ort.SessionOptions()
        if threads:
            opts.intra_op_num_threads = threads
            opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(models[0]), sess_options=opts, providers=["CPUExecutionProvider"]
        )
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(int(self.conf["max_length"]))
        self.tokenizer.enable_padding()
        self.name = name or f"onnx:{folder}"
        model = models[0].relative_to(folder).as_posix()
        self.version = (digests.get(model) or _sha256(models[0]))[:12]
        self.dim = int(self._encode(["维度"]).shape[1])

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = []
        for i in range(0, len(texts), BATCH):
            enc = self.tokenizer.encode_batch(texts[i : i + BATCH])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feed)[0]
            if self.conf["pooling"] == "cls":
                pooled = hidden[:, 0]
            else:
                m = mask[..., None].astype(np.float32)
                pooled = (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
            out.append(pooled)
        return normalize_rows(np.concatenate(out)) if out else np.zeros((0, 1), np.float32)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return self._encode(list(texts))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.conf["query_prefix"] + t for t in texts])

    def sentence_encoder(self) -> Encoder:
        if getattr(self, "_static", None) is None:
            from .static import StaticEncoder

            self._static = StaticEncoder(self)
        return self._static
