"""What one row (or one count) of the data stands for: clients, episodes, appointments, ...

Labels say "N = 1,482 clients" only when the rows are clients. An export of appointment counts
is about appointments, and a referral register about referrals; the unit is guessed from the
column names and can always be set by the user (the Data page, ``--unit``).
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.data.roles import ColumnRoles, normalise_name
from analysis.data.validation import printable

#: The units offered, plural -> singular. The first is the default.
UNITS = {
    "clients": "client",
    "episodes": "episode",
    "appointments": "appointment",
    "referrals": "referral",
    "sessions": "session",
}
DEFAULT_UNIT = "clients"

#: Words in a column name that say which unit it counts or identifies, per unit.
_UNIT_WORDS = {
    "appointments": ("appointment", "appointments", "appt", "appts"),
    "referrals": ("referral", "referrals"),
    "episodes": ("episode", "episodes"),
    "sessions": ("session", "sessions"),
    "clients": ("client", "clients", "patient", "patients", "people", "persons", "person"),
}


@dataclass(frozen=True, slots=True)
class Unit:
    """The unit of the data.

    Attributes
    ----------
    plural, singular : str
        E.g. "appointments" and "appointment".
    origin : str
        How it was chosen: "set by you", "guessed from the column 'appointments'", or "the
        default (no column name says otherwise)".
    """

    plural: str
    singular: str
    origin: str

    def count(self, n: int) -> str:
        """``n`` with the unit: "1 client", "1,482 clients"."""
        return f"{n:,} {self.singular if n == 1 else self.plural}"


def unit_of_name(column: str) -> str | None:
    """The unit a column's name speaks of, or None (``"appointments"`` -> ``"appointments"``)."""
    words = normalise_name(column).split("_")
    for unit, hints in _UNIT_WORDS.items():
        if any(w in hints for w in words):
            return unit
    return None


def resolve_unit(roles: ColumnRoles, chosen: str | None = None) -> Unit:
    """The unit: ``chosen`` when given, else a guess from the column names.

    The count column speaks first (a count of appointments counts appointments), then the id
    column (an episode id makes each row an episode); otherwise rows are clients.

    Parameters
    ----------
    roles : ColumnRoles
        The column mapping (only ``count`` and ``client_id`` are looked at).
    chosen : str or None
        The user's choice, one of :data:`UNITS`; None to guess.

    Returns
    -------
    Unit
        Plural, singular and how it was chosen.

    Examples
    --------
    >>> resolve_unit(ColumnRoles(mode="medium", count="appointments")).plural
    'appointments'
    >>> resolve_unit(ColumnRoles(mode="mode", client_id="episode_id")).origin
    "guessed from the column 'episode_id'"
    >>> resolve_unit(ColumnRoles(mode="mode")).count(1)
    '1 client'

    Raises
    ------
    ValueError
        When ``chosen`` is not one of :data:`UNITS`.
    """
    if chosen is not None:
        if chosen not in UNITS:
            raise ValueError(f"unit must be one of {', '.join(UNITS)}; got {chosen!r}")
        return Unit(chosen, UNITS[chosen], "set by you")
    for column in (roles.count, roles.client_id):
        unit = unit_of_name(column) if column else None
        if unit is not None:
            return Unit(unit, UNITS[unit], f"guessed from the column '{printable(column, 60)}'")
    return Unit(DEFAULT_UNIT, UNITS[DEFAULT_UNIT], "the default (no column name says otherwise)")
