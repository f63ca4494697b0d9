package importer

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/westward/westward/geo"
)

// csvColumns are the columns of Westward's CSV, the ones the reader recognises a file by; the
// enumerated fields' columns are geo.EventEnums', those that qualify the point after it.
// Columns, which describes them, is held equal to it by TestColumnsAreTheReaders.
var csvColumns = slices.Concat([]string{"id", "title", "summary", "date", "end_date"}, enumColumns(false),
	[]string{"place", "country", "longitude", "latitude"}, enumColumns(true),
	[]string{"tags", "notes", "source", "quote", "killed", "injured", "detained"})

// enumColumns names the columns of the enumerated fields that qualify the point, or the others.
func enumColumns(point bool) []string {
	var out []string
	for _, f := range geo.EventEnums {
		if f.Point == point {
			out = append(out, f.Property)
		}
	}
	return out
}

// csvReader reads the rows of a Westward CSV.
type csvReader struct {
	im       *Importer
	loc      *locator
	sourceID string
}

func (cr *csvReader) read(rec record) (string, *geo.Event, error) {
	id := rec.get("id")
	date, err := parseEDTF("date", rec.get("date"))
	if err != nil {
		return id, nil, err
	}
	kind := rec.get("kind")
	place := rec.get("place")
	if id == "" {
		id = derivedID(date, place, kind)
	}
	e := &geo.Event{
		ID:      id,
		Title:   rec.get("title"),
		Summary: rec.get("summary"),
		Date:    date,
		Place:   place,
		Notes:   rec.get("notes"),
		Tags:    splitTags(rec.get("tags")),
	}
	for _, f := range geo.EventEnums {
		f.Set(e, rec.get(f.Property)) // an empty one gets its default in finish (geo.Event.SetDefaults)
	}
	if s := rec.get("end_date"); s != "" {
		end, err := parseEDTF("end_date", s)
		if err != nil {
			return id, nil, err
		}
		e.EndDate = &end
	}
	if e.Country, err = cr.im.countryCode(rec.get("country")); err != nil {
		return id, nil, err
	}
	if place == "" {
		return id, nil, fmt.Errorf("place is empty")
	}

	cite := geo.Citation{SourceID: rec.get("source")}
	if cite.SourceID == "" {
		cite.SourceID = cr.sourceID
	}
	if cite.SourceID == "" {
		return id, nil, fmt.Errorf("source is empty and no default source was given")
	}
	if q := rec.get("quote"); q != "" {
		cite.Quotes = []string{q}
	} else {
		return id, nil, fmt.Errorf("quote is empty: a citation needs the source's own words")
	}
	for _, m := range geo.Measures {
		s := rec.get(string(m))
		if s == "" {
			continue
		}
		n, err := parseCount(string(m), s)
		if err != nil {
			return id, nil, err
		}
		cite.Figures = append(cite.Figures, geo.Figure{Measure: m, Value: n, Qualifier: geo.QualifierExact})
	}
	e.Citations = []geo.Citation{cite}

	pt, given, err := parsePoint(rec.get("longitude"), rec.get("latitude"))
	if err != nil {
		return id, nil, err
	}
	if given {
		// the precision of a point the file gives is a fact only the file knows: never guessed
		if rec.get("location_precision") == "" {
			return id, nil, fmt.Errorf("location_precision is empty but longitude and latitude are given; say how exact the point is (city, region, …) or leave the coordinates empty for the geocoder")
		}
		e.Point = pt // with the row's location_precision, read above
	} else if e.Point, e.LocationPrecision, err = cr.loc.locate(place, e.Country); err != nil {
		return id, nil, err
	}
	return id, e, cr.loc.finish(e)
}

// derivedID is the id of a CSV row without one: its date, place and kind as a slug
// ("2024-03-22-kerman-attack"), so the same row always gets the same id. A place written in a
// script the slug cannot hold is replaced by a digest of it.
func derivedID(date geo.Date, place, kind string) string {
	p := slugify(place)
	if p == "" {
		p = "place-" + stableHash(place)[:8]
	}
	k := slugify(kind)
	if k == "" {
		k = "event"
	}
	return date.String() + "-" + p + "-" + k
}

// DerivedID is the id the importer gives a row without one, for the editor's form to propose
// the same id a CSV row would get: one rule, written once.
func DerivedID(date, place, kind string) (string, error) {
	d, err := parseEDTF("date", date)
	if err != nil {
		return "", err
	}
	return derivedID(d, place, kind), nil
}

// parseEDTF parses a date column as an EDTF date.
func parseEDTF(column, s string) (geo.Date, error) {
	if s == "" {
		return geo.Date{}, fmt.Errorf("%s is empty", column)
	}
	d, err := geo.ParseDate(s)
	if err != nil {
		return geo.Date{}, fmt.Errorf("%s %q is not an EDTF date (2024-03-22, 2024-03, 2024)", column, s)
	}
	return d, nil
}

// splitTags splits a ";"-separated tag list, dropping empty items.
func splitTags(s string) []string {
	var tags []string
	for t := range strings.SplitSeq(s, ";") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}

// decimal is the only number syntax a coordinate may have: strconv.ParseFloat would also take
// "NaN", "Inf", hexadecimal ("0x1p4") and underscores, none of which a coordinate means.
var decimal = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)

// parseCoordinate parses a longitude or latitude and checks its range.
func parseCoordinate(column, s string, limit float64) (float64, error) {
	if !decimal.MatchString(s) {
		return 0, fmt.Errorf("%s %q is not a number", column, s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a number", column, s)
	}
	if v < -limit || v > limit {
		return 0, fmt.Errorf("%s %s is out of range (-%g to %g)", column, s, limit, limit)
	}
	return v, nil
}

// parsePoint parses a row's coordinates; given is false when both are empty.
func parsePoint(lonText, latText string) (p orb.Point, given bool, err error) {
	switch {
	case lonText == "" && latText == "":
		return orb.Point{}, false, nil
	case lonText == "":
		return orb.Point{}, false, fmt.Errorf("longitude is empty but latitude is %q; give both or neither", latText)
	case latText == "":
		return orb.Point{}, false, fmt.Errorf("latitude is empty but longitude is %q; give both or neither", lonText)
	}
	lon, err := parseCoordinate("longitude", lonText, 180)
	if err != nil {
		return orb.Point{}, false, err
	}
	lat, err := parseCoordinate("latitude", latText, 90)
	if err != nil {
		return orb.Point{}, false, err
	}
	return orb.Point{lon, lat}, true, nil
}

// wholeNumber is the syntax of a count: digits only, so "1e3", "+5" and "0x10" are refused.
var wholeNumber = regexp.MustCompile(`^[0-9]+$`)

// parseCount parses a figure: a whole number of people.
func parseCount(column, s string) (int, error) {
	if !wholeNumber.MatchString(s) {
		return 0, fmt.Errorf("%s %q is not a whole number", column, s)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s %q is too large", column, s)
	}
	return n, nil
}
