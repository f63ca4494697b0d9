// Package importer reads events from files people already have (Westward GeoJSON, a simple
// CSV, ACLED-style exports) into Westward events, geocoding rows that lack coordinates offline
// and rejecting, with a reason, rows it cannot use.
//
// The values of the vocabulary columns (kind, actor, attribution, location_precision,
// location_role) are geo's; GET /api/collections/events/queryables lists them with their labels.
//
// Every event it returns passes geo.Event.Validate and has its point inside its country
// (within 2 km, the seed's tolerance for generalised coastlines), so the events can go
// straight to the store's ImportEvents; the sources they cite must be stored already or
// imported with them (for ACLED rows, ACLEDSource). Ids are derived from the rows, so
// importing a file again updates the same events instead of adding copies. An id that
// repeats within one file is rejected at its second row, because the store refuses an
// import that names an event twice.
//
// # GeoJSON
//
// A FeatureCollection in the seed's format (seed/events.geojson): one Point feature per
// event, its id the event id, its properties the Event fields. Each feature is a Row, Line
// being its index plus one.
//
// # Westward CSV
//
// Columns is the table of its columns (served as /api/import/columns and template.csv).
// A header row names the columns, in any order and any case; unknown columns are ignored and
// missing ones read as empty. Line is the file line the row starts on, the header being
// line 1. Rows whose fields are all empty are skipped.
//
//	id                  event id, a lower-case slug; empty: derived from date, place and kind
//	title, summary      required
//	date, end_date      EDTF dates: 2024-03-22, 2024-03, 2024, 2023-21 (spring); end_date optional
//	kind                one of geo.Kinds
//	actor               one of geo.Actors
//	attribution         one of geo.Attributions
//	place               required; geocoded when longitude and latitude are empty
//	country             ISO 3166-1 alpha-2 code (or the country's name)
//	longitude, latitude decimal degrees; both or neither
//	location_precision  one of geo.LocationPrecisions; required with coordinates, set by the geocoder without
//	location_role       one of geo.LocationRoles (default occurrence): what the point stands for
//	tags                lower-case slugs separated by ";"
//	notes               optional
//	source              id of the cited source; empty: Options.SourceID
//	quote               the source's words supporting the event, at most 30
//	killed, injured, detained  optional whole numbers, the source's exact figures
//
// Every enumerated field of geo.EventEnums is a column named by its property, read the same
// way: one of its values, or its default when empty.
//
// Without coordinates, a place that is the country's own name ("Turkey" with TR) gets a point
// well inside the country and precision "country"; any other place must match a gazetteer
// place of that country by its full name and gets the place's point and precision "city".
//
// # ACLED
//
// An export of the Armed Conflict Location & Event Data project, read by its column names
// (event_id_cnty, event_date, event_type, sub_event_type, actor1, country, location,
// latitude, longitude, geo_precision, source, notes, fatalities, and iso as a fallback for
// the country; others are ignored). event_date, event_type, country and location are
// required in the header. A row becomes an event thus:
//
//   - id: "acled-" and the slug of event_id_cnty ("AFG12345" → "acled-afg12345"), or, when
//     there is none, "acled-" and a digest of the row's fields, so a re-import finds the
//     same event.
//   - date: event_date, to the day, written 2024-03-22, 22 March 2024 or 22/03/2024.
//   - kind: explosions/remote violence, violence against civilians and battles are attacks;
//     strategic developments are network activity, or an arrest when sub_event_type is
//     "Arrests"; other types (protests, riots) are rejected.
//   - actor: actor1 naming Islamic State with Khorasan, or ISKP or ISIS-K anywhere, is iskp;
//     other Islamic State actors are is; anyone else is unclear. Attribution is always
//     "attributed": ACLED codes the actor, its rows record no claim.
//   - country: the name matched to the atlas's names and the few that differ ("Türkiye",
//     "Democratic Republic of Congo"); place: location; point: latitude and longitude,
//     else location geocoded in that country.
//   - location_precision: geo_precision 1 is city, 2 and 3 region; a geocoded location is
//     city unless geo_precision says region; coordinates without geo_precision are region.
//   - title: "<event_type> in <location>"; summary: notes, or a neutral sentence without them.
//   - one citation of Options.SourceID (default ACLEDSource().ID) quoting the first 30 words
//     of notes verbatim (the title when notes are empty), with fatalities as an exact killed
//     figure when above zero; notes: "ACLED sources: <source>", the outlets ACLED cites.
package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/westward/westward/geo"
	"github.com/westward/westward/geo/country"
	"github.com/westward/westward/geo/gazetteer"
)

// Format names a kind of input file.
type Format string

// The formats Read understands.
const (
	FormatGeoJSON Format = "geojson"
	FormatCSV     Format = "csv"
	FormatACLED   Format = "acled"
)

// Row is one row or feature of the input and what became of it: Event when it was usable,
// Reason (starting "line N:" or "feature N:") when it was not. Line is the 1-based line the
// row starts on (CSV, header = line 1) or the feature's index plus one (GeoJSON). ID is the
// event id, also for rejected rows where it could be worked out.
type Row struct {
	Line   int
	ID     string
	Event  *geo.Event
	Reason string
}

// Options say how to read a file.
type Options struct {
	// Format is the file's format; "" detects it from the content: a file starting with '{'
	// is GeoJSON, a CSV whose header has event_date and event_type is ACLED, any other CSV
	// is Westward's.
	Format Format
	// SourceID is the source cited by CSV rows with an empty source column and by every
	// ACLED row; for ACLED it defaults to ACLEDSource().ID.
	SourceID string
}

// Importer turns files into events. Atlas is required (every point is checked against its
// country); Gazetteer is needed only for rows without coordinates, which are rejected
// without one. An Importer is safe for concurrent use.
type Importer struct {
	Atlas     *country.Atlas
	Gazetteer *gazetteer.Gazetteer
}

// utf8BOM is the byte order mark spreadsheet programs put before a UTF-8 CSV.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Read reads every row of r. Its error is for a file that cannot be read as the format at
// all (not JSON, not CSV, no header, a header naming none of the format's columns); a row
// that cannot become an event is a Row with a Reason, and the others still import.
func (im *Importer) Read(r io.Reader, opt Options) ([]Row, error) {
	if im.Atlas == nil {
		return nil, errors.New("importer: no country atlas")
	}
	br := bufio.NewReader(r)
	if b, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(b, utf8BOM) {
		br.Discard(len(utf8BOM))
	}
	format := opt.Format
	if format == "" {
		format = detect(br)
	}
	switch format {
	case FormatGeoJSON:
		return im.readGeoJSON(br)
	case FormatCSV, FormatACLED:
		return im.readCSVFile(br, format, opt)
	default:
		return nil, fmt.Errorf("importer: unknown format %q; want geojson, csv or acled", format)
	}
}

// detectWindow is how far detect looks for the first non-blank byte.
const detectWindow = 4096

// detect tells GeoJSON from CSV by the first non-blank byte; ACLED is told from Westward
// CSV later, by its header.
func detect(br *bufio.Reader) Format {
	b, _ := br.Peek(detectWindow)
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		return FormatGeoJSON
	}
	return FormatCSV
}

// record is one CSV row with its header, read by column name.
type record struct {
	cols   map[string]int
	fields []string
}

// get returns the trimmed value of column name, "" when the header lacks it.
func (r record) get(name string) string {
	i, ok := r.cols[name]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// rowReader turns one CSV record into an event.
type rowReader interface {
	read(rec record) (id string, e *geo.Event, err error)
}

// readCSVFile reads a CSV of the given family; an ACLED header switches a Westward CSV read
// to ACLED when the format was detected, not given.
func (im *Importer) readCSVFile(r io.Reader, format Format, opt Options) ([]Row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // a short row is a rejected row, not an unreadable file
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("importer: the file is empty")
	}
	if err != nil {
		return nil, fmt.Errorf("importer: not a CSV file: %w", err)
	}
	cols := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			continue
		}
		if _, dup := cols[h]; dup {
			return nil, fmt.Errorf("importer: the header names column %q twice", h)
		}
		cols[h] = i
	}
	isACLED := hasAll(cols, "event_date", "event_type")
	if opt.Format == "" && isACLED {
		format = FormatACLED
	}
	var rr rowReader
	switch format {
	case FormatACLED:
		if missing := missingColumns(cols, acledRequired); len(missing) > 0 {
			return nil, fmt.Errorf("importer: not an ACLED export: the header lacks %s", strings.Join(missing, ", "))
		}
		src := opt.SourceID
		if src == "" {
			src = ACLEDSource().ID
		}
		rr = &acledReader{im: im, loc: newLocator(im), sourceID: src}
	default:
		if !hasAny(cols, csvColumns) {
			return nil, fmt.Errorf("importer: not a Westward CSV: the header has none of the columns %s", strings.Join(csvColumns, ", "))
		}
		rr = &csvReader{im: im, loc: newLocator(im), sourceID: opt.SourceID}
	}

	var rows []Row
	seen := map[string]int{} // id → line
	for {
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if pe := (*csv.ParseError)(nil); errors.As(err, &pe) {
			rows = append(rows, Row{Line: pe.StartLine, Reason: fmt.Sprintf("line %d: not valid CSV: %v", pe.StartLine, pe.Err)})
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("importer: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if blank(fields) {
			continue
		}
		row := Row{Line: line}
		if len(fields) != len(header) {
			row.Reason = fmt.Sprintf("line %d: %d fields where the header has %d", line, len(fields), len(header))
			rows = append(rows, row)
			continue
		}
		id, e, err := rr.read(record{cols: cols, fields: fields})
		row.ID = id
		switch {
		case err != nil:
			row.Reason = fmt.Sprintf("line %d: %v", line, err)
		case seen[id] > 0:
			row.Reason = fmt.Sprintf("line %d: id %q repeats line %d", line, id, seen[id])
		default:
			seen[id] = line
			row.Event = e
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// blank reports whether every field is empty, as in the ",,,," lines spreadsheets leave.
func blank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func hasAll(cols map[string]int, names ...string) bool {
	return len(missingColumns(cols, names)) == 0
}

func hasAny(cols map[string]int, names []string) bool {
	for _, n := range names {
		if _, ok := cols[n]; ok {
			return true
		}
	}
	return false
}

func missingColumns(cols map[string]int, names []string) []string {
	var out []string
	for _, n := range names {
		if _, ok := cols[n]; !ok {
			out = append(out, n)
		}
	}
	return out
}
