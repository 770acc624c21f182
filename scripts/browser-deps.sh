#!/usr/bin/env bash
# Debian's chromium for the browser tests (Playwright cannot download its own browser here).
# Best effort: without chromium the browser tests skip with that reason.
set -u
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "browser-deps: could not install chromium; browser tests will skip"
fi
exit 0
