"""Matching people to groups."""
