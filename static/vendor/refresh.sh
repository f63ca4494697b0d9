#!/usr/bin/env bash
# refresh.sh re-vendors Westward's front-end libraries from the npm registry at the pinned
# versions below, writes VERSIONS (package@version and the registry's integrity hash) and keeps
# each package's licence beside its files. Run it from anywhere; it needs npm and tar. Building
# and running Westward never run it: the files it writes are committed.
set -euo pipefail
cd "$(dirname "$0")"

# package@version  files to keep (paths inside the package)
PACKAGES=(
  "leaflet@1.9.4|LICENSE dist/leaflet.js dist/leaflet.js.map dist/leaflet.css dist/images"
  "world-atlas@2.0.2|LICENSE countries-50m.json countries-110m.json"
  "topojson-client@3.1.0|LICENSE dist/topojson-client.min.js"
)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/VERSIONS"
for entry in "${PACKAGES[@]}"; do
  spec=${entry%%|*}
  files=${entry#*|}
  name=${spec%@*}
  (cd "$tmp" && npm pack "$spec" --silent >/dev/null)
  tgz=$(ls "$tmp"/*.tgz)
  integrity=$(npm view "$spec" dist.integrity)
  mkdir -p "$tmp/x"
  tar xzf "$tgz" -C "$tmp/x"
  rm -rf "./$name"
  mkdir -p "./$name"
  for f in $files; do
    cp -R "$tmp/x/package/$f" "./$name/"
  done
  echo "$spec $integrity" >> "$tmp/VERSIONS"
  rm -rf "$tmp/x" "$tgz"
done
cp "$tmp/VERSIONS" ./VERSIONS
echo "vendored:"; cat ./VERSIONS
