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
