package gazetteer_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/paulmach/orb"
)

// seedPlace is a place named in seed/events.geojson with the point the
// editors chose for it. It is decoded here rather than through package geo
// so this test depends on the file's format only.
type seedPlace struct {
	id, place, country, precision string
	point                         orb.Point
}

func readSeedPlaces(t *testing.T) []seedPlace {
	t.Helper()
	b, err := os.ReadFile("../../seed/events.geojson")
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			ID       string `json:"id"`
			Geometry struct {
				Coordinates orb.Point `json:"coordinates"`
			} `json:"geometry"`
			Properties struct {
				Place     string `json:"place"`
				Country   string `json:"country"`
				Precision string `json:"location_precision"`
				Links     []struct {
					Place       string    `json:"place"`
					Country     string    `json:"country"`
					Coordinates orb.Point `json:"coordinates"`
					Precision   string    `json:"location_precision"`
				} `json:"links"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	var out []seedPlace
	for _, f := range fc.Features {
		p := f.Properties
		out = append(out, seedPlace{f.ID, p.Place, p.Country, p.Precision, f.Geometry.Coordinates})
		for _, l := range p.Links {
			out = append(out, seedPlace{f.ID + " (link)", l.Place, l.Country, l.Precision, l.Coordinates})
		}
	}
	if len(out) == 0 {
		t.Fatal("no places in seed/events.geojson")
	}
	return out
}

// TestSeedHitRate measures how often the top candidate for an event's place
// text, with the event's country as hint, lies within 30 km of the point the
// editors chose. Only city and venue places must hit: region and country
// places name areas the gazetteer does not hold, and their rate is logged
// for information.
func TestSeedHitRate(t *testing.T) {
	const (
		radiusKm   = 30
		minCityHit = 0.70
	)
	g := MustLoad(t)
	type tally struct{ hits, total int }
	byPrecision := map[string]*tally{}
	for _, sp := range readSeedPlaces(t) {
		bucket := "city/venue"
		if sp.precision != "city" && sp.precision != "venue" {
			bucket = "region/country"
		}
		if byPrecision[bucket] == nil {
			byPrecision[bucket] = &tally{}
		}
		tl := byPrecision[bucket]
		tl.total++
		got := g.Search(sp.place, sp.country, 1)
		if len(got) == 0 {
			t.Logf("miss (%s, %s): %q [%s]: nothing found", bucket, sp.precision, sp.place, sp.country)
			continue
		}
		if d := kmBetween(got[0].Point, sp.point); d <= radiusKm {
			tl.hits++
		} else {
			t.Logf("miss (%s, %s): %q [%s]: %s, %s is %.0f km away", bucket, sp.precision, sp.place, sp.country, got[0].Name, got[0].Country, d)
		}
	}
	for _, bucket := range []string{"city/venue", "region/country"} {
		if tl := byPrecision[bucket]; tl != nil {
			t.Logf("%s: %d of %d within %d km (%.0f%%)", bucket, tl.hits, tl.total, radiusKm, 100*float64(tl.hits)/float64(tl.total))
		}
	}
	city := byPrecision["city/venue"]
	if city == nil {
		t.Fatal("no city or venue places in the seed")
	}
	if rate := float64(city.hits) / float64(city.total); rate < minCityHit {
		t.Errorf("city/venue hit rate %.0f%%; want ≥ %.0f%%", 100*rate, 100*minCityHit)
	}
}
