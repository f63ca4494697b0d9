package importer

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/westward/westward/geo"
	"github.com/westward/westward/geo/country"
)

// acledRequired are the columns without which no ACLED row can become an event.
var acledRequired = []string{"event_date", "event_type", "country", "location"}

// ACLEDSource is the source every ACLED row cites, to be stored (store.PutSource) before the
// events. Its publication date cannot be known from the rows, which carry no export date, so
// it is fixed at 2024, the year the importer was written against ACLED's export columns;
// PublishedNote says so, and an editor who knows the download date can change it.
func ACLEDSource() geo.Source {
	return geo.Source{
		ID:            "acled",
		Publication:   "ACLED data export",
		Title:         "Armed Conflict Location & Event Data export",
		Authors:       []string{"Armed Conflict Location & Event Data Project (ACLED)"},
		Published:     geo.MustParseDate("2024"),
		PublishedNote: "The year of the export format the importer reads, not of any one download.",
		URL:           "https://acleddata.com/",
	}
}

// acledKinds maps ACLED event types, lower case, to Westward kinds. Protests and riots are
// not what Westward maps and are absent, so rows of those types are rejected.
var acledKinds = map[string]geo.Kind{
	"explosions/remote violence": geo.KindAttack,
	"violence against civilians": geo.KindAttack,
	"battles":                    geo.KindAttack,
	"strategic developments":     geo.KindNetwork,
}

// acledDateLayouts are the date forms ACLED exports have used: ISO, the long form of its
// spreadsheet exports and the day-first numeric form of European spreadsheets. Go's layouts
// accept one- or two-digit days and months.
var acledDateLayouts = []string{"2006-01-02", "2 January 2006", "2 Jan 2006", "2/1/2006"}

// acledReader reads the rows of an ACLED export.
type acledReader struct {
	im       *Importer
	loc      *locator
	sourceID string
}

// read maps one ACLED row as the package comment describes.
func (ar *acledReader) read(rec record) (string, *geo.Event, error) {
	id := acledID(rec)
	date, err := parseACLEDDate(rec.get("event_date"))
	if err != nil {
		return id, nil, err
	}
	eventType := rec.get("event_type")
	kind, err := acledKind(eventType, rec.get("sub_event_type"))
	if err != nil {
		return id, nil, err
	}
	code, err := ar.acledCountry(rec.get("country"), rec.get("iso"))
	if err != nil {
		return id, nil, err
	}
	place := rec.get("location")
	if place == "" {
		return id, nil, fmt.Errorf("location is empty")
	}
	notes := rec.get("notes")
	e := &geo.Event{
		ID:          id,
		Title:       eventType + " in " + place,
		Summary:     notes,
		Date:        date,
		Kind:        kind,
		Actor:       acledActor(rec.get("actor1")),
		Attribution: geo.AttributionAttributed,
		Place:       place,
		Country:     code,
	}
	if e.Summary == "" {
		e.Summary = neutralSummary(ar.im, eventType, rec.get("sub_event_type"), place, code, date)
	}
	if s := rec.get("source"); s != "" {
		e.Notes = "ACLED sources: " + s
	}
	quote := firstWords(notes, geo.MaxQuoteWords)
	if quote == "" {
		quote = e.Title
	}
	cite := geo.Citation{SourceID: ar.sourceID, Quotes: []string{quote}}
	if s := rec.get("fatalities"); s != "" {
		n, err := parseCount("fatalities", s)
		if err != nil {
			return id, nil, err
		}
		if n > 0 {
			cite.Figures = []geo.Figure{{Measure: geo.MeasureKilled, Value: n, Qualifier: geo.QualifierExact}}
		}
	}
	e.Citations = []geo.Citation{cite}

	precision, err := acledPrecision(rec.get("geo_precision"))
	if err != nil {
		return id, nil, err
	}
	pt, given, err := parsePoint(rec.get("longitude"), rec.get("latitude"))
	if err != nil {
		return id, nil, err
	}
	switch {
	case given:
		e.Point = pt
		e.LocationPrecision = precision
		if precision == "" {
			e.LocationPrecision = geo.LocationRegion
		}
	default:
		if e.Point, e.LocationPrecision, err = ar.loc.locate(place, code); err != nil {
			return id, nil, err
		}
		if e.LocationPrecision == geo.LocationCity && precision == geo.LocationRegion {
			e.LocationPrecision = geo.LocationRegion
		}
	}
	e.LocationRole = geo.RoleOccurrence // ACLED records where events happened
	return id, e, ar.loc.finish(e)
}

// acledID is the event id of an ACLED row: from event_id_cnty, else a digest of the fields
// the importer reads, by name, so column order does not change it.
func acledID(rec record) string {
	if s := slugify(rec.get("event_id_cnty")); s != "" {
		return "acled-" + s
	}
	return "acled-" + stableHash(rec.get("event_date"), rec.get("event_type"), rec.get("sub_event_type"),
		rec.get("actor1"), rec.get("country"), rec.get("location"), rec.get("latitude"), rec.get("longitude"),
		rec.get("geo_precision"), rec.get("source"), rec.get("notes"), rec.get("fatalities"))
}

// parseACLEDDate parses event_date in any of acledDateLayouts, to the day.
func parseACLEDDate(s string) (geo.Date, error) {
	if s == "" {
		return geo.Date{}, fmt.Errorf("event_date is empty")
	}
	for _, layout := range acledDateLayouts {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1 {
			return geo.DayDate(t), nil
		}
	}
	return geo.Date{}, fmt.Errorf("event_date %q is not a date (want 2024-03-22, 22 March 2024 or 22/03/2024)", s)
}

// acledKind maps an event type to a kind, rejecting the types Westward does not map.
func acledKind(eventType, subEventType string) (geo.Kind, error) {
	kind, ok := acledKinds[strings.ToLower(eventType)]
	if !ok {
		return "", fmt.Errorf("event_type %q is not a kind Westward maps", eventType)
	}
	if kind == geo.KindNetwork && strings.EqualFold(subEventType, "Arrests") {
		kind = geo.KindArrest
	}
	return kind, nil
}

// acledActor maps actor1 to an actor.
func acledActor(actor string) geo.Actor {
	a := strings.ToLower(actor)
	switch {
	case strings.Contains(a, "islamic state") && strings.Contains(a, "khorasan"),
		containsWord(a, "iskp"), strings.Contains(a, "isis-k"):
		return geo.ActorISKP
	case strings.Contains(a, "islamic state"):
		return geo.ActorIS
	}
	return geo.ActorUnclear
}

// containsWord reports whether w occurs in s as a whole word, so "iskp" does not match
// inside a longer word.
func containsWord(s, w string) bool {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if f == w {
			return true
		}
	}
	return false
}

// acledCountry resolves the country column, falling back to the numeric iso column that
// full exports carry.
func (ar *acledReader) acledCountry(name, iso string) (string, error) {
	code, err := ar.im.countryCode(name)
	if err == nil || name == "" {
		return code, err
	}
	if iso != "" {
		if c, ok := country.Alpha2(fmt.Sprintf("%03s", iso)); ok && ar.im.known(c) {
			return c, nil
		}
	}
	return "", err
}

// acledPrecision maps geo_precision; "" when the column is empty.
func acledPrecision(s string) (geo.LocationPrecision, error) {
	switch s {
	case "":
		return "", nil
	case "1":
		return geo.LocationCity, nil
	case "2", "3":
		return geo.LocationRegion, nil
	}
	return "", fmt.Errorf("geo_precision %q is not 1, 2 or 3", s)
}

// neutralSummary says what the row records, and no more, for rows without notes.
func neutralSummary(im *Importer, eventType, subEventType, place, code string, date geo.Date) string {
	what := eventType
	if subEventType != "" {
		what += " (" + subEventType + ")"
	}
	where := place
	if name, ok := im.Atlas.Name(code); ok {
		where += ", " + name
	}
	return fmt.Sprintf("ACLED records an event of type %s in %s on %s.", what, where, date.Label())
}

// firstWords returns s up to the end of its n-th word, verbatim (inner spacing kept).
func firstWords(s string, n int) string {
	words := 0
	inWord := false
	for i, r := range s {
		switch space := unicode.IsSpace(r); {
		case !space && !inWord:
			inWord = true
			words++
		case space && inWord:
			inWord = false
			if words == n {
				return s[:i]
			}
		}
	}
	return s
}
