#!/usr/bin/env bash
# Makes sure a Chromium for the end-to-end tests and the benchmark is present: CHROMIUM_PATH, or Debian's
# chromium package, which this installs with apt-get when it is missing and we are root (as on CI and fresh
# dev machines). With --upgrade (CI's way) it also brings an installed package up to Debian's current
# build, so CI tests the browser a newcomer gets, not the one this machine happened to install months ago.
# Every run ends by naming the binary and its version, so a log shows which browser passed or failed.
set -euo pipefail

upgrade=false
if [ "${1:-}" = "--upgrade" ]; then upgrade=true; fi

# The same order as scripts/chromium.ts (browserBinary): the real binary before Debian's wrapper script,
# which prints a harmless shell error on every start.
find_chromium() {
  for candidate in "${CHROMIUM_PATH:-}" /usr/lib/chromium/chromium /usr/bin/chromium /usr/bin/google-chrome \
    /opt/google/chrome/chrome /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

can_apt() { [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; }

if [ -z "${CHROMIUM_PATH:-}" ] && can_apt; then
  if ! find_chromium >/dev/null; then
    echo "Chromium is missing: installing Debian's chromium package for the browser tests…"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  elif $upgrade && dpkg -s chromium >/dev/null 2>&1; then
    # A failed upgrade (no network, a held package) is not a failed test run: the log says which browser ran.
    echo "Bringing Debian's chromium package up to date (apt-get install --only-upgrade chromium)…"
    if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --only-upgrade chromium; }; then
      echo "Could not upgrade chromium; the tests use the installed one." >&2
    fi
  fi
fi

if ! binary="$(find_chromium)"; then
  echo "The browser tests need Chromium. Install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH." >&2
  exit 1
fi
version="$("$binary" --version 2>/dev/null | head -n 1 || true)"
echo "Browser for the tests: ${version:-unknown version} ($binary)"
