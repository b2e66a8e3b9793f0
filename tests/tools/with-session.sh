#!/usr/bin/env bash
# Runs a command the way a desktop user would have it: on its own X server (Xvfb, 1280x800), in its
# own D-Bus session with an unlocked gnome-keyring for QtKeychain, with a private HOME so the test
# never touches the real user's keyring or settings.
#   with-session.sh COMMAND [ARGS...]
set -euo pipefail
if [ "${GANTRY_IN_SESSION:-}" != 1 ]; then
  for tool in xvfb-run dbus-run-session gnome-keyring-daemon; do
    command -v "$tool" >/dev/null || { echo "with-session.sh: needs $tool (installer/install-deps.sh)" >&2; exit 1; }
  done
  home=$(mktemp -d)
  trap 'rm -rf "$home"' EXIT
  export HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
         XDG_RUNTIME_DIR="$home/run" GANTRY_IN_SESSION=1
  mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  status=0
  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$0" "$@" || status=$?
  exit $status
fi
# Inside the session: unlock a fresh login keyring (the password is only this test's).
eval "$(printf 'gantry-test\n' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
unset QT_QPA_PLATFORM
exec "$@"
