"""The group-offer catalogue: data model, vocabularies, schedules and interchange.

Imports nothing else of ours (DESIGN.md §3): matcher, bot and web build on it.
"""
