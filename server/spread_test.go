package server

import (
	"math"
	"slices"
	"testing"

	"github.com/westward/westward/geo"
)

type spreadDoc struct {
	Base struct {
		Name        string    `json:"name"`
		Country     string    `json:"country"`
		Coordinates []float64 `json:"coordinates"`
	} `json:"base"`
	Countries []geo.FirstReached `json:"countries"`
	Frontier  []geo.FrontierStep `json:"frontier"`
}

// TestSpread checks the first event per country and the frontier, whole and filtered.
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
	}{
		{"ok, everything", "",
			[]string{"AF:" + idKabul, "IR:" + idMashhad, "DE:" + idCologne, "TR:" + idIstanbul, "RU:" + idMoscow},
			[]string{idKabul, idMashhad, idCologne}},
		{"ok, Iran only", "?country=IR", []string{"IR:" + idMashhad}, []string{idMashhad, idKerman}},
		{"ok, 2024", "?datetime=2024", []string{"DE:" + idCologne, "IR:" + idKerman, "RU:" + idMoscow}, []string{idCologne}},
		{"ok, attacks", "?kind=attack", []string{"AF:" + idKabul, "IR:" + idKerman, "RU:" + idMoscow}, []string{idKabul, idKerman, idMoscow}},
		{"ok, nothing", "?country=US", []string{}, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var s spreadDoc
			getJSON(t, srv, "/api/spread"+tc.query, "application/json", &s)
			if s.Base.Country != "AF" || !slices.Equal(s.Base.Coordinates, []float64{geo.Base.Point[0], geo.Base.Point[1]}) {
				t.Errorf("base %+v", s.Base)
			}
			countries := []string{}
			for _, c := range s.Countries {
				countries = append(countries, c.Country+":"+c.EventID)
				e := byID[c.EventID]
				if name, _ := atlas.Name(c.Country); c.Name != name || c.FirstDate != e.Start().Format("2006-01-02") {
					t.Errorf("country %+v, want name %q first_date %s", c, name, e.Start().Format("2006-01-02"))
				}
			}
			if !slices.Equal(countries, tc.wantCountries) {
				t.Errorf("countries %v, want %v", countries, tc.wantCountries)
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
				if f.Place != e.Place || f.Country != e.Country || f.Date != e.Start().Format("2006-01-02") {
					t.Errorf("step %+v", f)
				}
			}
			if !slices.Equal(frontier, tc.wantFrontier) {
				t.Errorf("frontier %v, want %v", frontier, tc.wantFrontier)
			}
		})
	}
	t.Run("ok, the frontier ends at the farthest event", func(t *testing.T) {
		var s spreadDoc
		getJSON(t, srv, "/api/spread", "application/json", &s)
		farthest := 0.0
		for _, e := range fixtureEvents() {
			farthest = max(farthest, geo.DistanceKm(e.Point))
		}
		if len(s.Countries) == 0 || s.Countries[0].Country != "AF" {
			t.Errorf("first country %v, want AF", s.Countries)
		}
		last := s.Frontier[len(s.Frontier)-1]
		if last.DistanceKm != math.Round(farthest*10)/10 || math.Abs(last.DistanceKm-farthest) > 0.05 {
			t.Errorf("farthest step %g km, want %g", last.DistanceKm, farthest)
		}
	})
}
