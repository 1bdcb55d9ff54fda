"""The light model: the shipped artifact loads and scores, and training reproduces scikit-learn."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from claims.extraction.datasets import read_labelled
from claims.extraction.light_model import ARTIFACT, HEADS, LightModel
from claims.extraction.text_features import char_ngrams, word_ngrams


def test_shipped_artifact_is_small_and_not_a_pickle() -> None:
    assert ARTIFACT.stat().st_size < 5_000_000
    with np.load(ARTIFACT, allow_pickle=False) as data:
        assert {"word_vocab", "char_vocab", "hand_coef", "threshold"} <= set(data.files)


def test_shipped_model_ranks_a_statistic_above_an_opinion() -> None:
    model = LightModel.load()
    statistic, opinion = model.score(
        [
            "Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years.",
            "I think we all want what is best for our children.",
        ]
    )
    assert statistic > model.threshold > opinion


def test_shipped_model_says_an_opinion_is_non_factual_and_a_statistic_is_not() -> None:
    probabilities = LightModel.load().probabilities(
        [
            "Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years.",
            "I think we all want what is best for our children.",
        ]
    )
    statistic, opinion = probabilities[:, HEADS.index("non_factual")]
    assert statistic < 0.5 < opinion


def test_score_of_nothing_is_nothing() -> None:
    assert LightModel.load().score([]) == []


def test_char_ngrams_match_scikit_learn_char_wb() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    text = "The U.S.  economy grew 2.5% in 2023,\ta  b I x"
    assert sorted(char_ngrams(text)) == sorted(reference(text))


def test_word_ngrams_match_scikit_learn_words() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    reference = TfidfVectorizer(ngram_range=(1, 2)).build_analyzer()
    text = "Russia's casualties reached 850,000 — a record, officials said."
    assert sorted(word_ngrams(text)) == sorted(reference(text))


def test_training_on_a_few_hundred_sentences_writes_a_model_that_scores_like_sklearn(
    data_dir: Path, tmp_path: Path
) -> None:
    from claims.extraction.light_training import train_light_model

    out = tmp_path / "model.npz"
    report = train_light_model(data_dir, out, c_grid=(1.0,), min_df=(1, 1), limit=400)
    model = LightModel.load(out)
    validation = read_labelled(data_dir / "claimbuster_groundtruth.csv")
    probabilities = model.score(validation.texts[:50])

    assert report.n_train == 400
    assert report.export_max_error < 1e-4  # both heads
    assert 0.0 < report.threshold < 1.0
    assert report.validation.average_precision > 0.5  # far better than the 23% base rate
    assert all(0.0 <= p <= 1.0 for p in probabilities)
    assert len(set(np.round(probabilities, 6))) > 10


def test_c_is_chosen_by_cross_validation_over_whole_debates(data_dir: Path) -> None:
    from claims.extraction.light_training import choose_c, data_split

    train, _, _ = data_split(data_dir)
    # Every 30th sentence: ~750 sentences that still span every debate, so the folds are
    # whole unseen debates, as in the real training.
    sample = train.rows(range(0, len(train.texts), 30))

    chosen = choose_c(sample, c_grid=(0.01, 1.0), min_df=(2, 3))

    # C 0.01 barely moves off the prior; unseen debates show it ranks worse.
    assert chosen == 1.0
    assert len(set(sample.groups)) > 20


def test_labelled_files_keep_the_debate_of_each_sentence(data_dir: Path) -> None:
    train = read_labelled(data_dir / "claimbuster_crowdsourced.csv").head(3)
    checkthat = read_labelled(data_dir / "checkthat2023_1b_test.tsv").head(2)
    assert train.groups == ["1988-09-25.txt"] * 3
    assert checkthat.groups == []
    assert train.rows([2, 0]).groups == ["1988-09-25.txt"] * 2
