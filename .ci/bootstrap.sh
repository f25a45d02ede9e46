#!/usr/bin/env bash
# Sets up 院办通 on a fresh Debian 12+ / Ubuntu 22.04+ machine (Python 3.11 or newer),
# then runs it or its tests.
#   bash .ci/bootstrap.sh run  [ARGS...]   start the program (ARGS go to main.py)
#   bash .ci/bootstrap.sh test [ARGS...]   run the whole test suite (ARGS go to pytest)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}; shift || true

# System libraries Qt needs even offscreen, the libxcb set for a real window, and
# poppler/xvfb used by tests and screenshots. Installed only when missing.
pkgs="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 poppler-utils"
missing=""
for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "安装系统依赖 / installing system packages:$missing"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

# The newest Python 3.11 or later found ($PYTHON overrides). A candidate must actually
# run: pyenv shims exist for versions that are not selected and fail when called.
version_of() {  # prints X.Y; fails if it does not run or is older than 3.11
  "$1" -c 'import sys; v = sys.version_info; print("%d.%d" % v[:2]); sys.exit(v < (3, 11))' 2>/dev/null
}
py=${PYTHON:-}; ver=""
if [ -n "$py" ]; then
  ver=$(version_of "$py") || { echo "PYTHON=$py 不是 Python 3.11 或更新版本 / is not Python 3.11 or newer" >&2; exit 1; }
else
  for c in python3.13 python3.12 python3.11 python3; do
    command -v "$c" >/dev/null 2>&1 || continue
    v=$(version_of "$c") || continue
    if [ -z "$ver" ] || [ "$(printf '%s\n%s\n' "$ver" "$v" | sort -V | tail -n 1)" != "$ver" ]; then py=$c; ver=$v; fi
  done
fi
[ -n "$py" ] || { echo "需要 Python 3.11 或更新版本 / Python 3.11 or newer is required (apt-get install python3 python3-venv)" >&2; exit 1; }
echo "使用 Python $ver / using Python $ver: $(command -v "$py")"
# Debian's system Python needs python3.X-venv (ensurepip) before it can make a venv.
if ! "$py" -c 'import ensurepip' >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "python$ver-venv" >/dev/null \
    || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
fi

stamp=.venv/.installed
have=$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)
if [ "$have" != "$ver" ] || [ pyproject.toml -nt "$stamp" ]; then
  clear=""; [ -n "$have" ] && [ "$have" != "$ver" ] && clear="--clear"  # another Python's venv
  "$py" -m venv $clear .venv
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e '.[test]'
  touch "$stamp"
fi

case "$mode" in
  run)  exec .venv/bin/python main.py "$@" ;;
  test)
    .venv/bin/lint-imports
    .venv/bin/ruff check .
    .venv/bin/python -m mypy db desktop/services desktop/reports
    exec .venv/bin/python -m pytest -q "$@" ;;
  *) echo "usage: bash .ci/bootstrap.sh run|test" >&2; exit 2 ;;
esac
