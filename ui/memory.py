"""The server's memory: a session is closed once its browser is gone for good, and freed memory
goes back to the system.

Streamlit keeps a disconnected session (its state, its uploaded files) for
``server.disconnectedSessionTTL`` seconds in case the browser comes back; past that time
Streamlit 1.6x forgets it without shutting it down, so its uploads would stay in memory for as
long as the server runs. ``track_session`` registers each session in a session-scoped cache whose
release (the browser disconnected) schedules the close. ``lean_allocators`` makes large blocks go
back to the system when they are freed (tests/browser/test_sessions.py, benchmarks/bench_memory.py).
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import functools
import gc

import pyarrow as pa
import streamlit as st
from streamlit import config
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

#: glibc's mallopt parameter for the size from which blocks are mapped on their own
_M_MMAP_THRESHOLD = -3


@functools.cache  # once per process, although the entrypoint asks on every rerun
def lean_allocators() -> None:
    """Allocate so that freed memory can go back to the system: pyarrow (Arrow text, the CSV
    reader) uses the system allocator rather than its own pool, which keeps what it frees; and
    glibc maps every block of 1 MB or more on its own (a fixed threshold: by default glibc raises
    it after each free, and freed column arrays then stay in the heap)."""
    pa.set_memory_pool(pa.system_memory_pool())
    if _LIBC is not None:
        _LIBC.mallopt(_M_MMAP_THRESHOLD, 1 << 20)


class _Session:
    """A token per browser session, held in a session-scoped cache (see ``_session_ended``)."""

    __slots__ = ("session_id",)

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id


#: session id -> its latest token (a browser that came back and left again has a new one)
_LATEST: dict[str, _Session] = {}


def _session_ended(token: _Session | None) -> None:
    """When a browser disconnects, Streamlit releases its session's cached entries (this is
    their ``on_release``) and keeps the session itself, with its state and uploaded files, for
    ``server.disconnectedSessionTTL`` seconds (120 by default) in case the browser comes back.
    Past that time Streamlit 1.6x only forgets the session, on the next connect or disconnect
    of another one, without shutting it down: its uploaded files stay in memory for good. So
    the session is closed here just before that time, unless the browser came back."""
    if token is None:
        return
    try:
        loop = asyncio.get_running_loop()  # the server's event loop, where sessions are closed
    except RuntimeError:  # not in a server (AppTest, a cache cleared from a script)
        return
    ttl = float(config.get_option("server.disconnectedSessionTTL"))
    # once the time has passed, Streamlit reports the session as gone: close it a second early
    loop.call_later(max(ttl - 1, ttl / 2), _close_if_gone, token)


def _close_if_gone(token: _Session) -> None:
    if _LATEST.get(token.session_id) is not token or not Runtime.exists():
        return  # the browser came back (and if it left again, its new token closes it)
    runtime = Runtime.instance()
    if runtime.is_active_session(token.session_id):
        return
    del _LATEST[token.session_id]
    runtime.close_session(token.session_id)  # state, uploaded files, downloads, caches
    runtime.uploaded_file_mgr.remove_session_files(token.session_id)  # were it forgotten already
    release_memory()


def release_memory() -> None:
    """Collect what a closed session left and hand the freed memory back to the system:
    glibc keeps freed pages in the process (``malloc_trim`` returns them), pyarrow's pool too."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _glibc():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim  # noqa: B018 - glibc has it, other C libraries not
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _glibc()


@st.cache_resource(max_entries=1, show_spinner=False, scope="session", on_release=_session_ended)
def track_session() -> _Session | None:
    """Register the running session, so that it is closed once its browser is gone for good
    (see ``_session_ended``); called on every run, it costs a cache lookup."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    token = _LATEST[ctx.session_id] = _Session(ctx.session_id)
    return token
