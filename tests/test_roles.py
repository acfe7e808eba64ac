"""The sentence-role model as a card uses it: the fine-tuned encoder merged into the shipped ONNX
weights, and the roles it gives to sentences written for this test (none from the gold)."""

from __future__ import annotations

import numpy as np
import pytest

from casegraph.cases import role_encoder
from casegraph.cases.roles import decide, predict_many, sentence_features
from casegraph.core.lora import merged_model
from casegraph.core.models import shipped_model


def _hidden(model, texts):
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(shipped_model() / "tokenizer.json"))
    tok.enable_padding()
    enc = tok.encode_batch(texts)
    ids = np.array([e.ids for e in enc], dtype=np.int64)
    mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
    s = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    out = s.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": 0 * ids})[0]
    return (out * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)


def test_merging_no_update_keeps_the_encoder_and_an_update_changes_it():
    onnx_path = shipped_model() / "onnx" / "model_quantized.onnx"
    texts = ["村党支部牵头成立合作社", "记者来到田间地头"]
    with np.load(role_encoder.LORA) as z:
        lora = {k: z[k] for k in z.files}
    zero = {k: (0 * v if k.endswith(".B") else v) for k, v in lora.items()}
    base = _hidden(onnx_path.read_bytes(), texts)
    same = _hidden(merged_model(onnx_path, zero), texts)
    tuned = _hidden(merged_model(onnx_path, lora), texts)

    def cos(a, b):
        return float((a * b).sum() / np.linalg.norm(a) / np.linalg.norm(b))

    assert min(cos(a, b) for a, b in zip(base, same, strict=True)) > 0.999
    assert min(cos(a, b) for a, b in zip(base, tuned, strict=True)) < 0.99


def test_updates_naming_no_weight_are_refused():
    onnx_path = shipped_model() / "onnx" / "model_quantized.onnx"
    bad = {"scaling": np.float32(2), "encoder.layer.9.x.A": np.zeros((512, 8), np.float32)}
    with pytest.raises(ValueError, match="matched"):
        merged_model(onnx_path, bad)


def test_a_merged_model_is_kept_and_a_damaged_copy_is_merged_again(tmp_path, monkeypatch):
    from casegraph.core import lora as lora_mod

    onnx_path = shipped_model() / "onnx" / "model_quantized.onnx"
    merges = []
    real = lora_mod.merged_model
    monkeypatch.setattr(lora_mod, "merged_model", lambda *a: merges.append(1) or real(*a))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = lora_mod._merged_cached(onnx_path, role_encoder.LORA)
    [kept] = (tmp_path / "casegraph").glob("lora-*")
    assert lora_mod._merged_cached(onnx_path, role_encoder.LORA) == first and merges == [1]
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte in the kept copy
    kept.write_bytes(bytes(data))
    assert lora_mod._merged_cached(onnx_path, role_encoder.LORA) == first and merges == [1, 1]
    assert kept.read_bytes()[:-32] == first  # replaced by a good copy


def test_a_sentence_reads_the_same_whatever_is_read_with_it():
    from casegraph.core import lora as lora_mod

    a, b = (
        "村党支部牵头成立合作社。",
        "清晨，记者沿着蜿蜒的山路走进这个小山村，只见家家户户忙着晒秋。",
    )
    lora_mod._READ.clear()
    first = role_encoder.pooled([a])[0]
    lora_mod._READ.clear()
    together = role_encoder.pooled([b, a, b])
    assert np.array_equal(together[1], first) and np.array_equal(together[0], together[2])
    assert not np.array_equal(together[0], together[1])


@pytest.mark.parametrize(
    "text,role",
    [
        ("去年以来，该村党支部牵头成立土地股份合作社，把农户分散的耕地统一流转经营。", "做法"),
        ("镇党委从返乡大学生中选拔了12名村级后备干部，安排到各村跟班学习。", "做法"),
        ("清晨，记者沿着蜿蜒的山路走进这个小山村。", "其他"),
        ("下一步，我们将继续加大投入，力争明年让更多群众受益。", "其他"),
    ],
)
def test_roles_of_sentences_a_reader_knows(text, role):
    feats = [sentence_features(text, 0, 1, 1, 5, False, "", text)]
    got = decide(predict_many(feats, [text])[0])
    assert (got in ("做法", "做法+成效")) == (role == "做法"), (text, got)
