#!/usr/bin/env bash
# Installs what the tests need, then builds hgq4j and runs every test of every module, then smoke-tests the
# ./hgq4j launcher. Extra arguments go to Maven (e.g. ./test.sh -pl model).
#
# System packages are installed with apt-get when running as root or with password-less sudo; otherwise the
# script prints the exact command to run and stops.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# command -> Debian package that provides it. Only what the tests need today.
declare -A NEEDED=(
  [javac]=openjdk-17-jdk-headless
  [tclsh]=tcl
  [make]=make
  [g++]=g++
  [verilator]=verilator
  [iverilog]=iverilog
  [yosys]=yosys
  # promtool checks the server's /metrics text (the server module's OipMetricsPromtoolTest fails without it)
  [promtool]=prometheus
)

# Debian packages that provide no command, checked by name. libxrt-dev: XRT 2.13, which the host runtime's XRT
# binding is tested against (noop driver, no card needed; HGQ4J_SKIP_XRT=1 skips that test elsewhere).
NEEDED_PACKAGES=(libxrt-dev)

missing=()
for cmd in "${!NEEDED[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEEDED[$cmd]}")
done
for pkg in "${NEEDED_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "test.sh: missing system packages; install them with:" >&2
    echo "  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if ((${java_major:-0} < 17)); then
  echo "test.sh: java ${java_major:-?} found, hgq4j needs Java 17 or newer" >&2
  exit 1
fi

./mvnw -B -ntp verify "$@"

# The launcher must run the freshly built command line.
./hgq4j --version
