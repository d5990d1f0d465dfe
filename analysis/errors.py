"""Errors that carry a stable code and a message written for the person who supplied the input."""

from __future__ import annotations


class DataError(ValueError):
    """The input cannot be read or analysed.

    ``code`` is stable (tests and the UI may branch on it); ``message`` names the file, column,
    row or value concerned and what to do about it. The CLI maps it to exit status 2, the pages to
    ``st.error``.
    """

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
