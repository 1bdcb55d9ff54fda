"""The neural and compact backends: skipped where the runtime or an exported model is absent."""

from __future__ import annotations

import pytest

from claims.extraction.neural_model import MODEL_DIR

pytest.importorskip("onnxruntime", reason="onnxruntime not installed: neural backend unavailable")
pytest.importorskip("tokenizers", reason="tokenizers not installed: neural backend unavailable")
if not (MODEL_DIR / "neural-mpnet.int8.onnx").exists():
    pytest.skip("no exported neural model under claims/extraction/models", allow_module_level=True)
if not (MODEL_DIR / "compact-minilm.int8.onnx").exists():
    pytest.skip("no exported compact model under claims/extraction/models", allow_module_level=True)


@pytest.mark.parametrize("backend", ["neural", "compact"])
def test_a_transformer_model_ranks_a_statistic_above_an_opinion(backend: str) -> None:
    from claims.extraction.scoring import get_scorer

    scorer = get_scorer(backend)
    statistic, opinion = scorer.score(
        [
            "Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years.",
            "I think we all want what is best for our children.",
        ]
    )
    assert statistic > scorer.threshold > opinion


def test_neural_backend_finds_the_seed_casualty_claim(article_000: str) -> None:
    from claims.extraction import extract

    extraction = extract(article_000, backend="neural")
    assert extraction.extractor_version.endswith("neural-mpnet-1")
    assert any("exceed one million" in c.text for c in extraction.claims)


def test_the_shipped_model_pads_batches_with_its_own_padding_token() -> None:
    from claims.extraction.neural_model import NeuralModel

    # MPNet was trained with <pad> (1), not MiniLM's [PAD] (0); padding moves its int8 logits
    model = NeuralModel.load()
    assert model.pad_id == model.tokenizer.token_to_id("<pad>") == 1


def test_the_compact_backend_loads_its_own_files_and_records_its_version(
    article_000: str,
) -> None:
    from claims.extraction import extract
    from claims.extraction.neural_model import NeuralModel

    # GIVEN the compact backend (a MiniLM student: BERT's [PAD] is 0, its batches are small)
    model = NeuralModel.load(backend="compact")
    assert (model.name, model.pad_id, model.batch_size) == ("compact", 0, 8)
    assert model.tokenizer.token_to_id("[PAD]") == 0

    # WHEN it extracts the seed article THEN the casualty claim is there, under its version
    extraction = extract(article_000, backend="compact")
    assert extraction.extractor_version.endswith("compact-minilm-1")
    assert any("exceed one million" in c.text for c in extraction.claims)
