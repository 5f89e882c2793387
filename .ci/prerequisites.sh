#!/bin/sh
# Installs what building and testing cjnb needs beyond the Swift toolchain, when it is missing:
# libedit's headers and pkg-config (the line editor), zlib's headers (unzipping .xlsx workbooks),
# tmux (the terminal end-to-end tests).
# apt-get as root or through sudo on Debian and Ubuntu; Homebrew on macOS.
set -e

have_libedit() {
  if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libedit 2>/dev/null; then return 0; fi
  [ -f /usr/include/editline/readline.h ] && command -v pkg-config >/dev/null 2>&1
}

missing=""
have_libedit || missing="$missing libedit-dev pkg-config"
have_zlib() {
  if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists zlib 2>/dev/null; then return 0; fi
  [ "$(uname -s)" = Darwin ]  # macOS has zlib in its SDK
}
have_zlib || missing="$missing zlib1g-dev"
command -v tmux >/dev/null 2>&1 || missing="$missing tmux"
[ -z "$missing" ] && exit 0

case "$(uname -s)" in
  Darwin)
    if command -v brew >/dev/null 2>&1; then
      brew install libedit pkg-config tmux zlib
      exit 0
    fi
    echo "cjnb needs libedit, pkg-config and tmux: install Homebrew (https://brew.sh), then: brew install libedit pkg-config tmux zlib" >&2
    exit 1
    ;;
esac

if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    sudo=""
  elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "cjnb needs:$missing. Run as root, or install them: apt-get install$missing" >&2
    exit 1
  fi
  echo "installing$missing (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Package lists on a fresh machine may be empty or stale: update when the install cannot find them.
  $sudo apt-get install -y -q $missing >/dev/null 2>&1 || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q $missing >/dev/null; }
  exit 0
fi

echo "cjnb needs:$missing; install them with your system's package manager" >&2
exit 1
