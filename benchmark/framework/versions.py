"""What became of each item between two versions of a framework: the new version's ``upgrade`` block, checked
against the old version and completed with the items it need not name (same id, same answer).

The check is strict because an assessment's answers move by it: an old item unaccounted for, or accounted for
twice, would lose an answer or copy it where it does not belong; a new item nobody declared would look answered
when it is not.
"""

from __future__ import annotations

from typing import Any

from .model import Framework, ItemChange

Place = tuple[Any, ...]


def check_upgrade(new: Framework, old: Framework) -> list[tuple[Place, str]]:
    """Every problem of ``new.upgrade`` against ``old``, with its place in the new file (empty: it is sound)."""
    if new.upgrade is None:
        return []
    out: list[tuple[Place, str]] = []
    old_ids, new_ids = set(old.item_by_id), set(new.item_by_id)
    sourced: dict[str, int] = {}  # old item -> the change that says what became of it
    targeted: dict[str, int] = {}  # new item -> the change that gives it its answer
    for n, change in enumerate(new.upgrade.changes):
        place = ("upgrade", "changes", n)
        for item_id in change.old:
            if item_id not in old_ids:
                out.append(((*place, "old"), f"'{item_id}' is not an item of {old.short_title} {old.version}"))
            elif item_id in sourced:
                out.append(((*place, "old"), f"'{item_id}' is mapped twice (also in change {sourced[item_id] + 1})"))
            else:
                sourced[item_id] = n
        for item_id in change.new:
            if item_id not in new_ids:
                out.append(((*place, "new"), f"'{item_id}' is not an item of {new.short_title} {new.version}"))
            elif change.kind == "dropped":
                continue  # only where the dropped item's evidence goes: that item gets its answer elsewhere
            elif item_id in targeted:
                out.append(((*place, "new"), f"'{item_id}' is mapped twice (also in change {targeted[item_id] + 1})"))
            else:
                targeted[item_id] = n
    for item_id in sorted(old_ids - set(sourced)):
        if item_id not in new_ids:
            out.append(
                (
                    ("upgrade", "changes"),
                    f"'{item_id}' of {old.version} is not in {new.version}: declare what became of it "
                    "(renamed, merged, split or dropped)",
                )
            )
        elif item_id in targeted:
            out.append(
                (
                    ("upgrade", "changes"),
                    f"'{item_id}' of {old.version} is not named, but its id now receives another item's answer "
                    f"(change {targeted[item_id] + 1}): declare what became of the old '{item_id}'",
                )
            )
    for item_id in sorted(new_ids - old_ids - set(targeted)):
        out.append(
            (
                ("upgrade", "changes"),
                f"'{item_id}' is new in {new.version} but no change declares it (kind 'new', or the item "
                "something was renamed, merged or split into)",
            )
        )
    return out


def changes(new: Framework, old: Framework) -> list[ItemChange]:
    """Every change from ``old`` to ``new``, in the new version's item order: the declared ones, and a 'same' for
    each item the declaration need not name. Assumes :func:`check_upgrade` found nothing."""
    declared = list(new.upgrade.changes) if new.upgrade else []
    named = {i for c in declared for i in c.old} | {i for c in declared if c.kind != "dropped" for i in c.new}
    implicit = [ItemChange(kind="same", old=[i], new=[i]) for i in old.item_by_id if i not in named]
    order = {item_id: n for n, item_id in enumerate(new.item_by_id)}

    def position(change: ItemChange) -> tuple[int, int]:
        if change.kind == "dropped":  # after the item its evidence goes to, or last
            return (order.get(change.new[0], len(order)) if change.new else len(order), 1)
        return (min(order[i] for i in change.new), 0)

    return sorted([*declared, *implicit], key=position)
