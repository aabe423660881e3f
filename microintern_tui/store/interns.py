"""Changes to interns: add one, import a roster, tick training and the HEAR journal."""

from __future__ import annotations

from ..domain.errors import ValidationError
from ..domain.identity import check_email_free
from ..domain.interns import InternDetails, check_details
from ..domain.models import Intern
from .core import StoreCore
from .join import JOINED_TICKS
from .records import intern_from_doc, joined_ticks
from .schema import INTERNS
from .transaction import Doc

#: The stored field of each tick, by the name commands use.
TRAINING_FIELDS = {"pre": "pre_training", "post": "post_training", "hear": "hear"}


class InternCommands(StoreCore):
    """The Store's changes to interns; each is one transaction."""

    def _intern_fields(self, details: InternDetails, cohort_id: str) -> Doc:
        return {
            "name": details.name,
            "email": details.email,
            "employer": details.employer,
            "cohort_id": cohort_id,
            "supervisor": details.supervisor,
            "pre_training": False,
            "post_training": False,
            "hear": False,
        }

    def add_intern(
        self, name: str, email: str, employer: str, cohort: str, supervisor: str = ""
    ) -> Intern:
        """Add one intern to a cohort (by name).

        Raises:
            ValidationError: for a bad field or an email already in the file.
            NotFoundError: for an unknown cohort.
        """
        details = check_details(name, email, employer, cohort, supervisor)
        return self.import_interns([details])[0]

    def import_interns(self, rows: list[InternDetails]) -> list[Intern]:
        """Add many interns at once: all are checked first, and none is added if one is bad.

        Raises:
            ValidationError: for the first bad row (the caller numbers rows).
            NotFoundError: for an unknown cohort.
        """
        with self.transaction() as tx:
            ds = tx.before()
            seen: set[str] = set()
            fields = []
            for details in rows:
                key = details.email.casefold()
                if key in seen:
                    raise ValidationError("email", details.email, "appears twice in the roster")
                seen.add(key)
                check_email_free(ds, details.email)
                fields.append(self._intern_fields(details, ds.find_cohort(details.cohort).id))
            docs = [tx.insert(INTERNS, f) for f in fields]
        return [intern_from_doc(self.path, d) for d in docs]

    def set_training(self, intern_id: str, which: str, done: bool) -> Intern:
        """Set (never toggle) pre-training, post-workshop or the HEAR journal to ``done``.

        The value the user chose is saved whatever another supervisor saved meanwhile: a
        tick is a fact ("attended"), not a flip of what was there.
        """
        field = TRAINING_FIELDS[which]
        with self.transaction() as tx:
            doc = tx.find(INTERNS, intern_id)
            joined = joined_ticks(self.path, doc)
            if doc.get(field) is not done or joined:
                # The user saw the ticks of records joined into this one as its own: this
                # new version makes them its own (a later join must not drop them).
                fields: Doc = {tick: True for tick in joined}
                fields[field] = done
                doc = tx.update(INTERNS, intern_id, fields, drop=(JOINED_TICKS,))
        return intern_from_doc(self.path, doc)
