#!/usr/bin/env bash
# Makes sure a real lldb-dap is available for the debug adapter's tests (Debian's lldb-19 when run as
# root), and prints its path. Exits non-zero, saying why, when it cannot be had.
set -euo pipefail
say() { printf '[lldb setup] %s\n' "$*" >&2; }

for candidate in "${DRIVERKIT_LLDB_DAP:-}" /usr/bin/lldb-dap-19 /usr/bin/lldb-dap /usr/local/bin/lldb-dap; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  say "Installing Debian's lldb-19 (real lldb and lldb-dap for the debugger tests)."
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lldb-19 gcc >&2
  [ -x /usr/bin/lldb-dap-19 ] && { echo /usr/bin/lldb-dap-19; exit 0; }
fi
say "lldb-dap is not installed. On Debian/Ubuntu run: sudo apt-get install lldb-19"
exit 1
