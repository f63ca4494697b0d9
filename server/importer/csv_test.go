package importer

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/westward/westward/geo"
)

// westwardHeader is the header of the Westward CSV test rows.
const westwardHeader = "id,title,summary,date,end_date,kind,actor,attribution,place,country,longitude,latitude,location_precision,tags,notes,source,quote,killed,injured,detained\n"

// kermanQuote is the citation every test row carries unless a case is about it.
const kermanQuote = "Two explosions struck a memorial ceremony in Kerman"

func TestReadCSV_accepted(t *testing.T) {
	tests := []struct {
		name            string
		givenRow        string
		givenOpt        Options
		expectID        string
		expectPoint     orb.Point // compared to within 0.01°; zero: only checked to lie in the country
		expectPrecision geo.LocationPrecision
		expectCountry   string
	}{
		{
			name:     "ok, coordinates given",
			givenRow: "kerman-bombing-2024,Kerman bombing,Two blasts at a memorial.,2024-01-03,,attack,iskp,claimed,Kerman,IR,57.0788,30.2832,venue,kerman;iran,,diplomat-2024," + kermanQuote + ",95,284,",
			expectID: "kerman-bombing-2024", expectPoint: orb.Point{57.0788, 30.2832}, expectPrecision: geo.LocationVenue, expectCountry: "IR",
		},
		{
			name:     "ok, geocoded Kerman in IR",
			givenRow: "kerman-geocoded,Kerman bombing,Two blasts at a memorial.,2024-01-03,,attack,iskp,claimed,Kerman,IR,,,,,,diplomat-2024," + kermanQuote + ",,,",
			expectID: "kerman-geocoded", expectPoint: orb.Point{57.08, 30.28}, expectPrecision: geo.LocationCity, expectCountry: "IR",
		},
		{
			name:     "ok, geocoded Krasnogorsk in RU, the Moscow Oblast town, not the Sakhalin one",
			givenRow: "crocus,Crocus City Hall attack,Gunmen attacked a concert hall.,2024-03-22,,attack,iskp,claimed,Krasnogorsk,RU,,,,,,diplomat-2024,Gunmen opened fire in Crocus City Hall,,,",
			expectID: "crocus", expectPoint: orb.Point{37.33, 55.82}, expectPrecision: geo.LocationCity, expectCountry: "RU",
		},
		{
			name:     "ok, a country's name gets a point inside it, precision country",
			givenRow: "turkey-2015,Attack in Turkey,An attack in Turkey.,2015,,attack,unclear,attributed,Turkey,TR,,,,,,osw-2024,Residents of Central Asia carried out terrorist attacks in Turkey,,,",
			expectID: "turkey-2015", expectPrecision: geo.LocationCountry, expectCountry: "TR",
		},
		{
			name:     "ok, the country's name in another case and with diacritics",
			givenRow: "turkiye-2016,Attack in Turkey,An attack in Turkey.,2016,,attack,unclear,attributed,TÜRKİYE,tr,,,,,,osw-2024,Residents of Central Asia carried out terrorist attacks in Turkey,,,",
			expectID: "turkiye-2016", expectPrecision: geo.LocationCountry, expectCountry: "TR",
		},
		{
			name:     "ok, a country given by name",
			givenRow: "kerman-by-name,Kerman bombing,Two blasts.,2024-01-03,,attack,iskp,claimed,Kerman,Iran,,,,,,diplomat-2024," + kermanQuote + ",,,",
			expectID: "kerman-by-name", expectPoint: orb.Point{57.08, 30.28}, expectPrecision: geo.LocationCity, expectCountry: "IR",
		},
		{
			name:     "ok, no id: derived from date, place and kind",
			givenRow: ",Kerman bombing,Two blasts.,2024-01-03,,attack,iskp,claimed,Kerman,IR,,,,,,diplomat-2024," + kermanQuote + ",,,",
			expectID: "2024-01-03-kerman-attack", expectPoint: orb.Point{57.08, 30.28}, expectPrecision: geo.LocationCity, expectCountry: "IR",
		},
		{
			name:     "ok, no id and a place in Cyrillic: the id holds a digest of it",
			givenRow: ",Crocus City Hall attack,Gunmen attacked.,2024-03-22,,attack,iskp,claimed,Красногорск,RU,37.3893,55.8256,venue,,,diplomat-2024,Gunmen opened fire,,,",
			expectID: "2024-03-22-place-" + stableHash("Красногорск")[:8] + "-attack", expectPoint: orb.Point{37.3893, 55.8256}, expectPrecision: geo.LocationVenue, expectCountry: "RU",
		},
		{
			name:     "ok, no source column value: Options.SourceID",
			givenRow: "kerman-default-source,Kerman bombing,Two blasts.,2024-01-03,,attack,iskp,claimed,Kerman,IR,57.0788,30.2832,city,,,," + kermanQuote + ",,,",
			givenOpt: Options{SourceID: "diplomat-2024"},
			expectID: "kerman-default-source", expectPoint: orb.Point{57.0788, 30.2832}, expectPrecision: geo.LocationCity, expectCountry: "IR",
		},
		{
			name:     "ok, a coastal venue just off the generalised coastline",
			givenRow: "off-istanbul,Istanbul attack,An attack by the Bosphorus.,2017-01-01,,attack,is,claimed,Istanbul,TR,29.085,40.950,venue,,,diplomat-2024,A gunman attacked a nightclub,,,",
			expectID: "off-istanbul", expectPoint: orb.Point{29.085, 40.950}, expectPrecision: geo.LocationVenue, expectCountry: "TR",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := mustRead(t, westwardHeader+tt.givenRow+"\n", tt.givenOpt)
			checkAccepted(t, rows)
			if len(rows) != 1 || rows[0].Event == nil {
				t.Fatalf("rows = %+v", rows)
			}
			e := rows[0].Event
			if e.ID != tt.expectID || rows[0].ID != tt.expectID {
				t.Errorf("id = %q (row %q), want %q", e.ID, rows[0].ID, tt.expectID)
			}
			if e.Country != tt.expectCountry {
				t.Errorf("country = %q, want %q", e.Country, tt.expectCountry)
			}
			if e.LocationPrecision != tt.expectPrecision {
				t.Errorf("precision = %q, want %q", e.LocationPrecision, tt.expectPrecision)
			}
			if tt.expectPoint != (orb.Point{}) && (math.Abs(e.Point[0]-tt.expectPoint[0]) > 0.01 || math.Abs(e.Point[1]-tt.expectPoint[1]) > 0.01) {
				t.Errorf("point = %v, want near %v", e.Point, tt.expectPoint)
			}
			if rows[0].Line != 2 {
				t.Errorf("line = %d, want 2", rows[0].Line)
			}
		})
	}
}

func TestReadCSV_everyField(t *testing.T) {
	row := "kerman-bombing-2024,Kerman bombing,Two blasts at a memorial.,2024-01-03,2024-01-04,attack,iskp,claimed,Kerman,IR,57.0788,30.2832,venue, kerman ; iran-attacks ;,Figures from the first day.,diplomat-2024," + kermanQuote + ",95,284,11\n"
	got := readOne(t, westwardHeader+row, Options{})
	if got.Event == nil {
		t.Fatal(got.Reason)
	}
	end := geo.MustParseDate("2024-01-04")
	want := &geo.Event{
		ID: "kerman-bombing-2024", Title: "Kerman bombing", Summary: "Two blasts at a memorial.",
		Date: geo.MustParseDate("2024-01-03"), EndDate: &end, Kind: geo.KindAttack, Actor: geo.ActorISKP,
		Attribution: geo.AttributionClaimed, Place: "Kerman", Country: "IR", Point: orb.Point{57.0788, 30.2832},
		LocationPrecision: geo.LocationVenue, LocationRole: geo.RoleOccurrence, Tags: []string{"kerman", "iran-attacks"}, Notes: "Figures from the first day.",
		Citations: []geo.Citation{{SourceID: "diplomat-2024", Quotes: []string{kermanQuote}, Figures: []geo.Figure{
			{Measure: geo.MeasureKilled, Value: 95, Qualifier: geo.QualifierExact},
			{Measure: geo.MeasureInjured, Value: 284, Qualifier: geo.QualifierExact},
			{Measure: geo.MeasureDetained, Value: 11, Qualifier: geo.QualifierExact},
		}}},
	}
	if !reflect.DeepEqual(got.Event, want) {
		t.Errorf("got  %+v\nwant %+v", got.Event, want)
	}
}

func TestReadCSV_columnsInAnyOrder(t *testing.T) {
	text := "Quote,Source,COUNTRY,place,Kind,date,summary,title,actor,attribution,extra\n" +
		kermanQuote + ",diplomat-2024,IR,Kerman,attack,2024-01-03,Two blasts.,Kerman bombing,iskp,claimed,ignored\n"
	got := readOne(t, text, Options{})
	if got.Event == nil {
		t.Fatal(got.Reason)
	}
	if got.ID != "2024-01-03-kerman-attack" || got.Event.Place != "Kerman" || got.Event.Citations[0].SourceID != "diplomat-2024" {
		t.Errorf("got %+v", got.Event)
	}
}

func TestReadCSV_rejected(t *testing.T) {
	// ok is the start of a good row up to the place; each case adds the rest.
	const ok = "x,Kerman bombing,Two blasts.,2024-01-03,,attack,iskp,claimed,"
	const tail = ",,,diplomat-2024," + kermanQuote + ",,,"
	tests := []struct {
		name         string
		givenRow     string
		givenOpt     Options
		expectReason string
	}{
		{name: "nok, longitude not a number", givenRow: ok + "Kerman,IR,abc,30.28,city" + tail, expectReason: `line 2: longitude "abc" is not a number`},
		{name: "nok, NaN longitude", givenRow: ok + "Kerman,IR,NaN,30.28,city" + tail, expectReason: `line 2: longitude "NaN" is not a number`},
		{name: "nok, hexadecimal latitude", givenRow: ok + "Kerman,IR,57.08,0x1Ep0,city" + tail, expectReason: `line 2: latitude "0x1Ep0" is not a number`},
		{name: "nok, infinite longitude", givenRow: ok + "Kerman,IR,+Inf,30.28,city" + tail, expectReason: `line 2: longitude "+Inf" is not a number`},
		{name: "nok, latitude out of range", givenRow: ok + "Kerman,IR,57.08,91,city" + tail, expectReason: `line 2: latitude 91 is out of range (-90 to 90)`},
		{name: "nok, only a longitude", givenRow: ok + "Kerman,IR,57.08,,city" + tail, expectReason: `line 2: latitude is empty but longitude is "57.08"; give both or neither`},
		{name: "nok, point outside its country", givenRow: ok + "Kerman,IR,10,50,city" + tail, expectReason: `line 2: point [10,50] is not in IR (it is in DE)`},
		{name: "nok, point at sea", givenRow: ok + "Kerman,IR,60,-30,city" + tail, expectReason: `line 2: point [60,-30] is not in IR`},
		{name: "nok, place not in the gazetteer", givenRow: ok + "Nowhereville,AF,,," + tail, expectReason: `line 2: "Nowhereville" not found in the gazetteer for country AF`},
		{name: "nok, only a prefix of a place", givenRow: ok + "Kerm,IR,,," + tail, expectReason: `line 2: "Kerm" not found in the gazetteer for country IR (only names starting so, such as "Kermanshah")`},
		{name: "nok, a place only abroad", givenRow: ok + "Kerman,AF,,," + tail, expectReason: `line 2: "Kerman" not found in the gazetteer for country AF`},
		{name: "nok, another country's name", givenRow: ok + "Turkey,IR,,," + tail, expectReason: `line 2: "Turkey" not found in the gazetteer for country IR`},
		{name: "nok, unknown country code", givenRow: ok + "Kerman,ZZ,57.08,30.28,city" + tail, expectReason: `line 2: country "ZZ" is not a country Westward knows`},
		{name: "nok, empty country", givenRow: ok + "Kerman,,57.08,30.28,city" + tail, expectReason: `line 2: country is empty`},
		{name: "nok, empty place", givenRow: ok + ",IR,57.08,30.28,city" + tail, expectReason: `line 2: place is empty`},
		{name: "nok, coordinates without a precision", givenRow: ok + "Kerman,IR,57.08,30.28," + tail, expectReason: `line 2: location_precision is empty but longitude and latitude are given; say how exact the point is (city, region, …) or leave the coordinates empty for the geocoder`},
		{name: "nok, bad date", givenRow: "x,T,S,2024-02-30,,attack,iskp,claimed,Kerman,IR,57.08,30.28,city" + tail, expectReason: `line 2: date "2024-02-30" is not an EDTF date (2024-03-22, 2024-03, 2024)`},
		{name: "nok, no date", givenRow: "x,T,S,,,attack,iskp,claimed,Kerman,IR,57.08,30.28,city" + tail, expectReason: `line 2: date is empty`},
		{name: "nok, end before start", givenRow: "x,T,S,2024-01-03,2023,attack,iskp,claimed,Kerman,IR,57.08,30.28,city" + tail, expectReason: `line 2: end_date: 2023 is before date 2024-01-03`},
		{name: "nok, unknown kind", givenRow: "x,T,S,2024-01-03,,bombing,iskp,claimed,Kerman,IR,57.08,30.28,city" + tail, expectReason: `line 2: kind: unknown value "bombing"; want one of attack, foiled_plot, arrest, threat, cross_border_strike, network, propaganda`},
		{name: "nok, id not a slug", givenRow: "Kerman Bombing,T,S,2024-01-03,,attack,iskp,claimed,Kerman,IR,57.08,30.28,city" + tail, expectReason: `line 2: id: "Kerman Bombing" is not a lower-case slug (a-z, 0-9, single hyphens)`},
		{name: "nok, no title", givenRow: "x,,S,2024-01-03,,attack,iskp,claimed,Kerman,IR,57.08,30.28,city" + tail, expectReason: `line 2: title: is required`},
		{name: "nok, tag not a slug", givenRow: ok + "Kerman,IR,57.08,30.28,city,Iran Attacks,,diplomat-2024," + kermanQuote + ",,,", expectReason: `line 2: tags: "Iran Attacks" is not a lower-case kebab-case tag`},
		{name: "nok, no quote", givenRow: ok + "Kerman,IR,57.08,30.28,city,,,diplomat-2024,,,,", expectReason: `line 2: quote is empty: a citation needs the source's own words`},
		{name: "nok, no source and no default", givenRow: ok + "Kerman,IR,57.08,30.28,city,,,," + kermanQuote + ",,,", expectReason: `line 2: source is empty and no default source was given`},
		{name: "nok, quote too long", givenRow: ok + "Kerman,IR,57.08,30.28,city,,,diplomat-2024," + strings.Repeat("word ", 31) + ",,,", expectReason: `line 2: sources[0].quotes[0]: has 31 words; quote at most 30`},
		{name: "nok, killed not a number", givenRow: ok + "Kerman,IR,57.08,30.28,city,,,diplomat-2024," + kermanQuote + ",many,,", expectReason: `line 2: killed "many" is not a whole number`},
		{name: "nok, negative injured", givenRow: ok + "Kerman,IR,57.08,30.28,city,,,diplomat-2024," + kermanQuote + ",,-3,", expectReason: `line 2: injured "-3" is not a whole number`},
		{name: "nok, detained too large", givenRow: ok + "Kerman,IR,57.08,30.28,city,,,diplomat-2024," + kermanQuote + ",,,99999999999999999999", expectReason: `line 2: detained "99999999999999999999" is too large`},
		{name: "nok, a field short", givenRow: ok + "Kerman,IR,57.08,30.28,city,,,diplomat-2024," + kermanQuote + ",,", expectReason: `line 2: 19 fields where the header has 20`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readOne(t, westwardHeader+tt.givenRow+"\n", tt.givenOpt)
			if got.Reason != tt.expectReason {
				t.Errorf("reason = %q\nwant     %q", got.Reason, tt.expectReason)
			}
			if got.Event != nil {
				t.Errorf("a rejected row has an event: %+v", got.Event)
			}
			if got.Line != 2 {
				t.Errorf("line = %d, want 2", got.Line)
			}
		})
	}
}

func TestReadCSV_idempotentIDs(t *testing.T) {
	row := ",Kerman bombing,Two blasts.,2024-01-03,,attack,iskp,claimed,Kerman,IR,,,,,,diplomat-2024," + kermanQuote + ",,,\n"
	first := mustRead(t, westwardHeader+row, Options{})
	again := mustRead(t, westwardHeader+row, Options{})
	if first[0].ID == "" || first[0].ID != again[0].ID {
		t.Errorf("ids %q and %q: want the same non-empty id", first[0].ID, again[0].ID)
	}
	twice := mustRead(t, westwardHeader+row+row, Options{})
	want := []string{"", `line 3: id "2024-01-03-kerman-attack" repeats line 2`}
	if !reflect.DeepEqual(reasons(twice), want) {
		t.Errorf("reasons = %q, want %q", reasons(twice), want)
	}
	if twice[1].ID != twice[0].ID {
		t.Errorf("the repeated row's id is %q, want %q", twice[1].ID, twice[0].ID)
	}
}
