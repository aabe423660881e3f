"""The three things a supervisor ticks off for each intern, named once for every layer.

A tick is known by its key (``pre``, as the CLI's ``--pre`` and the store's API take it),
stored in one field of the intern record, and shown by its label.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ValidationError
from .models import Intern


@dataclass(frozen=True, slots=True)
class Tick:
    """One tick: its key, the intern field that holds it, and its label.

    Attributes:
        key: the short name (``pre``, ``post``, ``hear``).
        field: the :class:`~microintern_tui.domain.models.Intern` field (``pre_training``).
        label: the words a supervisor reads ("pre-training").
    """

    key: str
    field: str
    label: str

    def done(self, intern: Intern) -> bool:
        """Whether ``intern`` has this tick."""
        return bool(getattr(intern, self.field))


#: Pre-internship training, the post-internship workshop and the HEAR journal, in that order.
TICKS = (
    Tick("pre", "pre_training", "pre-training"),
    Tick("post", "post_training", "post-workshop"),
    Tick("hear", "hear", "HEAR journal"),
)


def tick(key: str) -> Tick:
    """The tick called ``key``.

    Raises:
        ValidationError: for a key that is not one of :data:`TICKS`.
    """
    for candidate in TICKS:
        if candidate.key == key:
            return candidate
    raise ValidationError("tick", key, "is not one of pre, post or hear")
