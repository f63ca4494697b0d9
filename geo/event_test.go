package geo

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

func validEvent() *Event {
	end := MustParseDate("2024-01-04")
	return &Event{
		ID: "kerman-bombing-2024", Title: "Bombings at a memorial procession in Kerman", Summary: "Two explosions.",
		Date: MustParseDate("2024-01-03"), EndDate: &end, Kind: KindAttack, Actor: ActorISKP, Attribution: AttributionClaimed,
		Place: "Kerman", Country: "IR", Point: orb.Point{57.08, 30.28}, LocationPrecision: LocationCity, LocationRole: RoleOccurrence,
		Tags: []string{"suicide-bombing"},
		Citations: []Citation{
			{SourceID: "a", Quotes: []string{"killed 103 people"}, Figures: []Figure{{Measure: MeasureKilled, Value: 103, Qualifier: QualifierExact}, {Measure: MeasureInjured, Value: 280, Qualifier: QualifierMoreThan}}},
			{SourceID: "b", Quotes: []string{"killed 94"}, Figures: []Figure{{Measure: MeasureKilled, Value: 94, Qualifier: QualifierExact}}},
			{SourceID: "c", Quotes: []string{"at least 95 dead"}, Figures: []Figure{{Measure: MeasureKilled, Value: 95, Qualifier: QualifierAtLeast}}},
		},
		Links: []Link{{Role: LinkOrigin, Place: "Tajikistan", Country: "TJ", Point: orb.Point{71, 38.9}, LocationPrecision: LocationCountry, SourceID: "a", Quote: "a Tajik national"}},
	}
}

func TestEvent_Validate(t *testing.T) {
	if err := validEvent().Validate(); err != nil {
		t.Fatalf("a valid event: %v", err)
	}
	long := "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone twentytwo twentythree twentyfour twentyfive twentysix twentyseven twentyeight twentynine thirty thirtyone"
	tests := []struct {
		name  string
		edit  func(e *Event)
		param string
	}{
		{"nok, id not a slug", func(e *Event) { e.ID = "Kerman Bombing" }, "id"},
		{"nok, no title", func(e *Event) { e.Title = "  " }, "title"},
		{"nok, no summary", func(e *Event) { e.Summary = "" }, "summary"},
		{"nok, no date", func(e *Event) { e.Date = Date{} }, "date"},
		{"nok, end before start", func(e *Event) { d := MustParseDate("2023-12"); e.EndDate = &d }, "end_date"},
		{"nok, unknown kind", func(e *Event) { e.Kind = "bombing" }, "kind"},
		{"nok, unknown actor", func(e *Event) { e.Actor = "isis" }, "actor"},
		{"nok, unknown attribution", func(e *Event) { e.Attribution = "likely" }, "attribution"},
		{"nok, no place", func(e *Event) { e.Place = "" }, "place"},
		{"nok, country not alpha-2", func(e *Event) { e.Country = "IRN" }, "country"},
		{"nok, latitude off the globe", func(e *Event) { e.Point = orb.Point{57, 91} }, "geometry"},
		{"nok, unknown precision", func(e *Event) { e.LocationPrecision = "street" }, "location_precision"},
		{"nok, no sources", func(e *Event) { e.Citations = nil }, "sources"},
		{"nok, bad tag", func(e *Event) { e.Tags = []string{"Suicide Bombing"} }, "tags"},
		{"nok, a citation without quotes", func(e *Event) { e.Citations[1].Quotes = nil }, "sources[1].quotes"},
		{"nok, an empty quote", func(e *Event) { e.Citations[0].Quotes = []string{" "} }, "sources[0].quotes[0]"},
		{"nok, a quote over 30 words", func(e *Event) { e.Citations[0].Quotes = []string{long} }, "sources[0].quotes[0]"},
		{"nok, a source cited twice", func(e *Event) { e.Citations[1].SourceID = "a" }, "sources[1].source"},
		{"nok, a negative figure", func(e *Event) { e.Citations[1].Figures[0].Value = -1 }, "sources[1].figures[0].value"},
		{"nok, a measure given twice by one source", func(e *Event) { e.Citations[0].Figures[1].Measure = MeasureKilled }, "sources[0].figures[1].measure"},
		{"nok, unknown qualifier", func(e *Event) { e.Citations[2].Figures[0].Qualifier = "roughly" }, "sources[2].figures[0].qualifier"},
		{"nok, unknown link role", func(e *Event) { e.Links[0].Role = "cause" }, "links[0].role"},
		{"nok, a link without a quote", func(e *Event) { e.Links[0].Quote = "" }, "links[0].quote"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validEvent()
			tt.edit(e)
			var ge *Error
			if err := e.Validate(); !errors.As(err, &ge) || ge.Param != tt.param {
				t.Errorf("Validate() = %v, want an error naming %q", err, tt.param)
			}
		})
	}
}

func TestEvent_Casualties(t *testing.T) {
	fig := func(m Measure, v int, q Qualifier, subject string) Figure {
		return Figure{Measure: m, Value: v, Qualifier: q, Subject: subject}
	}
	cite := func(id string, figs ...Figure) Citation { return Citation{SourceID: id, Figures: figs} }
	tests := []struct {
		name        string
		given       []Citation
		expectNil   bool
		expectRange Range
	}{
		{name: "ok, exact figures across sources", given: []Citation{
			cite("a", fig(MeasureKilled, 103, QualifierExact, "")), cite("b", fig(MeasureKilled, 94, QualifierExact, "")),
			cite("c", fig(MeasureKilled, 96, QualifierExact, ""))},
			expectRange: Range{Min: 94, Max: 103, MinQualifier: QualifierExact, MaxQualifier: QualifierExact, Label: "94–103 killed"}},
		{name: "ok, one shared hedge is said once", given: []Citation{
			cite("a", fig(MeasureKilled, 140, QualifierAtLeast, "")), cite("b", fig(MeasureKilled, 139, QualifierAtLeast, "")),
			cite("c", fig(MeasureKilled, 145, QualifierAtLeast, ""))},
			expectRange: Range{Min: 139, Max: 145, MinQualifier: QualifierAtLeast, MaxQualifier: QualifierAtLeast, Label: "at least 139–145 killed"}},
		{name: "ok, one source keeps its hedge", given: []Citation{cite("a", fig(MeasureKilled, 500, QualifierMoreThan, ""))},
			expectRange: Range{Min: 500, Max: 500, MinQualifier: QualifierMoreThan, MaxQualifier: QualifierMoreThan, Label: "more than 500 killed"}},
		{name: "ok, mixed hedges each said", given: []Citation{
			cite("a", fig(MeasureKilled, 200, QualifierAlmost, "")), cite("b", fig(MeasureKilled, 1210, QualifierExact, ""))},
			expectRange: Range{Min: 200, Max: 1210, MinQualifier: QualifierAlmost, MaxQualifier: QualifierExact, Label: "almost 200 to 1,210 killed"}},
		{name: "ok, parts are never summed into a total no source gives", given: []Citation{
			cite("a", fig(MeasureKilled, 170, QualifierExact, "Afghans"), fig(MeasureKilled, 13, QualifierExact, "US troops")),
			cite("b", fig(MeasureKilled, 200, QualifierAlmost, ""), fig(MeasureKilled, 13, QualifierExact, "US soldiers"))},
			expectRange: Range{Min: 200, Max: 200, MinQualifier: QualifierAlmost, MaxQualifier: QualifierAlmost, Label: "almost 200 killed"}},
		{name: "ok, only parts: named, not summed", given: []Citation{
			cite("a", fig(MeasureKilled, 170, QualifierExact, "Afghans"), fig(MeasureKilled, 13, QualifierExact, "US troops"))},
			expectRange: Range{Min: 13, Max: 170, MinQualifier: QualifierExact, MaxQualifier: QualifierExact, Label: "170 Afghans and 13 US troops killed"}},
		{name: "ok, no figure", given: []Citation{cite("a", fig(MeasureInjured, 1, QualifierExact, ""))}, expectNil: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := (&Event{Citations: tt.given}).Casualties().Killed
			if tt.expectNil {
				if got != nil {
					t.Fatalf("killed = %+v, want none", got)
				}
				return
			}
			if got == nil || *got != tt.expectRange {
				t.Fatalf("killed = %+v, want %+v", got, tt.expectRange)
			}
		})
	}
}

func TestEvent_FeatureRoundTrip(t *testing.T) {
	e := validEvent()
	f := e.Feature(func(code string) string { return map[string]string{"IR": "Iran"}[code] })
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	back, err := geojson.UnmarshalFeature(b)
	if err != nil {
		t.Fatal(err)
	}
	p := back.Properties
	if p["date_label"] != "3 January 2024 – 4 January 2024" || p["start"] != "2024-01-03" || p["end"] != "2024-01-04" ||
		p["country_name"] != "Iran" || p["date_precision"] != "day" {
		t.Errorf("derived properties = %v %v %v %v %v", p["date_label"], p["start"], p["end"], p["country_name"], p["date_precision"])
	}
	got, err := EventFromFeature(back)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != e.ID || got.Point != e.Point || len(got.Citations) != 3 || got.Citations[2].Figures[0].Qualifier != QualifierAtLeast ||
		got.Links[0].Point != (orb.Point{71, 38.9}) || got.EndDate == nil || *got.EndDate != *e.EndDate {
		t.Errorf("round trip lost data: %+v", got)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("round-tripped event invalid: %v", err)
	}
}

func fmtSlice(s []string) string { return "[" + strings.Join(s, " ") + "]" }
