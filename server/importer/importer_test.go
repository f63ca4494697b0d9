package importer

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/westward/westward/geo/country"
	"github.com/westward/westward/geo/gazetteer"
)

// shared holds the atlas and gazetteer every test reads with; both are immutable, and
// parsing the 50m atlas for each test would dominate the run.
var shared = sync.OnceValues(func() (*Importer, error) {
	b, err := os.ReadFile("../../static/vendor/world-atlas/countries-50m.json")
	if err != nil {
		return nil, err
	}
	a, err := country.Parse(b)
	if err != nil {
		return nil, err
	}
	g, err := gazetteer.Load()
	if err != nil {
		return nil, err
	}
	return &Importer{Atlas: a, Gazetteer: g}, nil
})

// mustImporter returns the shared importer.
func mustImporter(tb testing.TB) *Importer {
	tb.Helper()
	im, err := shared()
	if err != nil {
		tb.Fatal(err)
	}
	return im
}

// mustRead reads text and fails the test on a file-level error.
func mustRead(tb testing.TB, text string, opt Options) []Row {
	tb.Helper()
	rows, err := mustImporter(tb).Read(strings.NewReader(text), opt)
	if err != nil {
		tb.Fatalf("Read: %v", err)
	}
	return rows
}

// readOne reads a file expected to hold exactly one row.
func readOne(tb testing.TB, text string, opt Options) Row {
	tb.Helper()
	rows := mustRead(tb, text, opt)
	if len(rows) != 1 {
		tb.Fatalf("got %d rows, want 1: %+v", len(rows), rows)
	}
	return rows[0]
}

// reasons lists the rows' reasons, "" for accepted rows.
func reasons(rows []Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Reason
	}
	return out
}

// checkAccepted fails unless every accepted row's event validates and lies in its country,
// and every rejected row has no event; it is the package's promise to the store.
func checkAccepted(tb testing.TB, rows []Row) {
	tb.Helper()
	im := mustImporter(tb)
	for _, r := range rows {
		switch {
		case r.Event == nil && r.Reason == "":
			tb.Errorf("line %d: neither an event nor a reason", r.Line)
		case r.Event != nil && r.Reason != "":
			tb.Errorf("line %d: both an event and the reason %q", r.Line, r.Reason)
		case r.Event != nil:
			if err := r.Event.Validate(); err != nil {
				tb.Errorf("line %d: accepted event does not validate: %v", r.Line, err)
			}
			if !im.Atlas.Contains(r.Event.Country, r.Event.Point, coastKm) {
				tb.Errorf("line %d: accepted point %v is not in %s", r.Line, r.Event.Point, r.Event.Country)
			}
			if r.ID != r.Event.ID {
				tb.Errorf("line %d: row id %q, event id %q", r.Line, r.ID, r.Event.ID)
			}
		}
	}
}

func TestRead_files(t *testing.T) {
	im := mustImporter(t)
	const acledHead = "event_id_cnty,event_date,event_type,sub_event_type,actor1,country,location,latitude,longitude,geo_precision,source,notes,fatalities\n"
	const csvHead = "id,title,summary,date,kind,actor,attribution,place,country,longitude,latitude,location_precision,source,quote\n"
	tests := []struct {
		name       string
		givenFile  string
		givenOpt   Options
		expectRows int
		expectErr  string
	}{
		{name: "ok, header-only Westward CSV has no rows", givenFile: csvHead},
		{name: "ok, header-only ACLED export has no rows", givenFile: acledHead},
		{name: "ok, header-only with CRLF and a BOM", givenFile: "\uFEFF" + strings.ReplaceAll(acledHead, "\n", "\r\n")},
		{name: "ok, empty FeatureCollection", givenFile: `{"type":"FeatureCollection","features":[]}`},
		{name: "ok, spreadsheet blank lines are skipped", givenFile: csvHead + ",,,,,,,,,,,,,\n", expectRows: 0},
		{name: "nok, empty file", givenFile: "", expectErr: "importer: the file is empty"},
		{name: "nok, not a CSV: prose", givenFile: "Dear editor,\nplease import these.\n", expectErr: "importer: not a Westward CSV: the header has none of the columns"},
		{name: "nok, not a CSV: binary", givenFile: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", expectErr: "importer: not a Westward CSV"},
		{name: "nok, not a CSV: a JSON array", givenFile: `[{"id": 1}]`, expectErr: "importer: not a CSV file"},
		{name: "nok, not a CSV: unterminated quote in the header", givenFile: "\"id,title\n", expectErr: "importer: not a CSV file"},
		{name: "nok, header names a column twice", givenFile: "id,date,ID\n", expectErr: `importer: the header names column "id" twice`},
		{name: "nok, not JSON", givenFile: `{"type": "FeatureCollection", `, expectErr: "importer: not GeoJSON"},
		{name: "nok, JSON but not a FeatureCollection", givenFile: `{"type":"Feature"}`, expectErr: `importer: not a GeoJSON FeatureCollection (type "Feature")`},
		{name: "nok, ACLED header without location", givenFile: "event_date,event_type,country\n", expectErr: "importer: not an ACLED export: the header lacks location"},
		{name: "nok, ACLED forced on a Westward CSV", givenFile: csvHead, givenOpt: Options{Format: FormatACLED}, expectErr: "importer: not an ACLED export: the header lacks event_date, event_type, location"},
		{name: "nok, unknown format", givenFile: csvHead, givenOpt: Options{Format: "xlsx"}, expectErr: `importer: unknown format "xlsx"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := im.Read(strings.NewReader(tt.givenFile), tt.givenOpt)
			if tt.expectErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.expectErr) {
					t.Fatalf("err = %v, want one starting %q", err, tt.expectErr)
				}
				if rows != nil {
					t.Errorf("rows = %v with an error", rows)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tt.expectRows {
				t.Errorf("got %d rows, want %d: %v", len(rows), tt.expectRows, reasons(rows))
			}
		})
	}
}

func TestRead_noAtlas(t *testing.T) {
	_, err := (&Importer{}).Read(strings.NewReader("id\n"), Options{})
	if err == nil || err.Error() != "importer: no country atlas" {
		t.Fatalf("err = %v", err)
	}
}

func TestRead_concurrent(t *testing.T) {
	shared := mustImporter(t)
	// A fresh importer, so that the goroutines race to fill its caches.
	im := &Importer{Atlas: shared.Atlas, Gazetteer: shared.Gazetteer}
	text := westwardHeader + ",Attack in Turkey,An attack.,2015,,attack,unclear,attributed,Turkey,TR,,,,,,osw-2024,Residents of Central Asia carried out attacks,,,\n"
	var wg sync.WaitGroup
	ids := make([]string, 4)
	for i := range ids {
		wg.Go(func() {
			rows, err := im.Read(strings.NewReader(text), Options{})
			if err != nil || len(rows) != 1 || rows[0].Event == nil {
				t.Errorf("rows %+v, err %v", rows, err)
				return
			}
			ids[i] = rows[0].ID
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id != "2015-turkey-attack" {
			t.Errorf("id %q, want 2015-turkey-attack", id)
		}
	}
}
