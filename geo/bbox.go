package geo

import (
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// ParseBBox parses an OGC API bbox parameter: "minLon,minLat,maxLon,maxLat" in WGS 84 (or six
// numbers with heights, which are checked and ignored). Numbers must be plain decimals: NaN,
// infinities, hex floats and digit separators are refused, as are boxes outside the globe and
// inverted boxes. A box crossing the antimeridian (minLon > maxLon) is refused too: send two
// boxes instead; no event in Westward's data lies near it.
func ParseBBox(s string) (orb.Bound, error) {
	const param = "bbox"
	parts := strings.Split(s, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return orb.Bound{}, ParamError(param, "want 4 numbers minLon,minLat,maxLon,maxLat (or 6 with heights), got %d", len(parts))
	}
	v := make([]float64, len(parts))
	for i, p := range parts {
		f, err := parseDecimal(strings.TrimSpace(p))
		if err != nil {
			return orb.Bound{}, ParamError(param, "value %d (%q) is not a decimal number", i+1, p)
		}
		v[i] = f
	}
	minLon, minLat, maxLon, maxLat := v[0], v[1], v[2], v[3]
	if len(v) == 6 {
		minLon, minLat, maxLon, maxLat = v[0], v[1], v[3], v[4]
		if v[2] > v[5] {
			return orb.Bound{}, ParamError(param, "minimum height %g is above maximum height %g", v[2], v[5])
		}
	}
	switch {
	case minLon < -180 || maxLon > 180:
		return orb.Bound{}, ParamError(param, "longitudes must lie in [-180, 180]")
	case minLat < -90 || maxLat > 90:
		return orb.Bound{}, ParamError(param, "latitudes must lie in [-90, 90]")
	case minLat > maxLat:
		return orb.Bound{}, ParamError(param, "minLat %g is above maxLat %g", minLat, maxLat)
	case minLon > maxLon:
		return orb.Bound{}, ParamError(param, "minLon %g is east of maxLon %g; boxes across the antimeridian are not supported, send two", minLon, maxLon)
	}
	return orb.Bound{Min: orb.Point{minLon, minLat}, Max: orb.Point{maxLon, maxLat}}, nil
}

// parseDecimal accepts only what a person writes as a decimal number: an optional sign,
// digits, an optional fraction and an optional exponent. strconv.ParseFloat alone would also
// take "NaN", "Inf", "0x1p4" and "1_0".
func parseDecimal(s string) (float64, error) {
	if s == "" {
		return 0, strconv.ErrSyntax
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == 'e' || r == 'E':
		case (r == '+' || r == '-') && (i == 0 || s[i-1] == 'e' || s[i-1] == 'E'):
		default:
			return 0, strconv.ErrSyntax
		}
	}
	if digits == 0 {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseFloat(s, 64)
}
