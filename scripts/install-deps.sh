#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the kiosk need; skips what is there.
set -euo pipefail
packages=(
  build-essential cmake pkg-config python3
  libimgui-dev libstb-dev libglfw3-dev python3-glad
  # the kiosk presents only what changed on a software renderer through GLX/X11 directly
  libx11-dev
  libsqlite3-dev sqlite3 catch2 libtomlplusplus-dev
  fonts-dejavu-core
  xvfb xauth libgl1-mesa-dri libglx-mesa0
  clang-14 libclang-rt-14-dev
  # the hub (tests start their own server as an unprivileged user)
  postgresql libpq-dev
  # PIN hashing (Argon2id)
  libsodium-dev
  # the report (PDF/PNG) and the workbook, and the tools the tests read them back with
  libcairo2-dev libpango1.0-dev libxlsxwriter-dev poppler-utils
  # LibreOffice reads the workbook back as a spreadsheet would (the ballots sheets' compact cells)
  libreoffice-calc-nogui
  # languages: bidi, Arabic/Ethiopic fonts, icons, read aloud
  libfribidi-dev fonts-noto-core fonts-font-awesome libespeak-ng-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
