// Package country holds Natural Earth country shapes (the world-atlas
// TopoJSON vendored under static/vendor/world-atlas) so that Westward can
// check that an event's coordinate lies in the country it claims, with a
// tolerance for coastal venues that the generalised coastline cuts off, and
// can name countries by their ISO 3166-1 alpha-2 code.
package country

import (
	"errors"
	"math"
	"slices"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// kmPerDegree is the length of one degree of latitude (mean Earth radius
// 6371.0088 km), used for the local projection behind the tolerance.
const kmPerDegree = 111.195

// byName keys the features that world-atlas ships without an id. Kosovo has
// its own user-assigned code; Somaliland and N. Cyprus have no ISO code and
// are folded into the ISO country whose territory they are in, so points
// there still match "SO" and "CY". Siachen Glacier (disputed) and
// "Indian Ocean Ter." (CX and CC in one feature) are dropped.
var byName = map[string]string{
	"Kosovo":     "XK",
	"Somaliland": "SO",
	"N. Cyprus":  "CY",
}

// Atlas is a set of country shapes keyed by alpha-2 code. It is immutable
// after Parse and therefore safe for concurrent use.
type Atlas struct {
	byCode map[string]*entry
	codes  []string // sorted; also the deterministic order of Locate

	centres sync.Map // alpha-2 → orb.Point, filled by Representative

	namesOnce sync.Once
	byFolded  map[string]string // folded name or alias → alpha-2, built by Find
}

// entry is one country: every polygon of every feature mapped to its code,
// with bounds precomputed so most points are rejected without a ring walk.
type entry struct {
	name      string
	nameRank  float64 // area of the bound the name came from; larger wins
	bound     orb.Bound
	polygons  []orb.Polygon
	polBounds []orb.Bound
}

// Parse decodes the "countries" object of a world-atlas TopoJSON file
// (countries-50m.json or countries-110m.json), because that is the only
// country geometry Westward vendors. Features are keyed by alpha-2 code; it
// returns an error, never panics, on malformed input.
func Parse(topojson []byte) (*Atlas, error) {
	features, err := decodeCountries(topojson)
	if err != nil {
		return nil, err
	}
	a := &Atlas{byCode: make(map[string]*entry)}
	for _, f := range features {
		code, ok := Alpha2(f.id)
		rank := 0.0 // name-keyed features never name the country
		if ok {
			rank = 1
		} else if code, ok = byName[f.name]; !ok {
			continue
		}
		if len(f.mp) == 0 {
			continue
		}
		e := a.byCode[code]
		if e == nil {
			e = &entry{bound: f.mp.Bound(), nameRank: -1}
			a.byCode[code] = e
			a.codes = append(a.codes, code)
		}
		b := f.mp.Bound()
		// world-atlas gives "036" to both Australia and Ashmore and
		// Cartier Is.: the larger feature names the country.
		if rank > 0 {
			rank = 1 + (b.Max[0]-b.Min[0])*(b.Max[1]-b.Min[1])
		}
		if rank > e.nameRank {
			e.name, e.nameRank = f.name, rank
		}
		e.bound = e.bound.Union(b)
		for _, poly := range f.mp {
			e.polygons = append(e.polygons, poly)
			e.polBounds = append(e.polBounds, poly.Bound())
		}
	}
	if len(a.codes) == 0 {
		return nil, errors.New("country: objects.countries has no recognised countries")
	}
	slices.Sort(a.codes)
	return a, nil
}

// Contains reports whether p ([lon, lat]) lies inside the country alpha2 or
// within toleranceKm of its boundary, because venues on the coast often fall
// just outside Natural Earth's generalised coastline. The boundary includes
// land borders, so a tolerance also admits points just across a border.
// Unknown codes report false.
func (a *Atlas) Contains(alpha2 string, p orb.Point, toleranceKm float64) bool {
	e, ok := a.byCode[alpha2]
	if !ok {
		return false
	}
	if e.contains(p) {
		return true
	}
	if !(toleranceKm > 0) {
		return false
	}
	dLat := toleranceKm / kmPerDegree
	cos := math.Cos(p[1] * math.Pi / 180)
	dLon := 360.0
	if cos*360 > dLat {
		dLon = dLat / cos
	}
	if !near(e.bound, p, dLon, dLat) {
		return false
	}
	tol2 := toleranceKm * toleranceKm
	for i, poly := range e.polygons {
		if !near(e.polBounds[i], p, dLon, dLat) {
			continue
		}
		for _, ring := range poly {
			if ringDist2(ring, p, cos) <= tol2 {
				return true
			}
		}
	}
	return false
}

// Locate returns the country whose polygons contain p ([lon, lat]), with no
// tolerance, so callers can say which country a coordinate is actually in.
// Points exactly on a shared border go to the alphabetically first code.
func (a *Atlas) Locate(p orb.Point) (alpha2 string, ok bool) {
	for _, code := range a.codes {
		if a.byCode[code].contains(p) {
			return code, true
		}
	}
	return "", false
}

// Name returns Natural Earth's name for alpha2 (e.g. "Afghanistan"), for
// display; ok is false if the atlas has no such country.
func (a *Atlas) Name(alpha2 string) (string, bool) {
	e, ok := a.byCode[alpha2]
	if !ok {
		return "", false
	}
	return e.name, true
}

// Codes returns the sorted alpha-2 codes present in the atlas, so callers
// can enumerate or validate against them. The slice is a fresh copy.
func (a *Atlas) Codes() []string {
	return slices.Clone(a.codes)
}

// Names maps every code in the atlas to its name.
func (a *Atlas) Names() map[string]string {
	names := make(map[string]string, len(a.codes))
	for _, code := range a.codes {
		if n, ok := a.Name(code); ok {
			names[code] = n
		}
	}
	return names
}

// contains is the exact point-in-country test, bounds first.
func (e *entry) contains(p orb.Point) bool {
	if !e.bound.Contains(p) {
		return false
	}
	for i, poly := range e.polygons {
		if e.polBounds[i].Contains(p) && planar.PolygonContains(poly, p) {
			return true
		}
	}
	return false
}

// near reports whether p is inside b padded by dLon/dLat degrees, also
// trying p shifted by a full turn so bounds touching ±180° work.
func near(b orb.Bound, p orb.Point, dLon, dLat float64) bool {
	if p[1] < b.Min[1]-dLat || p[1] > b.Max[1]+dLat {
		return false
	}
	for _, x := range [3]float64{p[0], p[0] - 360, p[0] + 360} {
		if x >= b.Min[0]-dLon && x <= b.Max[0]+dLon {
			return true
		}
	}
	return false
}

// ringDist2 is the squared distance in km² from p to the nearest segment of
// ring, in a local equirectangular projection centred on p (cos = cos(lat)).
func ringDist2(ring orb.Ring, p orb.Point, cos float64) float64 {
	best := math.Inf(1)
	if len(ring) == 0 {
		return best
	}
	proj := func(q orb.Point) (float64, float64) {
		dx := math.Remainder(q[0]-p[0], 360)
		return dx * cos * kmPerDegree, (q[1] - p[1]) * kmPerDegree
	}
	ax, ay := proj(ring[0])
	for _, q := range ring[1:] {
		bx, by := proj(q)
		// nearest point to the origin on segment a→b
		dx, dy := bx-ax, by-ay
		t := 0.0
		if l := dx*dx + dy*dy; l > 0 {
			t = min(1, max(0, -(ax*dx+ay*dy)/l))
		}
		cx, cy := ax+t*dx, ay+t*dy
		best = min(best, cx*cx+cy*cy)
		ax, ay = bx, by
	}
	return best
}

// Polygons returns the shapes of alpha2 (nil if unknown), for drawing the same basemap the
// page draws. The polygons are the atlas's own: callers must not modify them.
func (a *Atlas) Polygons(alpha2 string) []orb.Polygon {
	if e := a.byCode[alpha2]; e != nil {
		return e.polygons
	}
	return nil
}
