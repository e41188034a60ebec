"""How compared subjects are named: matched by name as people type it, and called by their framework's label."""

from __future__ import annotations


def subject_key(name: str) -> str:
    """The name as compared: a peer review team types the city's name again, with its own case and spacing."""
    return " ".join(name.split()).casefold()


def plural(label: str) -> str:
    """City → cities, practice → practices: frameworks name their subjects in the singular."""
    word = label.lower()
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"
