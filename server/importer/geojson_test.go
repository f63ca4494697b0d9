package importer

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/westward/westward/seed"
)

func TestReadGeoJSON_seedRoundTrip(t *testing.T) {
	b, err := os.ReadFile("../../seed/events.geojson")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := mustImporter(t).Read(bytes.NewReader(b), Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, want, err := seed.Parse(mustReadFile(t, "../../seed/sources.json"), b)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	checkAccepted(t, rows)
	for i, r := range rows {
		if r.Reason != "" {
			t.Errorf("rejected: %s", r.Reason)
			continue
		}
		if r.Line != i+1 {
			t.Errorf("feature %d: line %d", i+1, r.Line)
		}
		// The seed dates its events by its curation; an import is a change of its own, dated
		// by the store when it is saved.
		want[i].UpdatedAt = ""
		if !reflect.DeepEqual(r.Event, want[i]) {
			t.Errorf("feature %d: got %+v\nwant %+v", i+1, r.Event, want[i])
		}
	}
}

func mustReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestReadGeoJSON_features(t *testing.T) {
	// feature builds a Kerman event feature with the given id, coordinates and extra properties.
	feature := func(id, coords, extra string) string {
		return `{"type":"Feature","id":` + id + `,"geometry":{"type":"Point","coordinates":` + coords + `},"properties":{` +
			`"title":"Kerman bombing","summary":"Two blasts.","date":"2024-01-03","kind":"attack","actor":"iskp",` +
			`"attribution":"claimed","place":"Kerman","country":"IR","location_precision":"city","tags":[],` +
			`"sources":[{"source":"diplomat-2024","quotes":["Two explosions struck"]}],"links":[]` + extra + `}}`
	}
	tests := []struct {
		name          string
		givenFeatures []string
		expectReasons []string
	}{
		{name: "ok, one feature", givenFeatures: []string{feature(`"kerman"`, `[57.08,30.28]`, "")}, expectReasons: []string{""}},
		{name: "ok, a link inside its country", givenFeatures: []string{feature(`"kerman"`, `[57.08,30.28]`,
			`,"links":[{"role":"origin","place":"Kabul","country":"AF","coordinates":[69.17,34.53],"location_precision":"city","source":"diplomat-2024","quote":"from Afghanistan"}]`)},
			expectReasons: []string{""}},
		{name: "nok, point outside its country", givenFeatures: []string{feature(`"kerman"`, `[10,50]`, "")},
			expectReasons: []string{"feature 1: point [10,50] is not in IR (it is in DE)"}},
		{name: "nok, a link outside its country", givenFeatures: []string{feature(`"kerman"`, `[57.08,30.28]`,
			`,"links":[{"role":"origin","place":"Kabul","country":"AF","coordinates":[10,50],"location_precision":"city","source":"diplomat-2024","quote":"from Afghanistan"}]`)},
			expectReasons: []string{"feature 1: links[0]: point [10,50] is not in AF (it is in DE)"}},
		{name: "nok, not a point", givenFeatures: []string{strings.Replace(feature(`"kerman"`, `[[57.08,30.28],[57.1,30.3]]`, ""), `"Point"`, `"LineString"`, 1)},
			expectReasons: []string{"feature 1: geometry: want a Point, got orb.LineString"}},
		{name: "nok, numeric id", givenFeatures: []string{feature(`7`, `[57.08,30.28]`, "")},
			expectReasons: []string{"feature 1: id: want a string feature id, got 7"}},
		{name: "nok, invalid date", givenFeatures: []string{strings.Replace(feature(`"kerman"`, `[57.08,30.28]`, ""), "2024-01-03", "2024-02-30", 1)},
			expectReasons: []string{`feature 1: properties: date "2024-02-30": no such day`}},
		{name: "nok, unknown geometry type", givenFeatures: []string{`{"type":"Feature","id":"x","geometry":{"type":"Circle","coordinates":[1,2]},"properties":{}}`},
			expectReasons: []string{"feature 1: not a GeoJSON feature: geojson: invalid geometry"}},
		{name: "nok, repeated id", givenFeatures: []string{feature(`"kerman"`, `[57.08,30.28]`, ""), feature(`"kerman"`, `[57.08,30.28]`, "")},
			expectReasons: []string{"", `feature 2: id "kerman" repeats feature 1`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := mustRead(t, `{"type":"FeatureCollection","features":[`+strings.Join(tt.givenFeatures, ",")+`]}`, Options{})
			checkAccepted(t, rows)
			if got := reasons(rows); !reflect.DeepEqual(got, tt.expectReasons) {
				t.Errorf("reasons = %q\nwant      %q", got, tt.expectReasons)
			}
		})
	}
}
