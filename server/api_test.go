package server

import (
	"math"
	"net/http"
	"slices"
	"testing"

	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/store"
)

// TestSources checks the sources list, ordered by id, with authors and dates.
func TestSources(t *testing.T) {
	srv, _ := newTestServer(t)
	var body struct {
		Sources []geo.Source `json:"sources"`
	}
	getJSON(t, srv, "/api/sources", "application/json", &body)
	want := fixtureSources()
	if got, w := mustJSON(t, body.Sources), mustJSON(t, want); got != w {
		t.Errorf("sources\n got %s\nwant %s", got, w)
	}
}

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

type spreadDoc struct {
	Base struct {
		Name        string    `json:"name"`
		Country     string    `json:"country"`
		Coordinates []float64 `json:"coordinates"`
	} `json:"base"`
	Rule      geo.RuleDoc        `json:"rule"`
	Countries []geo.FirstReached `json:"countries"`
	Frontier  []geo.FrontierStep `json:"frontier"`
	Alleged   []geo.FirstReached `json:"alleged"`
	Named     []geo.FirstReached `json:"named"`
}

const everyActor = "?actor=iskp,is,is_inspired,unclear"

// TestSpread checks the reach rule's answer: the first counted event per country, the
// frontier, and the countries alleged and named apart, whole and filtered, under the default
// rule (ISKP; claimed and attributed presence) and the rule's choices.
func TestSpread(t *testing.T) {
	srv, _ := newTestServer(t)
	atlas := loadAtlas(t)
	byID := map[string]*geo.Event{}
	for _, e := range fixtureEvents() {
		byID[e.ID] = e
	}
	cases := []struct {
		name          string
		query         string
		wantCountries []string // code:event
		wantFrontier  []string
		wantAlleged   []string
		wantNamed     []string
	}{
		{"ok, default rule: ISKP presence only", "",
			[]string{"AF:" + idKabul, "IR:" + idKerman, "RU:" + idMoscow}, []string{idKabul, idKerman, idMoscow},
			[]string{"DE:" + idCologne}, []string{}},
		{"ok, every actor, alleged apart, threats named", everyActor,
			[]string{"AF:" + idKabul, "TR:" + idIstanbul, "IR:" + idKerman, "RU:" + idMoscow}, []string{idKabul, idIstanbul},
			[]string{"AF:" + idKunar, "IR:" + idMashhad, "DE:" + idCologne}, []string{"AF:" + idHerat}},
		{"ok, every actor, alleged counted, from the last day each could be", everyActor + "&include_alleged=true",
			[]string{"AF:" + idKabul, "IR:" + idMashhad, "TR:" + idIstanbul, "RU:" + idMoscow, "DE:" + idCologne},
			[]string{idKabul, idMashhad, idIstanbul, idCologne}, []string{}, []string{"AF:" + idHerat}},
		{"ok, Iran only", "?country=IR", []string{"IR:" + idKerman}, []string{idKerman}, []string{}, []string{}},
		{"ok, attacks", "?kind=attack", []string{"AF:" + idKabul, "IR:" + idKerman, "RU:" + idMoscow},
			[]string{idKabul, idKerman, idMoscow}, []string{}, []string{}},
		{"ok, nothing", "?country=US", []string{}, []string{}, []string{}, []string{}},
	}
	list := func(entries []geo.FirstReached) []string {
		out := []string{}
		for _, c := range entries {
			out = append(out, c.Country+":"+c.EventID)
			e := byID[c.EventID]
			if name, _ := atlas.Name(c.Country); c.Name != name || c.FirstDate != e.Start().Format("2006-01-02") ||
				c.FirstDateLatest != e.End().Format("2006-01-02") || c.DatePrecision != e.Date.Precision() {
				t.Errorf("country %+v, want name %q, dates %s..%s, precision %s", c, name, e.Start().Format("2006-01-02"),
					e.End().Format("2006-01-02"), e.Date.Precision())
			}
		}
		return out
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var s spreadDoc
			getJSON(t, srv, "/api/spread"+tc.query, "application/json", &s)
			if s.Base.Country != "AF" || !slices.Equal(s.Base.Coordinates, []float64{geo.Base.Point[0], geo.Base.Point[1]}) {
				t.Errorf("base %+v", s.Base)
			}
			if s.Rule.Text == "" || len(s.Rule.Actors) == 0 {
				t.Errorf("rule %+v: want the actors and the rule in words", s.Rule)
			}
			if got := list(s.Countries); !slices.Equal(got, tc.wantCountries) {
				t.Errorf("countries %v, want %v", got, tc.wantCountries)
			}
			if got := list(s.Alleged); !slices.Equal(got, tc.wantAlleged) {
				t.Errorf("alleged %v, want %v", got, tc.wantAlleged)
			}
			if got := list(s.Named); !slices.Equal(got, tc.wantNamed) {
				t.Errorf("named %v, want %v", got, tc.wantNamed)
			}
			frontier := []string{}
			for i, f := range s.Frontier {
				frontier = append(frontier, f.EventID)
				e := byID[f.EventID]
				if want := math.Round(geo.DistanceKm(e.Point)*10) / 10; f.DistanceKm != want {
					t.Errorf("step %s: %g km, want %g", f.EventID, f.DistanceKm, want)
				}
				if i > 0 && f.DistanceKm <= s.Frontier[i-1].DistanceKm {
					t.Errorf("step %d: %g km is not beyond %g", i, f.DistanceKm, s.Frontier[i-1].DistanceKm)
				}
				if f.Place != e.Place || f.Country != e.Country || f.Date != e.End().Format("2006-01-02") ||
					f.DateEarliest != e.Start().Format("2006-01-02") {
					t.Errorf("step %+v", f)
				}
				if e.Reach() == geo.ReachNamed {
					t.Errorf("step %s is a %s: threats never move the frontier", f.EventID, e.Kind)
				}
			}
			if !slices.Equal(frontier, tc.wantFrontier) {
				t.Errorf("frontier %v, want %v", frontier, tc.wantFrontier)
			}
		})
	}
	t.Run("ok, the frontier ends at the farthest counted event", func(t *testing.T) {
		var s spreadDoc
		getJSON(t, srv, "/api/spread"+everyActor+"&include_alleged=true", "application/json", &s)
		farthest := 0.0
		for _, e := range fixtureEvents() {
			if e.Reach() != geo.ReachNamed {
				farthest = max(farthest, geo.DistanceKm(e.Point))
			}
		}
		last := s.Frontier[len(s.Frontier)-1]
		if last.DistanceKm != math.Round(farthest*10)/10 || math.Abs(last.DistanceKm-farthest) > 0.05 {
			t.Errorf("farthest step %g km, want %g", last.DistanceKm, farthest)
		}
	})
}

// TestConfig checks that the operator's map settings come through.
func TestConfig(t *testing.T) {
	_, db := newTestServer(t)
	cases := []struct {
		name string
		cfg  Config
	}{
		{"ok, offline map", Config{Version: "test"}},
		{"ok, tiles", Config{Version: "v1.2.3", TileURL: "https://{s}.tile.example.org/{z}/{x}/{y}.png", TileAttribution: "© Example"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServerWith(t, db, tc.cfg)
			var body struct {
				TileURL         string `json:"tile_url"`
				TileAttribution string `json:"tile_attribution"`
				Version         string `json:"version"`
			}
			rec := getJSON(t, srv, "/api/config", "application/json", &body)
			if body.TileURL != tc.cfg.TileURL || body.TileAttribution != tc.cfg.TileAttribution || body.Version != tc.cfg.Version {
				t.Errorf("config %+v, want %+v", body, tc.cfg)
			}
			csp := rec.Header().Get("Content-Security-Policy")
			if tc.cfg.TileURL != "" && !slices.Contains(splitCSP(csp), "img-src 'self' data: https://*.tile.example.org") {
				t.Errorf("CSP %q does not allow the tile host", csp)
			}
			if tc.cfg.TileURL == "" && !slices.Contains(splitCSP(csp), "img-src 'self' data:") {
				t.Errorf("CSP %q allows more than our own images", csp)
			}
			if rec.Code != http.StatusOK {
				t.Errorf("status %d", rec.Code)
			}
		})
	}
}
