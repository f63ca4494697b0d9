package geo

import (
	"net/url"
	"reflect"
	"testing"
	"time"
)

func TestParsePageView(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, tt := range []struct {
		name, query string
		want        PageView
	}{
		{"ok, bare: ISKP alone, to the end", "", PageView{Actors: []Actor{ActorISKP}}},
		{"ok, a window", "t=2024-03-31&mode=window&w=6", PageView{Time: day("2024-03-31"), WindowMonths: 6, Actors: []Actor{ActorISKP}}},
		{"ok, window without w takes 12", "mode=window&w=0", PageView{WindowMonths: 12, Actors: []Actor{ActorISKP}}},
		{"ok, facets keep known values", "kind=attack,bogus&actor=&attr=claimed&country=IR,TR", PageView{Kinds: []Kind{KindAttack},
			Actors: []Actor{}, Attributions: []Attribution{AttributionClaimed}, Countries: []string{"IR", "TR"}}},
		{"ok, every actor is no filter", "actor=iskp,is,is_inspired,unclear", PageView{}},
		{"ok, selection, search, map", "event=x&q=kerman&map=5/38.5/48&alleged=1", PageView{Actors: []Actor{ActorISKP}, Selected: "x",
			Query: "kerman", IncludeAlleged: true, Map: &MapPosition{Zoom: 5, Lat: 38.5, Lng: 48}}},
		{"nok, malformed values fall back", "t=2023-02-29&map=5/91/0&w=3&alleged=true", PageView{Actors: []Actor{ActorISKP}}},
		{"ok, numbers as JavaScript's Number reads them", "mode=window&w=06&map=0x5/ 38.5 /1e1", PageView{WindowMonths: 6,
			Actors: []Actor{ActorISKP}, Map: &MapPosition{Zoom: 5, Lat: 38.5, Lng: 10}}},
		{"nok, a fractional window or a hex float is no number", "mode=window&w=6.5&map=0x1p3/0/0", PageView{WindowMonths: 12,
			Actors: []Actor{ActorISKP}}},
		{"ok, two-digit years as the page reads them", "t=0024-01-01", PageView{Time: day("1924-01-01"), Actors: []Actor{ActorISKP}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			if got := ParsePageView(q); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestPageView_Title(t *testing.T) {
	end := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ query, want string }{
		{"", "ISKP attacks, plots, arrests and networks to 31 March 2024"},
		{"kind=attack,arrest&country=IR", "ISKP attacks and arrests in Iran to 31 March 2024"},
		{"mode=window&w=3&actor=iskp,is", "ISKP and Islamic State attacks, plots, arrests and networks from 1 January 2024 to 31 March 2024"},
	} {
		v := ParsePageView(must(url.ParseQuery(tt.query)))
		if got := v.Title(end, func(c string) string { return map[string]string{"IR": "Iran"}[c] }); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.query, got, tt.want)
		}
	}
}

func TestWindowStart(t *testing.T) {
	for _, tt := range []struct {
		t      string
		months int
		want   string
	}{{"2024-03-31", 1, "2024-03-01"}, {"2024-03-31", 12, "2023-04-01"}, {"2024-05-31", 3, "2024-03-01"}} {
		d, _ := time.Parse(time.DateOnly, tt.t)
		if got := WindowStart(d, tt.months).Format(time.DateOnly); got != tt.want {
			t.Errorf("%s − %d months: %s, want %s", tt.t, tt.months, got, tt.want)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
