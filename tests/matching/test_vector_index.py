"""The vector index (pure): insert, search, replace, the HNSW path, and the file round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from claims.extraction.vector_index import VectorIndex


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _random(n: int, dims: int = 16, seed: int = 0) -> np.ndarray:
    return _unit(np.random.default_rng(seed).standard_normal((n, dims)))


def _nearest_keys(index: VectorIndex, query: np.ndarray) -> list[int]:
    """Return the keys of the graph's nearest ten to ``query``.

    The graph is approximate and built on several threads, so its shape varies from build to
    build: a stored vector is among its own nearest few (matching asks for 50), not always first.
    """
    return [key for key, _ in index.search(query, 10)]


def test_search_returns_the_nearest_keys_best_first_with_their_cosine() -> None:
    vectors = _random(50)
    index = VectorIndex(dimensions=16)
    index.add(np.arange(100, 150), vectors)

    found = index.search(vectors[7], 3)

    assert found[0][0] == 107
    assert abs(found[0][1] - 1.0) < 1e-5
    assert found[0][1] >= found[1][1] >= found[2][1]


def test_adding_a_key_again_replaces_its_vector() -> None:
    vectors = _random(3)
    index = VectorIndex(dimensions=16)
    index.add(np.array([1, 2, 3]), vectors)

    index.add(np.array([2]), vectors[:1])

    assert len(index) == 3
    assert [key for key, _ in index.search(vectors[0], 2)] in ([1, 2], [2, 1])


def test_above_the_exact_limit_the_hnsw_index_finds_the_same_neighbours() -> None:
    vectors = _random(400, seed=1)
    exact = VectorIndex(dimensions=16)
    exact.add(np.arange(400), vectors)
    queries = _random(20, seed=2)
    nearest = [exact.search(query, 1)[0][0] for query in queries]
    assert exact.ann is None

    # Ten builds: a graph started on several threads lost a true nearest in most of them.
    for _ in range(10):
        ann = VectorIndex(dimensions=16, exact_limit=100)
        ann.add(np.arange(300), vectors[:300])
        ann.add(np.arange(300, 400), vectors[300:])
        assert ann.ann is not None
        found = [_nearest_keys(ann, query) for query in queries]
        assert all(key in keys for key, keys in zip(nearest, found, strict=True))
        # Stored as int8, near-ties may swap; the first mostly agrees.
        assert sum(key == keys[0] for key, keys in zip(nearest, found, strict=True)) >= 15


def test_a_saved_index_loads_with_its_keys_and_stamp(tmp_path: Path) -> None:
    vectors = _random(200, seed=3)
    index = VectorIndex(dimensions=16, exact_limit=50)
    index.add(np.arange(10, 210), vectors)
    path = tmp_path / "claims-test.usearch"

    index.save(path, stamp={"model": "test"})
    loaded = VectorIndex.load(path)

    assert loaded is not None
    again, stamp = loaded
    assert stamp["model"] == "test"
    assert stamp["count"] == 200
    assert again.ann is not None
    assert 52 in _nearest_keys(again, vectors[42])


def test_a_missing_or_truncated_file_loads_as_nothing(tmp_path: Path) -> None:
    path = tmp_path / "claims-test.usearch"
    assert VectorIndex.load(path) is None

    index = VectorIndex(dimensions=16)
    index.add(np.arange(5), _random(5))
    index.save(path, stamp={})
    path.with_suffix(".npz").write_bytes(b"not numpy")

    assert VectorIndex.load(path) is None


def _saved_and_loaded(tmp_path: Path, vectors: np.ndarray) -> VectorIndex:
    """Return an index of ``vectors`` (keys 0..n-1) saved and loaded back, as a worker does."""
    index = VectorIndex(dimensions=16, exact_limit=50)
    index.add(np.arange(len(vectors)), vectors)
    path = tmp_path / "claims-test.usearch"
    index.save(path, stamp={})
    loaded = VectorIndex.load(path)
    assert loaded is not None
    return loaded[0]


def test_a_loaded_graph_is_memory_mapped_and_finds_vectors_added_after_loading(
    tmp_path: Path,
) -> None:
    vectors = _random(260, seed=4)
    mapped = _saved_and_loaded(tmp_path, vectors[:200])
    assert mapped.read_only

    mapped.add(np.arange(200, 240), vectors[200:240])  # the tail: searched exactly

    assert mapped.read_only
    assert len(mapped) == 240
    assert mapped.search(vectors[230], 1)[0][0] == 230  # the exact tail
    assert 17 in _nearest_keys(mapped, vectors[17])


def test_a_mapped_graph_moves_into_memory_to_replace_a_key_or_grow_past_the_tail_limit(
    tmp_path: Path,
) -> None:
    vectors = _random(300, seed=5)
    mapped = _saved_and_loaded(tmp_path, vectors[:200])

    mapped.add(np.array([5]), vectors[250:251])  # key 5 gets another vector

    assert not mapped.read_only
    assert len(mapped) == 200
    assert 5 in _nearest_keys(mapped, vectors[250])
    mapped.add(np.arange(200, 300), vectors[200:300])
    assert len(mapped) == 300
    assert 280 in _nearest_keys(mapped, vectors[280])


def test_graph_cosines_stay_close_to_the_exact_ones() -> None:
    vectors = _random(400, dims=64, seed=6)
    exact = VectorIndex(dimensions=64)
    exact.add(np.arange(400), vectors)
    ann = VectorIndex(dimensions=64, exact_limit=100)
    ann.add(np.arange(400), vectors)

    for query in _random(5, dims=64, seed=7):
        exact_scores = dict(exact.search(query, 400))
        for key, score in ann.search(query, 5):
            assert abs(score - exact_scores[key]) < 0.02


def test_the_search_breadth_grows_with_the_graph_within_bounds() -> None:
    from claims.extraction.vector_index import search_breadth

    assert search_breadth(25_000) == 256
    assert search_breadth(1_000_000) == 1_428
    assert search_breadth(10_000_000) == 4_096
    assert search_breadth(500_000) > search_breadth(200_000)


def test_searching_many_at_once_answers_as_one_search_each() -> None:
    # GIVEN an exact index, and a graph with an exact tail added after it was built
    vectors = _random(400, seed=3)
    exact = VectorIndex(dimensions=16)
    exact.add(np.arange(400), vectors)
    graph = VectorIndex(dimensions=16, exact_limit=100)
    graph.add(np.arange(300), vectors[:300])
    graph.add(np.arange(300, 400), vectors[300:])
    queries = _random(12, seed=4)

    for index in (exact, graph):
        # WHEN a batch of queries is searched in one call
        together = index.search_many(queries, 7)

        # THEN each answer is that of its own search: the same keys, order and cosines
        alone = [index.search(query, 7) for query in queries]
        assert [[key for key, _ in pairs] for pairs in together] == [
            [key for key, _ in pairs] for pairs in alone
        ]
        assert np.allclose(
            [[c for _, c in pairs] for pairs in together],
            [[c for _, c in pairs] for pairs in alone],
            atol=1e-5,
        )
    assert VectorIndex(dimensions=16).search_many(queries, 3) == [[] for _ in queries]


def test_rows_added_a_few_at_a_time_are_the_rows_added_at_once() -> None:
    vectors = _random(3000)
    one_by_one = VectorIndex(dimensions=16, exact_limit=10_000)
    for start in range(0, 3000, 28):  # an article's claims at a time, past the first buffer
        one_by_one.add(np.arange(start, min(start + 28, 3000)), vectors[start : start + 28])
    one_by_one.add(np.array([5]), vectors[6:7])  # a replaced key drops its row, then grows again
    one_by_one.add(np.array([3000]), vectors[5:6])

    assert one_by_one.vectors is not None
    assert one_by_one.exact_keys is not None
    stored = dict(zip(one_by_one.exact_keys.tolist(), one_by_one.vectors, strict=True))
    assert len(stored) == 3001
    assert np.array_equal(stored[5], vectors[6])
    assert np.array_equal(stored[3000], vectors[5])
    assert all(np.array_equal(stored[key], vectors[key]) for key in range(3000) if key != 5)
    assert one_by_one.search(vectors[5], 1)[0][0] == 3000
    assert {key for key, _ in one_by_one.search(vectors[6], 2)} == {5, 6}
