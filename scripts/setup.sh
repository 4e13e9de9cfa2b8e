#!/usr/bin/env bash
# One-time set-up on a fresh machine: npm packages, Debian's Jupyter packages when missing, the tslab kernel
# registered inside the project (.jupyter/), then the demo migration on the embedded sandbox.
# Usage: bash scripts/setup.sh [--no-demo]
set -euo pipefail
cd "$(dirname "$0")/.."

JUPYTER_PACKAGES="jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-client jupyter-core jupyter-notebook"

step() { printf '\n== %s\n' "$*"; }

step "npm packages"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi

step "Jupyter (Debian packages)"
if /usr/bin/python3 -c 'import nbclient, nbconvert, ipykernel, notebook' 2>/dev/null; then
  echo "already installed"
else
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then SUDO=sudo; else
      echo "Jupyter is missing and this user cannot install Debian packages. Ask an administrator to run:" >&2
      echo "  apt-get install -y --no-install-recommends $JUPYTER_PACKAGES" >&2
      exit 1
    fi
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $JUPYTER_PACKAGES >/dev/null
  echo "installed: $JUPYTER_PACKAGES"
fi

step "tslab kernel (project-local, .jupyter/)"
npx --no-install tslab install --python=/usr/bin/python3 --binary=tslab --prefix=.jupyter >/dev/null
echo "registered in .jupyter/share/jupyter/kernels"

if [ "${1:-}" != "--no-demo" ]; then
  step "demo on the embedded sandbox"
  npm run --silent demo
fi
