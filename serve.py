"""Start the dashboard: ``python serve.py run dashboard.py [streamlit options]``.

The same as ``streamlit run``, except that the server's own addresses are set before it starts:
Streamlit's check of a foreign ``Origin`` header would otherwise look the server's external IP
up at a public address (checkip.amazonaws.com) on every such request. The app serves this machine
only, so the answer is known: nothing is ever looked up outside.
"""

import sys

import streamlit.net_util as net_util

LOCAL = "127.0.0.1"


def main() -> None:
    # Private names of streamlit.net_util (1.6x): the cached answers of get_external_ip() and
    # get_internal_ip(); tests/browser/test_offline.py fails if they stop taking effect.
    net_util._external_ip = LOCAL
    net_util._internal_ip = LOCAL
    from streamlit.web.cli import main as streamlit

    sys.exit(streamlit(prog_name="streamlit"))


if __name__ == "__main__":
    main()
