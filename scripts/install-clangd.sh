#!/usr/bin/env bash
# Makes sure a real clangd is available for the clangd configuration test (Debian's clangd-19 when
# run as root), and prints its path. Exits non-zero, saying why, when it cannot be had.
set -euo pipefail
say() { printf '[clangd setup] %s\n' "$*" >&2; }

for candidate in "${DRIVERKIT_CLANGD:-}" /usr/bin/clangd-19 /usr/lib/llvm-19/bin/clangd; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  say "Installing Debian's clangd-19 (a real clangd for the generated configuration's test)."
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clangd-19 >&2
  [ -x /usr/bin/clangd-19 ] && { echo /usr/bin/clangd-19; exit 0; }
fi
say "clangd is not installed. On Debian/Ubuntu run: sudo apt-get install clangd-19"
exit 1
