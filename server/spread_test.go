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
