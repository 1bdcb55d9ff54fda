"""The claim encoders (static word pieces; int8 ONNX MiniLM) on a few sentences of our own."""

from __future__ import annotations

import numpy as np

from claims.extraction.sentence_encoder import Encoder, SentenceEncoder
from claims.extraction.static_encoder import StaticEncoder

REPORT = "Unemployment in Spain fell to 11.2% in the second quarter, the statistics office said."
PARAPHRASE = (
    "Spain's jobless rate dropped to 11.2 percent between April and June, official data show."
)
UNRELATED = "The museum will reopen its renovated Egyptian wing to visitors next spring."


def test_a_paraphrase_is_closer_than_an_unrelated_sentence(each_encoder: Encoder) -> None:
    report, paraphrase, unrelated = each_encoder.encode([REPORT, PARAPHRASE, UNRELATED])

    assert report @ paraphrase > report @ unrelated + 0.3


def test_vectors_are_unit_length_and_do_not_depend_on_the_batch(each_encoder: Encoder) -> None:
    batch = each_encoder.encode([REPORT, UNRELATED, "Short."])
    alone = each_encoder.encode([UNRELATED])

    assert batch.shape == (3, each_encoder.dimensions)
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-4)
    # Padding is masked out; MiniLM's int8 activations are scaled per batch, so not identical.
    assert float(batch[1] @ alone[0]) > 0.99


def test_the_static_encoders_vectors_are_the_same_in_any_batch(encoder: StaticEncoder) -> None:
    batch = encoder.encode([REPORT, UNRELATED, PARAPHRASE])

    assert np.array_equal(batch[1], encoder.encode([UNRELATED])[0])


def test_a_text_without_words_matches_nothing(encoder: StaticEncoder) -> None:
    vectors = encoder.encode(["", " \n\t", REPORT])

    assert not vectors[0].any()
    assert not vectors[1].any()
    assert np.isclose(np.linalg.norm(vectors[2]), 1.0, atol=1e-4)


def test_no_texts_give_an_empty_matrix(each_encoder: Encoder) -> None:
    assert each_encoder.encode([]).shape == (0, each_encoder.dimensions)


def test_each_encoder_names_its_model_so_vectors_of_two_models_never_mix(
    encoder: StaticEncoder, minilm: SentenceEncoder
) -> None:
    assert encoder.name.startswith("matcher-static")
    assert minilm.name.startswith("matcher-minilm")
