#!/usr/bin/env bash
# Installs every Debian 12 package Gantry needs to build, run and test, and only what is missing.
# Idempotent and quiet when everything is already there. Run as root (or with sudo available).
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git ca-certificates clang-format
  # Qt 6.4
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev libqt6opengl6-dev libqt6sql6-sqlite
  libqt6sql6-psql qt6-qpa-plugins libgl-dev libxkbcommon-dev
  # libraries
  qtkeychain-qt6-dev libssl-dev libyaml-cpp-dev libldap2-dev libtomlplusplus-dev
  libarchive-dev libsqlite3-dev libpq-dev
  # fonts for screenshots
  fonts-dejavu-core fonts-noto-cjk
  # what the tests start
  xvfb xauth x11-utils dbus dbus-x11 gnome-keyring libsecret-tools slapd ldap-utils
  postgresql tinyproxy openssl sqlite3 procps psmisc curl
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${#missing[@]} missing package(s): ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
# slapd asks questions on install and starts a system instance: neither is wanted here.
echo "slapd slapd/no_configuration boolean true" | $SUDO debconf-set-selections
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
