package importer

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestCountryPoint_insideEveryCountry(t *testing.T) {
	im := mustImporter(t)
	for _, code := range im.Atlas.Codes() {
		p, ok := im.countryPoint(code)
		if !ok || !im.Atlas.Contains(code, p, 0) {
			t.Errorf("%s: point %v (found %v) is not inside", code, p, ok)
		}
	}
}

func TestCountryPoint_values(t *testing.T) {
	im := mustImporter(t)
	tests := []struct {
		code   string
		expect orb.Point
	}{
		// Large countries stop at the 5° grid, others refine to 1°, tiny ones further.
		{"TR", orb.Point{35.5, 39.5}},
		{"US", orb.Point{-97.5, 37.5}},
		{"VA", orb.Point{12.4345, 41.9025}},
	}
	for _, tt := range tests {
		t.Run("ok, "+tt.code, func(t *testing.T) {
			got, ok := im.countryPoint(tt.code)
			if !ok || got != tt.expect {
				t.Errorf("countryPoint(%s) = %v, %v; want %v", tt.code, got, ok, tt.expect)
			}
		})
	}
	if _, ok := im.countryPoint("ZZ"); ok {
		t.Error("nok, an unknown code has a point")
	}
}
