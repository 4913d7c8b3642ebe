#!/usr/bin/env bash
# Re-fetches the overlay's vendored libraries (three.js, @pixiv/three-vrm) from npm at the pinned
# versions, copies the files the overlay serves, and checks them against the recorded SHA-256 sums.
#   scripts/vendor-overlay.sh           fetch with `npm pack`, copy, verify
#   scripts/vendor-overlay.sh --check   verify the files in the tree only (no network)
#   scripts/vendor-overlay.sh --record  fetch, copy and write new sums (after changing a version here)
# The overlay loads nothing from the internet: these files are served from the jar.
set -euo pipefail
cd "$(dirname "$0")/.."

THREE_VERSION=0.180.0
VRM_VERSION=3.5.5
VENDOR=server/src/main/resources/overlay/vendor
SUMS="$VENDOR/SHA256SUMS"

verify() {
  (cd "$VENDOR" && sha256sum --check --strict --quiet SHA256SUMS) \
    && echo "vendor-overlay: every file matches $SUMS"
}

if [ "${1:-}" = "--check" ]; then
  verify
  exit
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "three@$THREE_VERSION" "@pixiv/three-vrm@$VRM_VERSION" >/dev/null)
mkdir -p "$work/three" "$work/vrm"
tar -xzf "$work/three-$THREE_VERSION.tgz" -C "$work/three" --strip-components=1
tar -xzf "$work/pixiv-three-vrm-$VRM_VERSION.tgz" -C "$work/vrm" --strip-components=1

mkdir -p "$VENDOR/three/addons/loaders" "$VENDOR/three/addons/utils" "$VENDOR/three-vrm"
cp "$work/three/build/three.module.min.js" "$work/three/build/three.core.min.js" "$work/three/LICENSE" "$VENDOR/three/"
cp "$work/three/examples/jsm/loaders/GLTFLoader.js" "$VENDOR/three/addons/loaders/"
cp "$work/three/examples/jsm/utils/BufferGeometryUtils.js" "$VENDOR/three/addons/utils/"
cp "$work/vrm/lib/three-vrm.module.min.js" "$work/vrm/LICENSE" "$VENDOR/three-vrm/"

if [ "${1:-}" = "--record" ]; then
  (cd "$VENDOR" && find three three-vrm -type f | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)
  echo "vendor-overlay: recorded $SUMS (three $THREE_VERSION, three-vrm $VRM_VERSION)"
fi
verify
