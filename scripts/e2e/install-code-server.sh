#!/usr/bin/env bash
# Installs code-server (VS Code for the Web, from the npm registry) into a cache folder outside the
# repository, once; later runs reuse it. Prints the path of the code-server executable on stdout,
# everything else on stderr. Used by `npm start` and the end-to-end tests.
#
# Environment: DRIVERKIT_CACHE (default ~/.cache/vscode-driverkit), CODE_SERVER_VERSION.
set -euo pipefail

version="${CODE_SERVER_VERSION:-4.100.3}"
cache="${DRIVERKIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vscode-driverkit}"
dest="$cache/code-server-$version"
bin="$dest/node_modules/.bin/code-server"
say() { printf '[code-server setup] %s\n' "$*" >&2; }

if [ -x "$bin" ] && [ -f "$dest/.complete" ]; then
  echo "$bin"
  exit 0
fi

# Native modules of VS Code need these headers, the tests need Chromium, and ripgrep stands in for
# the binary @vscode/ripgrep would otherwise download.
packages=(build-essential pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing Debian packages: ${missing[*]}"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  else
    say "Missing Debian packages: ${missing[*]}. Install them (as root: apt-get install -y ${missing[*]}) and run again."
    exit 1
  fi
fi

# @vscode/ripgrep looks for its release tarball in a cache under the temp folder before it tries to
# download; put Debian's rg there under every name the pinned code-server may ask for.
tmp="$(node -p 'require("os").tmpdir()')"
staging="$(mktemp -d)"
cp "$(command -v rg)" "$staging/rg"
for pkg in 1.15.9 1.15.10 1.15.11 1.15.12 1.15.13 1.15.14; do
  for tag in v13.0.0-10 v13.0.0-13 v13.0.0-4; do
    mkdir -p "$tmp/vscode-ripgrep-cache-$pkg"
    tar -czf "$tmp/vscode-ripgrep-cache-$pkg/ripgrep-$tag-x86_64-unknown-linux-musl.tar.gz" -C "$staging" rg
  done
done
rm -rf "$staging"

say "Installing code-server $version into $dest (builds native modules; takes a few minutes, once)."
mkdir -p "$dest"
rm -f "$dest/.complete"
(
  cd "$dest"
  [ -f package.json ] || echo '{"name":"driverkit-code-server-cache","private":true}' > package.json
  npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --loglevel=error "code-server@$version" >&2
)
[ -x "$bin" ] || { say "code-server did not install: $bin is missing."; exit 1; }
touch "$dest/.complete"
say "code-server $version is ready."
echo "$bin"
