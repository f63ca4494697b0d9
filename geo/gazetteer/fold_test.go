package gazetteer

import "testing"

func TestKey(t *testing.T) {
	tests := []struct {
		name      string
		whenName  string
		expectKey string
	}{
		{name: "ok, lower case", whenName: "KABUL", expectKey: "kabul"},
		{name: "ok, Turkish letters", whenName: "Başakşehir Üsküdar Çağlayan Ğ ı İ ö", expectKey: "basaksehir uskudar caglayan g i i o"},
		{name: "ok, German", whenName: "Köln Gießen GROẞ", expectKey: "koln giessen gross"},
		{name: "ok, Scandinavian and Polish", whenName: "Tromsø Æbeltoft Łódź Þórshöfn", expectKey: "tromso aebeltoft lodz thorshofn"},
		{name: "ok, macrons and cedillas", whenName: "Mazār-e Sharīf Ḩalab", expectKey: "mazar e sharif halab"},
		{name: "ok, Vietnamese stacked marks", whenName: "Hồ Chí Minh Đà Nẵng", expectKey: "ho chi minh da nang"},
		{name: "ok, combining marks dropped", whenName: "Ko\u0308ln", expectKey: "koln"},
		{name: "ok, apostrophes join", whenName: "Bet She’an O‘zbekiston L'Aquila", expectKey: "bet shean ozbekiston laquila"},
		{name: "ok, punctuation is one space", whenName: "  Sankt--Peterburg (x) ", expectKey: "sankt peterburg x"},
		{name: "ok, abbreviation before a word expands", whenName: "St. Petersburg", expectKey: "saint petersburg"},
		{name: "ok, abbreviation at the end stays for prefix search", whenName: "St", expectKey: "st"},
		{name: "ok, other scripts lower-cased", whenName: "Москва", expectKey: "москва"},
		{name: "nok, nothing searchable", whenName: " - , ", expectKey: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := key(tc.whenName); got != tc.expectKey {
				t.Errorf("key(%q) = %q; want %q", tc.whenName, got, tc.expectKey)
			}
		})
	}
}

// TestFoldCoversData checks that no Latin letter with a diacritic in the
// embedded names escapes the fold tables.
func TestFoldCoversData(t *testing.T) {
	g, err := decode(citiesPBF, aliases[:])
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range g.index {
		for _, r := range e.key {
			if r >= 0xC0 && r < 0x2B0 || r >= extStart && r < extEnd {
				t.Errorf("key %q of %q keeps Latin letter %q", e.key, g.places[e.place].name, r)
				break
			}
		}
	}
}
