#!/usr/bin/env bash
# Runs the whole test suite. On Linux it runs inside a private D-Bus session with an unlocked
# GNOME Keyring and a throwaway HOME, so the keychain tests use a real Secret Service without
# touching the developer's own keyring. The end-to-end tests need Chromium (/usr/bin/chromium or
# CHROMIUM_PATH).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${CB_TEST_SESSION:-}" ]]; then
  node scripts/ensure-native.mjs node
  # The end-to-end tests drive the built renderer through the browser harness.
  node_modules/.bin/electron-vite build --logLevel warn
fi

if [[ "$(uname)" == Linux && -z "${CB_TEST_SESSION:-}" ]] &&
  command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  test_home=$(mktemp -d)
  trap 'rm -rf "$test_home"' EXIT
  status=0
  CB_TEST_SESSION=1 HOME="$test_home" dbus-run-session -- bash -c '
    printf "test" | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
    exec bash scripts/test.sh "$@"' bash "$@" || status=$?
  exit "$status"
fi

exec node_modules/.bin/vitest run "$@"
