#!/usr/bin/env bash
# Make Debian's Chromium available for the browser tests. Installs it with apt-get when it is
# missing and we are root; otherwise says loudly that the browser tests will be skipped.
set -u
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null && exit 0
  echo "!!! apt-get could not install chromium." >&2
fi
echo "!!! /usr/bin/chromium is missing and cannot be installed here (not root, or no apt-get):" >&2
echo "!!! the browser tests in tests/browser will be SKIPPED. Install it with: sudo apt-get install chromium" >&2
exit 0
