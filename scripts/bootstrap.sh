#!/usr/bin/env bash
# Installs what digestpin's tests and demo need, and only what is missing:
#   skopeo, docker-registry (the distribution registry), htpasswd (apache2-utils), and as root
#   containerd (for the pull test) via apt-get,
#   and the npm dependencies via `npm ci`. Safe to run again: it does nothing when all is there.
set -uo pipefail
cd "$(dirname "$0")/.."

missing_pkgs=()
command -v skopeo >/dev/null 2>&1 || missing_pkgs+=(skopeo)
command -v docker-registry >/dev/null 2>&1 || missing_pkgs+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || missing_pkgs+=(apache2-utils)
# containerd: the pull test (test/integration/attestations.test.ts) starts its own, as root only
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  command -v containerd >/dev/null 2>&1 || missing_pkgs+=(containerd)
fi

failed=()
if [ ${#missing_pkgs[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    failed+=("${missing_pkgs[@]} (no apt-get here: install them with your package manager)")
  else
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null 2>&1; then sudo=(sudo -n); else
        failed+=("${missing_pkgs[@]} (not root and no sudo: run 'apt-get install -y ${missing_pkgs[*]}' as root)")
        missing_pkgs=()
      fi
    fi
    if [ ${#missing_pkgs[@]} -gt 0 ]; then
      echo "bootstrap: installing ${missing_pkgs[*]} with apt-get" >&2
      export DEBIAN_FRONTEND=noninteractive
      "${sudo[@]}" apt-get update -qq >&2 || true
      if ! "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}" >&2; then
        failed+=("${missing_pkgs[@]} (apt-get install failed; see above)")
      fi
    fi
  fi
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  failed+=("Node.js >= 20 (found: $(node --version 2>/dev/null || echo none))")
fi

# npm ci only when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "bootstrap: npm ci" >&2
  npm ci --no-audit --no-fund >&2 || failed+=("npm dependencies (npm ci failed; see above)")
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "bootstrap: could not install:" >&2
  for f in "${failed[@]}"; do echo "  - $f" >&2; done
  exit 1
fi
echo "bootstrap: ready (skopeo $(skopeo --version | awk '{print $3}'), $(docker-registry --version 2>/dev/null | awk '{print $NF}' | head -1), node $(node --version))" >&2
