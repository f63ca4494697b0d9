package server

import (
	"slices"
	"testing"

	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/store"
)

// TestSummary checks the counts by kind, country and month against the fixture.
func TestSummary(t *testing.T) {
	srv, db := newTestServer(t)
	var s store.Summary
	getJSON(t, srv, "/api/summary", "application/json", &s)
	if s.Count != allCount || s.Version != db.Version() {
		t.Errorf("count %d version %d, want %d and %d", s.Count, s.Version, allCount, db.Version())
	}
	if s.Extent != (store.TimeExtent{Start: "2015-06-18", End: "2024-07-31"}) {
		t.Errorf("extent %+v", s.Extent)
	}
	wantKind := map[string]int{"attack": 3, "cross_border_strike": 1, "arrest": 1, "threat": 1, "network": 1, "foiled_plot": 1}
	if got, want := mustJSON(t, s.ByKind), mustJSON(t, wantKind); got != want {
		t.Errorf("by_kind %s, want %s", got, want)
	}
	wantCountry := map[string]int{"AF": 3, "IR": 2, "TR": 1, "RU": 1, "DE": 1}
	if got, want := mustJSON(t, s.ByCountry), mustJSON(t, wantCountry); got != want {
		t.Errorf("by_country %s, want %s", got, want)
	}
	// vague dates count in the month their span begins: the year 2023 in January, summer
	// 2023 in June
	wantMonth := []store.MonthCount{
		{Month: "2015-06", Count: 1, ByKind: map[string]int{"attack": 1}},
		{Month: "2017-04", Count: 1, ByKind: map[string]int{"cross_border_strike": 1}},
		{Month: "2019-11", Count: 1, ByKind: map[string]int{"arrest": 1}},
		{Month: "2020-01", Count: 1, ByKind: map[string]int{"threat": 1}},
		{Month: "2023-01", Count: 1, ByKind: map[string]int{"network": 1}},
		{Month: "2023-06", Count: 1, ByKind: map[string]int{"foiled_plot": 1}},
		{Month: "2024-01", Count: 1, ByKind: map[string]int{"attack": 1}},
		{Month: "2024-03", Count: 1, ByKind: map[string]int{"attack": 1}},
	}
	if got, want := mustJSON(t, s.ByMonth), mustJSON(t, wantMonth); got != want {
		t.Errorf("by_month\n got %s\nwant %s", got, want)
	}
	total := 0
	for _, m := range s.ByMonth {
		total += m.Count
	}
	if total != allCount {
		t.Errorf("months add up to %d, want %d", total, allCount)
	}
}

// TestSummaryTwoInAMonth checks that the month counts add kinds up.
func TestSummaryTwoInAMonth(t *testing.T) {
	srv, db := newTestServer(t)
	events := fixtureEvents()
	extra := event("kerman-2024-arrest", "Arrests after Kerman", "2024-01-05", geo.KindArrest, geo.ActorISKP, geo.AttributionAlleged,
		"Kerman", "IR", 57.08, 30.28, cite("src-b", "suspects were arrested"))
	extra2 := event("kerman-2024-arrests-2", "More arrests after Kerman", "2024-01", geo.KindArrest, geo.ActorISKP, geo.AttributionAlleged,
		"Tehran", "IR", 51.4, 35.7, cite("src-b", "more suspects were arrested"))
	reload(t, db, fixtureSources(), append(events, extra, extra2))
	var s store.Summary
	getJSON(t, srv, "/api/summary", "application/json", &s)
	i := slices.IndexFunc(s.ByMonth, func(m store.MonthCount) bool { return m.Month == "2024-01" })
	if i < 0 {
		t.Fatalf("no 2024-01 in %v", s.ByMonth)
	}
	if m := s.ByMonth[i]; m.Count != 3 || m.ByKind["attack"] != 1 || m.ByKind["arrest"] != 2 {
		t.Errorf("2024-01 %+v, want 3: 1 attack, 2 arrests", m)
	}
	if s.ByCountry["IR"] != 4 || s.Count != allCount+2 {
		t.Errorf("IR %d count %d", s.ByCountry["IR"], s.Count)
	}
}
