package importer

import (
	"bytes"
	"encoding/csv"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestGenerateACLED_deterministic(t *testing.T) {
	var a, b, c bytes.Buffer
	for _, g := range []struct {
		w    *bytes.Buffer
		seed int64
	}{{&a, 1}, {&b, 1}, {&c, 2}} {
		if err := GenerateACLED(g.w, 50, g.seed); err != nil {
			t.Fatal(err)
		}
	}
	if a.String() != b.String() {
		t.Error("the same seed gave different rows")
	}
	if a.String() == c.String() {
		t.Error("different seeds gave the same rows")
	}
}

func TestGenerateACLED_mix(t *testing.T) {
	const n = 3000
	var b bytes.Buffer
	if err := GenerateACLED(&b, n, 42); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != n+1 {
		t.Fatalf("%d records, want %d and a header", len(records), n)
	}
	noCoords := 0
	for _, r := range records[1:] {
		if r[9] == "" && r[10] == "" {
			noCoords++
		}
	}
	rows := mustRead(t, b.String(), Options{})
	checkAccepted(t, rows)
	rejected := 0
	for _, r := range rows {
		if r.Reason == "" {
			continue
		}
		rejected++
		if !strings.Contains(r.Reason, `event_type "Protests"`) && !strings.Contains(r.Reason, `event_type "Riots"`) &&
			!strings.Contains(r.Reason, "-13-45") {
			t.Errorf("an unplanned rejection: %s", r.Reason)
		}
	}
	if share := float64(noCoords) / n; share < 0.07 || share > 0.13 {
		t.Errorf("%.1f%% of rows lack coordinates, want about 10%%", 100*share)
	}
	if share := float64(rejected) / n; share < 0.015 || share > 0.045 {
		t.Errorf("%.1f%% of rows are rejected, want about 3%%", 100*share)
	}
}

func TestGenerateACLED_placesAreReal(t *testing.T) {
	im := mustImporter(t)
	for _, p := range acledPlaces {
		t.Run("ok, "+p.location, func(t *testing.T) {
			code, err := im.countryCode(p.country)
			if err != nil {
				t.Fatal(err)
			}
			c := im.Gazetteer.Search(p.location, code, 1)
			if len(c) == 0 || !exactMatch(c[0]) || c[0].Country != code {
				t.Fatalf("%s is not a gazetteer place of %s: %+v", p.location, code, c)
			}
			if math.Abs(c[0].Point.Lat()-p.lat) > 0.05 || math.Abs(c[0].Point.Lon()-p.lon) > 0.05 {
				t.Errorf("table point %v,%v is far from the gazetteer's %v", p.lon, p.lat, c[0].Point)
			}
			if err := im.checkPoint(code, orb.Point{p.lon, p.lat}); err != nil {
				t.Error(err)
			}
		})
	}
}
