package gazetteer_test

import (
	"math/rand/v2"
	"os"
	"testing"

	"github.com/westward/westward/geo/country"
	"github.com/westward/westward/geo/gazetteer"
)

// TestPointsInCountry checks, for a fixed random sample of 500 places, that
// searching a place's name with its country as hint finds it first and
// that every result lies in the country it claims per Natural Earth 1:50m
// with a 5 km tolerance. Natural Earth leaves out some small islands and
// territories, so a few misses are expected; more would mean coordinates
// or countries are decoded wrongly.
func TestPointsInCountry(t *testing.T) {
	const (
		sample      = 500
		toleranceKm = 5
		maxMissRate = 0.02
	)
	b, err := os.ReadFile("../../static/vendor/world-atlas/countries-50m.json")
	if err != nil {
		t.Fatal(err)
	}
	atlas, err := country.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gazetteer.Load()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2024, 3))
	var checked, missed, notFirst int
	for range sample {
		name, code, id := g.SamplePlace(rng.IntN(g.NumPlaces()))
		got := g.Search(name, code, 5)
		if len(got) == 0 {
			t.Errorf("Search(%q, %q) found nothing", name, code)
			continue
		}
		if top := got[0]; top.Country != code || gazetteer.Fold(top.Name) != gazetteer.Fold(name) {
			// A namesake in the same country may rank first; a
			// different name or country may not.
			t.Errorf("Search(%q, %q) top = %s, %s", name, code, top.Name, top.Country)
		} else if top.GeoNameID != id {
			notFirst++
		}
		for _, c := range got {
			checked++
			if !atlas.Contains(c.Country, c.Point, toleranceKm) {
				missed++
				located, _ := atlas.Locate(c.Point)
				t.Logf("outside its country: %s (%d) %s at %v, located in %q", c.Name, c.GeoNameID, c.Country, c.Point, located)
			}
		}
	}
	rate := float64(missed) / float64(checked)
	t.Logf("%d of %d results (%.2f%%) outside their country ±%d km; %d sampled places had a larger namesake first",
		missed, checked, 100*rate, toleranceKm, notFirst)
	if rate >= maxMissRate {
		t.Errorf("miss rate %.2f%%; want < %.0f%%", 100*rate, 100*maxMissRate)
	}
}
