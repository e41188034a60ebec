"""The item card of the team's Assess page and of a respondent's own page: the question with its rating,
evidence and notes, the guide's guidance and source beside it, and the conflict panel when a save was refused.

Each card keeps its widgets' values, the revision it was shown at, and a pending conflict under keys that start
with a prefix (the assessment for the team, the respondent for a respondent). A save names the revision, so an
answer saved elsewhere in between is never overwritten: the store refuses with both versions, and the card
shows them until one is chosen.

A save the database did not take (down, restarting: :class:`DatabaseUnavailable`, after the store's own retry)
is kept under ``KEY:unsaved`` with the revision it named: the card says "Not saved — try again" with a button
that does, and its widgets show what was given, even across a page run that could not be drawn at all.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

import streamlit as st
from pydantic import ValidationError

from app_pages.ui import conflict
from app_pages.ui.errors import saving
from app_pages.ui.language import isolate, translator
from app_pages.ui.session import Pending, flash
from benchmark.access import describe_answer
from benchmark.assessment import MAX_TEXT, Answer
from benchmark.framework.model import Item, Scale
from benchmark.framework.vocabulary import EVIDENCE_KINDS
from benchmark.i18n.frameworks import TranslatedFramework
from benchmark.store import Conflict, DatabaseUnavailable

log = logging.getLogger("benchmark.app")

FIELDS = ("value", "reason", "evidence", "evidence_kind", "notes")

# Saves an answer against a revision and returns the new one, or None when the page refused it (and said why).
Write = Callable[[str, Answer, int], int | None]


def _values(answer: Answer) -> dict:
    """What the card's widgets hold of an answer. No reason unless there is one: its box shows only for "not
    relevant", and every session-state key costs on every rerun (Streamlit copies the state for each widget)."""
    return {f: getattr(answer, f) for f in FIELDS if f != "reason" or answer.reason}


class ItemCard:
    def __init__(self, prefix: str, view: TranslatedFramework, write: Write, conflict_note: str):
        self.prefix = prefix
        self.view = view  # the framework in the reader's language, with its English text a click away
        self.framework = view.framework
        self.write = write
        self.conflict_note = conflict_note  # why the panel shows, with {item} for the item's id
        # One dict for every item's revision rather than a key each: Streamlit copies the whole session state for
        # each widget it draws, so every key costs on every rerun.
        self._revs_key = f"{prefix}:revs"

    # ---------------------------------------------------------------------------------------- the card on screen

    def draw(
        self,
        item: Item,
        stored: Answer,
        stored_rev: int,
        *,
        evidence_label: str,
        kind_label: str,
        editable: bool = True,
        before: Answer | None = None,
        rating_note: str | None = None,
        quote: bool = False,
    ) -> None:
        """One item's card. ``rating_note`` (an agreed rating) locks the rating; ``before`` holds the fields the
        card does not show, kept as they are on a save."""
        pending = conflict.waiting(self.key(item.id)) if editable else None
        unsaved = self.unsaved(item.id) if editable else None
        self.prepare(item.id, stored, stored_rev, pending or unsaved, refresh=not editable)
        # The key names the card on the page (its class ``st-key-itemcard-KF1-2``): the style sheet and a jump to
        # the item find it by that.
        with st.container(border=True, key=f"itemcard:{item.id}"):
            left, right = st.columns([3, 2])
            with left:
                self.widgets(
                    item,
                    self.framework.scale_for(item),
                    evidence_label=evidence_label,
                    kind_label=kind_label,
                    before=before,
                    disabled=not editable,
                    rating_note=rating_note,
                )
            with right:
                _ = translator().gettext
                if item.guidance:
                    st.markdown(_("**Guidance.** {guidance}").format(guidance=item.guidance))
                self.english(item)
                cited = f"  \n“{item.source.quote}”" if quote and item.source.quote else ""
                st.caption(_("Source: {source}").format(source=self.framework.cite(item.source)) + cited)
            if unsaved is not None and pending is None:
                st.warning(
                    _(
                        "Not saved — try again. {item} could not be saved: the database cannot be reached just now. "
                        "What you gave is still here."
                    ).format(item=item.id),
                    icon=":material/cloud_off:",
                )
                st.button(
                    _("Try again"),
                    key=f"{self.key(item.id)}:retry",
                    on_click=self.retry,
                    args=(item.id,),
                    type="primary",
                )
            if pending is not None:
                conflict.conflict_panel(
                    self.key(item.id),
                    self.conflict_note.format(item=item.id),
                    lambda answer: describe_answer(answer, self.framework, item.id, _),
                    lambda answer, revision: self.take(item.id, answer, revision),
                    lambda answer, revision: self.use(item.id, answer, revision),
                )

    def english(self, item: Item) -> None:
        """In another language: a mark when the item is not translated yet, and its English text one click away
        (the English text is the reference)."""
        t = translator()
        if self.view.language == "en":
            return
        if not (self.view.item_translated(item.id) and self.view.item_translated(item.id, "guidance")):
            st.caption(":material/translate: " + t.gettext("Not yet translated: shown in English."))
        english = self.view.english.item_by_id[item.id]
        with st.popover(t.gettext("English text"), icon=":material/language:"):
            st.html(f'<div lang="en" dir="ltr">{html.escape(english.question)}</div>')
            if english.guidance:
                st.html(f'<div lang="en" dir="ltr"><small>{html.escape(english.guidance)}</small></div>')
            st.caption(t.gettext("Translations are unofficial: the English text is the reference."))

    def widgets(
        self,
        item: Item,
        scale: Scale,
        *,
        evidence_label: str,
        kind_label: str,
        before: Answer | None = None,
        disabled: bool = False,
        rating_note: str | None = None,
    ) -> None:
        """The card's inputs (rating, why not relevant, evidence, its kind, notes), each saving on change."""
        k = self.keys(item.id)
        _ = translator().gettext
        save, args = self.save, (item.id, before)
        value = st.radio(
            f"{isolate(item.id)} · {item.question}",
            [o.value for o in scale.options],
            format_func=lambda v: scale.option(v).label,
            # What each rating means, under its label (inside it: read out with it), so a team reads the scale
            # alike from person to person.
            captions=[o.description or "" for o in scale.options],
            index=None,
            key=k["value"],
            horizontal=True,
            disabled=disabled or rating_note is not None,
            on_change=save,
            args=args,
        )
        if rating_note:
            st.caption(rating_note)
        option = scale.option(value) if value else None
        if option is not None and option.not_relevant:
            st.text_input(
                _("Why is this not relevant here? (optional)"),
                key=k["reason"],
                max_chars=2000,
                disabled=disabled,
                on_change=save,
                args=args,
            )
        st.text_area(
            evidence_label,
            key=k["evidence"],
            max_chars=MAX_TEXT,
            height=80,
            disabled=disabled,
            on_change=save,
            args=args,
        )
        st.segmented_control(
            kind_label,
            list(EVIDENCE_KINDS),
            key=k["evidence_kind"],
            format_func=lambda kind: _(EVIDENCE_KINDS[kind]),
            disabled=disabled,
            on_change=save,
            args=args,
        )
        st.text_area(
            _("Notes"), key=k["notes"], max_chars=MAX_TEXT, height=68, disabled=disabled, on_change=save, args=args
        )

    # ---------------------------------------------------------------------------------------- its session state

    def key(self, item_id: str) -> str:
        return f"{self.prefix}:{item_id}"

    def keys(self, item_id: str) -> dict[str, str]:
        return {f: f"{self.prefix}:{item_id}:{f}" for f in FIELDS}

    def _revs(self) -> dict[str, int]:
        return st.session_state.setdefault(self._revs_key, {})

    def expected(self, item_id: str) -> int:
        """The revision the card was shown at: a save names it."""
        return self._revs().get(item_id, 0)

    def prepare(
        self, item_id: str, stored: Answer, stored_rev: int, pending: Pending | None, refresh: bool = False
    ) -> None:
        """Fill the card's widgets before they are drawn: what this session typed while a conflict or an unsaved
        answer waits (``pending``); the stored answer when the card is first shown, was saved elsewhere since, or
        ``refresh`` (a read-only view); otherwise what the widgets already hold."""
        k = self.keys(item_id)
        if pending is not None:
            for field, value in _values(pending.ours).items():
                st.session_state.setdefault(k[field], value)
        elif refresh or k["value"] not in st.session_state or self._revs().get(item_id) != stored_rev:
            self.show(item_id, stored)
            self._revs()[item_id] = stored_rev
        else:
            for field, value in _values(stored).items():
                st.session_state.setdefault(k[field], value)

    def show(self, item_id: str, answer: Answer) -> None:
        values = _values(answer)
        for f, key in self.keys(item_id).items():
            if f in values:
                st.session_state[key] = values[f]
            elif key in st.session_state:  # emptied, not deleted: a deleted key leaves the browser's old text
                st.session_state[key] = ""  # in the box, which would send it back and save it

    def typed(self, item_id: str) -> dict:
        """What the card's widgets hold now, as Answer fields."""
        k = self.keys(item_id)
        return {
            "value": st.session_state[k["value"]],
            "reason": st.session_state.get(k["reason"], "") or "",
            "evidence": st.session_state[k["evidence"]] or "",
            "notes": st.session_state[k["notes"]] or "",
            "evidence_kind": st.session_state.get(k["evidence_kind"]) or None,
        }

    # ---------------------------------------------------------------------------------------- saving

    @saving
    def save(self, item_id: str, before: Answer | None = None) -> None:
        """Save what the card's widgets hold, over ``before`` (fields the card does not show stay as they were)."""
        try:
            answer = Answer(**{**(before or Answer()).model_dump(), **self.typed(item_id)})
        except ValidationError:
            t = translator()
            flash(
                t.gettext(
                    "{item} was not saved: a text is longer than {limit} characters. Shorten it; the answer saved "
                    "before is unchanged."
                ).format(item=item_id, limit=t.number(MAX_TEXT))
            )
            return
        self._write(item_id, answer, self.expected(item_id))

    def unsaved(self, item_id: str) -> Pending | None:
        """The answer the database did not take, with the revision its save named."""
        return st.session_state.get(f"{self.key(item_id)}:unsaved")

    @saving
    def retry(self, item_id: str) -> None:
        """Save the answer the database did not take, against the revision it was given at ("Try again")."""
        waiting = self.unsaved(item_id)
        if waiting is not None:
            self._write(item_id, waiting.ours, waiting.revision)

    def _write(self, item_id: str, answer: Answer, expected: int) -> None:
        try:
            revision = self.write(item_id, answer, expected)
        except DatabaseUnavailable as exc:
            # Kept where no widget owns it: a page run that cannot be drawn drops the widgets' own values.
            log.warning("%s not saved, the database did not answer: %s", item_id, exc.reason)
            st.session_state[f"{self.key(item_id)}:unsaved"] = Pending(None, answer, expected)
            return
        except Conflict as exc:
            st.session_state.pop(f"{self.key(item_id)}:unsaved", None)
            conflict.hold(self.key(item_id), exc.theirs, exc.ours, exc.revision)
            return
        except KeyError:
            flash(translator().gettext("Nothing was saved: this assessment is no longer stored."))
            return
        st.session_state.pop(f"{self.key(item_id)}:unsaved", None)
        if revision is None:
            return
        self._revs()[item_id] = revision
        conflict.settled(self.key(item_id))
        st.toast(translator().gettext("Saved {item}").format(item=isolate(item_id)), icon=":material/check:")

    def take(self, item_id: str, answer: Answer, revision: int) -> None:
        """Show the stored answer, as of its revision ("Keep theirs")."""
        self.show(item_id, answer)
        self._revs()[item_id] = revision

    def use(self, item_id: str, answer: Answer, revision: int) -> None:
        """Show and save this session's answer over the stored one ("Use mine")."""
        self.show(item_id, answer)
        self._write(item_id, answer, revision)
