"""Who may see the data: the databases declared in the secrets, and sign-in.

With no ``[connections.NAME]`` entry in ``.streamlit/secrets.toml`` the app serves uploads and
the sample data only, to anyone who can reach it, as before. Once a database is declared, every
visitor signs in first through Streamlit's OpenID Connect login (``st.login``, configured by the
``[auth]`` table of the same file) and sees nothing of the app before; with a database but no
``[auth]`` the app shows only a message saying so. URLs and passwords stay in the secrets: the
pages show connection names only.
"""

from __future__ import annotations

import streamlit as st

from ui.render import plain


def declared_connections() -> dict[str, str]:
    """``{name: url}`` of the ``[connections.NAME]`` entries with a ``url`` (none without a
    secrets file)."""
    try:
        declared = st.secrets.get("connections", {})
    except Exception:  # noqa: BLE001 - no secrets file, or one that is not TOML
        return {}
    return {name: entry["url"] for name, entry in declared.items()
            if hasattr(entry, "get") and isinstance(entry.get("url"), str)}


def _auth_configured() -> bool:
    try:
        auth = st.secrets.get("auth", {})
    except Exception:  # noqa: BLE001 - as above
        return False
    return bool(auth.get("redirect_uri")) and bool(auth.get("cookie_secret"))


def require_sign_in() -> None:
    """Stop the run (``st.stop``) until the visitor has signed in, when a database is
    declared."""
    if not declared_connections():
        return
    if not _auth_configured():
        st.title("CounselCompare")
        st.error("This app serves a database, so visitors must sign in, but sign-in is not "
                 "configured: add an [auth] table (redirect_uri, cookie_secret, client_id, "
                 "client_secret, server_metadata_url) to .streamlit/secrets.toml. Nothing is "
                 "shown until then.", icon=":material/lock:")
        st.stop()
    if not st.user.is_logged_in:
        st.title("CounselCompare")
        st.write("This dashboard shows data from a database: sign in to see it.")
        if st.button("Sign in", type="primary", icon=":material/login:"):
            st.login()
        st.stop()


def signed_in_box() -> None:
    """Who is signed in, and a Sign out button (in the sidebar's foot), when sign-in is on."""
    if not declared_connections() or not st.user.is_logged_in:
        return
    who = st.user.get("email") or st.user.get("name") or "you"
    st.caption(plain(f"Signed in as {who}"))
    if st.button("Sign out", icon=":material/logout:"):
        st.logout()
