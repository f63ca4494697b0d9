package country

import (
	"os"
	"testing"
)

func TestRepresentativeAndFind(t *testing.T) {
	b, err := os.ReadFile("../../static/vendor/world-atlas/countries-50m.json")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"AF", "TR", "RU", "IR", "FR", "US", "MV", "HR", "CL", "NO"} {
		p, ok := a.Representative(code)
		if !ok || !a.Contains(code, p, 0) {
			t.Errorf("Representative(%s) = %v, %v: not inside", code, p, ok)
		}
	}
	if _, ok := a.Representative("ZZ"); ok {
		t.Error("an unknown code has no point")
	}
	if code, ok := a.Find("turkey"); !ok || code != "TR" {
		t.Errorf("Find(turkey) = %q %v", code, ok)
	}
	if _, ok := a.Find("Atlantis"); ok {
		t.Error("Find(Atlantis) found something")
	}
}

func TestFind_namesAndAliases(t *testing.T) {
	a := load50m(t)
	for _, tc := range []struct{ name, want string }{
		{"Turkey", "TR"}, {"Türkiye", "TR"}, {"TURKIYE", "TR"}, {"  Afghanistan ", "AF"},
		{"Côte d'Ivoire", "CI"}, {"cote d’ivoire", "CI"}, {"Ivory Coast", "CI"},
		{"Democratic Republic of Congo", "CD"}, {"Dem. Rep. Congo", "CD"}, {"Russian Federation", "RU"},
	} {
		if got, ok := a.Find(tc.name); !ok || got != tc.want {
			t.Errorf("Find(%q) = %q, %v; want %q", tc.name, got, ok, tc.want)
		}
	}
}
