"""Access by link on a shared deployment: who can open, edit, or compare which assessment, on both backends."""

from __future__ import annotations

import pytest

from benchmark.assessment import Answer, Subject, new_assessment
from benchmark.store import (
    TOKEN_LENGTH,
    Access,
    AccessDenied,
    Links,
    token_hash,
    well_formed,
)

from .builders import MINI, everything

HOSTILE = {
    "empty": "",
    "none": None,
    "bytes": b"A" * TOKEN_LENGTH,
    "10k characters": "A" * 10_000,
    "NUL": "\x00" * TOKEN_LENGTH,
    "NUL inside": "A" * 15 + "\x00" + "A" * 16,
    "unicode": "é" * TOKEN_LENGTH,
    "emoji": "😀" * TOKEN_LENGTH,
    "SQL": "' OR 1=1 --",
    "SQL, token length": "' OR 1=1 --".ljust(TOKEN_LENGTH, "A"),
    "percent wildcard": "%" * TOKEN_LENGTH,
    "whitespace": " " * TOKEN_LENGTH,
    "newline at the end": "A" * (TOKEN_LENGTH - 1) + "\n",
    "well formed, unknown": "A" * TOKEN_LENGTH,
}


@pytest.fixture
def opened(store):
    a = new_assessment(MINI, Subject(name="Testville"))
    made = store.create(a)
    return a, made


def test_create_gives_an_edit_and_a_view_link(store, opened):
    a, made = opened
    assert isinstance(made, Links) and made.edit != made.view
    assert well_formed(made.edit) and well_formed(made.view)
    assert store.resolve(made.edit) == Access(a.id, can_edit=True)
    assert store.resolve(made.view) == Access(a.id, can_edit=False)
    assert store.require_edit(made.edit) == a.id
    with pytest.raises(AccessDenied, match="this is a view link"):
        store.require_edit(made.view)
    with pytest.raises(ValueError, match="already exists"):
        store.create(a)


def test_only_hashes_are_stored(store, opened):
    _, made = opened
    dump = repr(everything(store))
    assert made.edit not in dump and made.view not in dump
    assert token_hash(made.edit) in dump


@pytest.mark.parametrize("token", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_tokens_open_nothing_and_change_nothing(store, opened, token):
    a, made = opened
    codes = store.create_group("Network")
    store.join_group(made.edit, codes.join)
    before = everything(store)
    assert store.resolve(token) is None
    assert store.group(token) is None and store.group_members(token) == []
    assert store.group_assessments(token) == []
    with pytest.raises(AccessDenied):
        store.require_edit(token)
    with pytest.raises(AccessDenied):
        store.join_group(token, codes.join)
    with pytest.raises(AccessDenied):
        store.join_group(made.edit, token)
    assert everything(store) == before


@pytest.mark.parametrize("bad_id", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_ids_find_nothing_and_change_nothing(store, opened, bad_id):
    """Assessment ids arrive in addresses as well: an odd one is an unknown one, on every backend."""
    before = everything(store)
    assert store.get(bad_id) is None and store.load(bad_id) is None
    assert not store.has_links(bad_id) and store.groups_of(bad_id) == []
    for write in (
        lambda: store.set_answer(bad_id, "A.1", Answer(value="full")),
        lambda: store.set_actions(bad_id, []),
        lambda: store.rotate_links(bad_id),
    ):
        with pytest.raises(KeyError):
            write()
    store.delete(bad_id)
    assert everything(store) == before


def test_a_near_miss_opens_nothing(store, opened):
    _, made = opened
    flipped = made.edit[:-1] + ("A" if made.edit[-1] != "A" else "B")
    assert store.resolve(flipped) is None
    assert store.resolve(made.edit.swapcase()) is None or made.edit.swapcase() == made.edit
    assert store.resolve(made.edit + "A") is None and store.resolve(made.edit[:-1]) is None
    assert store.resolve(f" {made.edit}") is None


def test_rotating_revokes_the_old_links(store, opened):
    a, old = opened
    new = store.rotate_links(a.id)
    assert store.resolve(old.edit) is None and store.resolve(old.view) is None
    assert store.resolve(new.edit) == Access(a.id, True) and store.resolve(new.view) == Access(a.id, False)
    with pytest.raises(KeyError):
        store.rotate_links("nope")


def test_saved_without_links_until_someone_makes_them(store):
    """Samples and assessments from before links existed: reachable from the list only, until links are made."""
    a = new_assessment(MINI, Subject(name="Sample city"), sample=True)
    store.save(a)
    assert not store.has_links(a.id)
    made = store.rotate_links(a.id)
    assert store.has_links(a.id) and store.resolve(made.view) == Access(a.id, False)
    store.save(a)  # replacing the content keeps the links
    assert store.resolve(made.edit) == Access(a.id, True)


def test_deleting_an_assessment_kills_its_links_and_memberships(store, opened):
    a, made = opened
    codes = store.create_group("Network")
    store.join_group(made.edit, codes.join)
    store.delete(a.id)
    assert store.resolve(made.edit) is None and store.resolve(made.view) is None
    assert store.group_members(codes.facilitator) == []


def test_facilitator_sees_only_the_members_of_their_group(store):
    cities = {}
    for name in ("Alpha", "Beta", "Gamma", "Delta"):
        a = new_assessment(MINI, Subject(name=name), answers={"A.1": Answer(value="full")})
        cities[name] = (a, store.create(a))
    north, south = store.create_group("North network"), store.create_group("South network")
    assert store.join_group(cities["Alpha"][1].edit, north.join) == "North network"
    store.join_group(cities["Beta"][1].edit, north.join)
    store.join_group(cities["Beta"][1].edit, north.join)  # twice is harmless
    store.join_group(cities["Gamma"][1].edit, south.join)
    # Delta joins nothing

    group = store.group(north.facilitator)
    assert group.name == "North network"
    assert sorted(s.subject for s in group.members) == ["Alpha", "Beta"]
    assert all(s.answered == 1 for s in group.members)
    assert sorted(a.subject.name for a in store.group_assessments(north.facilitator)) == ["Alpha", "Beta"]
    assert store.group_assessments(north.facilitator, framework="other") == []
    assert [s.subject for s in store.group_members(south.facilitator)] == ["Gamma"]
    assert store.groups_of(cities["Beta"][0].id) == ["North network"]
    assert store.groups_of(cities["Delta"][0].id) == []

    # the join code joins and reads nothing; the facilitator code reads and joins nothing
    assert store.group(north.join) is None and store.group_members(north.join) == []
    with pytest.raises(AccessDenied, match="does not match any peer-review group"):
        store.join_group(cities["Delta"][1].edit, north.facilitator)
    # a view link cannot put an assessment into a group
    with pytest.raises(AccessDenied, match="view link"):
        store.join_group(cities["Delta"][1].view, north.join)
    assert sorted(s.subject for s in store.group_members(north.facilitator)) == ["Alpha", "Beta"]

    assert store.leave_group(cities["Beta"][1].edit, north.join) is True
    assert store.leave_group(cities["Beta"][1].edit, north.join) is False
    assert [s.subject for s in store.group_members(north.facilitator)] == ["Alpha"]


def test_a_group_needs_a_name(store):
    for bad in ("", "   ", None, "\u200b\u200b", "\u202e", "\x07"):
        with pytest.raises(ValueError, match="empty once invisible characters are removed"):
            store.create_group(bad)
    with pytest.raises(ValueError, match="The group's name is too long: at most 200 characters"):
        store.create_group("x" * 201)
    codes = store.create_group("  Café network \x00 ")
    assert store.group(codes.facilitator).name == "Café network"
