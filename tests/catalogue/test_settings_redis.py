"""GROEPENWIJZER_REDIS_URL: one setting for the chat state and the rate-limit counters."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.settings import Settings

URL = "redis://:s3cr3t-pw@10.0.0.5:6379/0"


def test_no_redis_by_default(tmp_path: Path) -> None:
    settings = Settings.from_env({"GROEPENWIJZER_INSTANCE": str(tmp_path)})
    assert settings.redis_url == ""
    assert settings.ratelimit_storage == "memory://"


def test_the_redis_url_also_holds_the_rate_limit_counters(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"GROEPENWIJZER_INSTANCE": str(tmp_path), "GROEPENWIJZER_REDIS_URL": f" {URL} "}
    )
    assert settings.redis_url == URL
    assert settings.ratelimit_storage == URL
    assert "s3cr3t-pw" not in repr(settings)


def test_an_explicit_rate_limit_storage_still_wins(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "GROEPENWIJZER_INSTANCE": str(tmp_path),
            "GROEPENWIJZER_REDIS_URL": URL,
            "GROEPENWIJZER_RATELIMIT_STORAGE": "memory://",
        }
    )
    assert (settings.redis_url, settings.ratelimit_storage) == (URL, "memory://")


@pytest.mark.parametrize("raw", ["10.0.0.5:6379", "http://10.0.0.5", "unix:///run/redis.sock"])
def test_a_wrong_redis_url_stops_the_start(tmp_path: Path, raw: str) -> None:
    with pytest.raises(ValueError, match="GROEPENWIJZER_REDIS_URL") as error:
        Settings.from_env({"GROEPENWIJZER_INSTANCE": str(tmp_path), "GROEPENWIJZER_REDIS_URL": raw})
    assert raw not in str(error.value)
