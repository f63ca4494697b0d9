package importer

import (
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/geo/gazetteer"
)

// coastKm is how far outside Natural Earth's 1:50m outline an event's point may lie, the
// tolerance the seed is held to: the outline smooths coasts by a kilometre or two.
const coastKm = 2.0

// countryByName returns the alpha-2 code of a country name, ignoring case and diacritics:
// the atlas knows every name a country goes by.
func (im *Importer) countryByName(name string) (string, bool) { return im.Atlas.Find(name) }

// located is where a row's place was found, or why not.
type located struct {
	point     orb.Point
	precision geo.LocationPrecision
	err       error
}

// locator geocodes the places of one Read and checks its points, remembering answers because
// exports repeat the same few places, with the same coordinates, thousands of times, and a
// point test against a detailed country outline costs tens of microseconds.
type locator struct {
	im     *Importer
	cache  map[[2]string]located
	checks map[pointIn]error
}

// pointIn is a point test: a point and the country it should be in.
type pointIn struct {
	code  string
	point orb.Point
}

func newLocator(im *Importer) *locator {
	return &locator{im: im, cache: map[[2]string]located{}, checks: map[pointIn]error{}}
}

// finish fills the defaults of the fields a row left empty, then checks a built event the way
// the store will, plus its point against its country, so that every accepted row imports.
func (l *locator) finish(e *geo.Event) error {
	e.SetDefaults()
	if err := e.Validate(); err != nil {
		return err
	}
	return l.checkPoint(e.Country, e.Point)
}

// checkPoint is Importer.checkPoint, remembered.
func (l *locator) checkPoint(code string, p orb.Point) error {
	k := pointIn{code, p}
	if err, ok := l.checks[k]; ok {
		return err
	}
	err := l.im.checkPoint(code, p)
	l.checks[k] = err
	return err
}

// locate finds a point for place in the country code when the row gives no coordinates: a
// place that names the country itself gets a representative point inside it (precision
// country); any other place is looked up in the gazetteer and must match a place of that
// country by its full name (precision city). A prefix match ("Kerm" for Kermanshah) is refused,
// because a wrong town is worse than no event.
func (l *locator) locate(place, code string) (orb.Point, geo.LocationPrecision, error) {
	k := [2]string{place, code}
	if r, ok := l.cache[k]; ok {
		return r.point, r.precision, r.err
	}
	var r located
	r.point, r.precision, r.err = l.lookup(place, code)
	l.cache[k] = r
	return r.point, r.precision, r.err
}

func (l *locator) lookup(place, code string) (orb.Point, geo.LocationPrecision, error) {
	if named, ok := l.im.countryByName(place); ok && named == code {
		p, ok := l.im.countryPoint(code)
		if !ok {
			return orb.Point{}, "", fmt.Errorf("no point found inside %s for %q", code, place)
		}
		return p, geo.LocationCountry, nil
	}
	if l.im.Gazetteer == nil {
		return orb.Point{}, "", fmt.Errorf("%q has no coordinates and the importer has no gazetteer to find it", place)
	}
	cands := l.im.Gazetteer.Search(place, code, 1)
	if len(cands) == 0 || cands[0].Country != code {
		return orb.Point{}, "", fmt.Errorf("%q not found in the gazetteer for country %s", place, code)
	}
	c := cands[0]
	if !exactMatch(c) {
		return orb.Point{}, "", fmt.Errorf("%q not found in the gazetteer for country %s (only names starting so, such as %q)", place, code, c.Name)
	}
	if l.checkPoint(code, c.Point) != nil {
		return orb.Point{}, "", fmt.Errorf("%q was found at %s, which is not in %s", place, formatPoint(c.Point), code)
	}
	return c.Point, geo.LocationCity, nil
}

// exactMatch reports whether a candidate matched the query's name in full rather than as a
// prefix. Candidate.Score documents its parts: 1000 for the hinted country, 100 for the comma
// context, 10 for an exact match, plus log10(1+population), which stays below 10.
func exactMatch(c gazetteer.Candidate) bool {
	return math.Mod(c.Score, 100) >= 10
}

// checkPoint returns an error unless p lies in the country code (within coastKm).
func (im *Importer) checkPoint(code string, p orb.Point) error {
	if im.Atlas.Contains(code, p, coastKm) {
		return nil
	}
	if in, ok := im.Atlas.Locate(p); ok {
		return fmt.Errorf("point %s is not in %s (it is in %s)", formatPoint(p), code, in)
	}
	return fmt.Errorf("point %s is not in %s", formatPoint(p), code)
}

// formatPoint writes p as GeoJSON orders it, [lon,lat].
func formatPoint(p orb.Point) string {
	return fmt.Sprintf("[%g,%g]", p[0], p[1])
}

// countryCode resolves a country column: an alpha-2 code the atlas knows, in any case, or a
// country's name.
func (im *Importer) countryCode(s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("country is empty")
	}
	if len(s) == 2 {
		if code := strings.ToUpper(s); im.known(code) {
			return code, nil
		}
	}
	if code, ok := im.countryByName(s); ok {
		return code, nil
	}
	return "", fmt.Errorf("country %q is not a country Westward knows", s)
}

// known reports whether the atlas has the country code.
func (im *Importer) known(code string) bool {
	_, ok := im.Atlas.Name(code)
	return ok
}
