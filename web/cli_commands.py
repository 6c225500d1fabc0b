"""Commands of the matcher, web and bot fronts, attached to the `groepenwijzer` group."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
