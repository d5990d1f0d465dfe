#!/usr/bin/env bash
# Make the database engines of tests/test_database.py available: Debian's PostgreSQL server
# (the tests start their own on a free port in a temporary folder) and Java 17 for Spark in
# local mode (pyspark comes from requirements-dev.txt). Installs them with apt-get when missing
# and we are root; otherwise says loudly which tests will be skipped.
set -u
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} for the database tests (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || \
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; } \
    && exit 0
  echo "!!! apt-get could not install ${missing[*]}." >&2
fi
echo "!!! ${missing[*]} missing and cannot be installed here (not root, or no apt-get):" >&2
echo "!!! the PostgreSQL/Spark tests in tests/test_database.py will be SKIPPED." >&2
echo "!!! Install with: sudo apt-get install ${missing[*]}" >&2
exit 0
