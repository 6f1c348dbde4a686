#!/usr/bin/env bash
# One entry point for a fresh Debian/Ubuntu machine:
#   bash scripts/dev.sh report   set up if needed, then render 土门关乡 2024 (TOWNSHIP=…, YEAR=… to change)
#   bash scripts/dev.sh test     set up if needed, then ruff, mypy and the test suite
#   bash scripts/dev.sh setup    only set up: system packages, fonts, .venv with fazhi installed
# System packages are installed with apt-get when missing and running as root; otherwise the
# exact command to run is printed. Nothing is downloaded at render time.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
APT_PACKAGES=(python3 python3-venv chromium fonts-noto-cjk poppler-utils fonts-arphic-gkai00mp fonts-arphic-gbsn00lp)

say() { printf '%s\n' "$*" >&2; }

missing_apt_packages() {
  local pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || printf '%s ' "$pkg"
  done
}

ensure_system() {
  command -v dpkg-query >/dev/null || { say "不是 Debian/Ubuntu 系统：请自行安装 ${APT_PACKAGES[*]} 的等价软件包。"; return 0; }
  local missing
  missing=$(missing_apt_packages)
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" = 0 ]; then
    say "正在安装系统软件包：$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    say "缺少系统软件包：$missing"
    say "请运行：sudo apt-get update && sudo apt-get install -y $missing"
    exit 1
  fi
}

ensure_fonts() {
  bash scripts/install_fonts.sh
}

ensure_venv() {
  local stamp="$VENV/.fazhi-installed"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    say "正在准备 Python 环境（$VENV）…"
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[dev]"
    touch "$stamp"
  fi
}

setup() { ensure_system; ensure_fonts; ensure_venv; }

case "${1:-help}" in
  setup) setup ;;
  report)
    shift; setup
    exec "$VENV/bin/fazhi" render --township "${TOWNSHIP:-土门关乡}" --year "${YEAR:-2024}" "$@" ;;
  test)
    shift; setup
    # static checks first (seconds): lint and import order, then strict types
    "$VENV/bin/ruff" check fazhi tests scripts
    "$VENV/bin/mypy"
    exec "$VENV/bin/python" -m pytest "$@" ;;
  *) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
