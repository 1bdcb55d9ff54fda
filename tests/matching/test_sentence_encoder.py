"""The shipped claim encoder (int8 ONNX, no torch) on a few sentences of our own."""

from __future__ import annotations

import numpy as np

from claims.extraction.sentence_encoder import SentenceEncoder

REPORT = "Unemployment in Spain fell to 11.2% in the second quarter, the statistics office said."
PARAPHRASE = (
    "Spain's jobless rate dropped to 11.2 percent between April and June, official data show."
)
UNRELATED = "The museum will reopen its renovated Egyptian wing to visitors next spring."


def test_a_paraphrase_is_closer_than_an_unrelated_sentence(encoder: SentenceEncoder) -> None:
    report, paraphrase, unrelated = encoder.encode([REPORT, PARAPHRASE, UNRELATED])

    assert report @ paraphrase > report @ unrelated + 0.3


def test_vectors_are_unit_length_and_do_not_depend_on_the_batch(encoder: SentenceEncoder) -> None:
    batch = encoder.encode([REPORT, UNRELATED, "Short."])
    alone = encoder.encode([UNRELATED])

    assert batch.shape == (3, encoder.dimensions)
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-4)
    # Padding is masked out; int8 activations are scaled per batch, so not bit-identical.
    assert float(batch[1] @ alone[0]) > 0.99


def test_no_texts_give_an_empty_matrix(encoder: SentenceEncoder) -> None:
    assert encoder.encode([]).shape == (0, encoder.dimensions)


def test_the_encoder_names_its_model_so_vectors_of_two_models_never_mix(
    encoder: SentenceEncoder,
) -> None:
    assert encoder.name.startswith("matcher-minilm")
