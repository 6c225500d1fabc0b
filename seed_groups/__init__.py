"""Illustrative example groups (fictional providers, contacts), loaded by `groepenwijzer seed`."""

from importlib.resources import files


def seed_csv() -> bytes:
    """The example groups in the transfertafel spreadsheet format."""
    return files(__package__).joinpath("groups.csv").read_bytes()
