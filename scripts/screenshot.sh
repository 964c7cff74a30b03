#!/usr/bin/env bash
# Render the HTML timeline of an entity and take a screenshot of it with
# headless Chromium (no network, throwaway profile).
#
#   scripts/screenshot.sh [ENTITY] [OUT.png]
#
# Defaults: 小红书, docs/timeline.png. Builds an index of corpus/ in a temporary
# folder unless ZHMINE_INDEX names an existing one. Needs chromium (Debian:
# apt-get install -y chromium fonts-noto-cjk) and cargo.
set -euo pipefail

entity="${1:-小红书}"
out="${2:-docs/timeline.png}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
    echo "screenshot.sh: no chromium found (apt-get install -y chromium)" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --quiet --bin zhmine
zhmine="${CARGO_TARGET_DIR:-$root/target}/debug/zhmine"

index="${ZHMINE_INDEX:-}"
if [ -z "$index" ]; then
    index="$work/index"
    "$zhmine" ingest corpus --index "$index" >/dev/null 2>&1 || true
fi

html="$work/timeline.html"
"$zhmine" timeline --entity "$entity" --html --index "$index" >"$html"

case "$out" in /*) ;; *) out="$root/$out" ;; esac
mkdir -p "$(dirname "$out")"
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$work/profile" --hide-scrollbars \
    --screenshot="$out" --window-size=1400,900 "file://$html" 2>/dev/null
echo "wrote $out"
