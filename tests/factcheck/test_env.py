"""The typed environment readers fail loudly on bad values."""

from __future__ import annotations

import pytest

from factcheck.env import ConfigError, env_bool, env_int, env_list, env_str


def test_readers_parse_good_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "off")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", " a, b ,,c ")
    monkeypatch.setenv("X_EMPTY", "")

    assert env_bool("X_BOOL", True) is False
    assert env_int("X_INT", 0, minimum=1) == 42
    assert env_list("X_LIST", []) == ["a", "b", "c"]
    assert env_str("X_EMPTY", "default") == "default"


@pytest.mark.parametrize(
    ("name", "value", "read"),
    [
        ("X_BOOL", "maybe", lambda: env_bool("X_BOOL", False)),
        ("X_INT", "ten", lambda: env_int("X_INT", 0)),
        ("X_INT", "-5", lambda: env_int("X_INT", 0, minimum=0)),
    ],
)
def test_readers_refuse_bad_values(monkeypatch: pytest.MonkeyPatch, name, value, read) -> None:
    monkeypatch.setenv(name, value)

    with pytest.raises(ConfigError, match=name):
        read()
