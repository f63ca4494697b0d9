package importer

import (
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/westward/westward/geo"
)

// acledTestHeader is the header of the ACLED test rows, in ACLED's column order.
const acledTestHeader = "event_id_cnty,event_date,event_type,sub_event_type,actor1,country,location,latitude,longitude,geo_precision,source,notes,fatalities\n"

// crocusNotes has 36 words, so the quote is cut after the 30th ("authorities").
const crocusNotes = "On 22 March 2024, gunmen opened fire on concert-goers at Crocus City Hall in Krasnogorsk, Moscow Oblast, and set the building on fire. Islamic State claimed the attack; Russian authorities  detained four suspects the next day."

func TestReadACLED_everyField(t *testing.T) {
	row := `RUS9876,22 March 2024,Violence against civilians,Attack,Islamic State Khorasan Province (ISKP),Russia,Krasnogorsk,55.8256,37.3893,1,Meduza; Reuters,"` + crocusNotes + `",145` + "\n"
	got := readOne(t, acledTestHeader+row, Options{})
	if got.Event == nil {
		t.Fatal(got.Reason)
	}
	want := &geo.Event{
		ID:                "acled-rus9876",
		Title:             "Violence against civilians in Krasnogorsk",
		Summary:           crocusNotes,
		Date:              geo.MustParseDate("2024-03-22"),
		Kind:              geo.KindAttack,
		Actor:             geo.ActorISKP,
		Attribution:       geo.AttributionAttributed,
		Place:             "Krasnogorsk",
		Country:           "RU",
		Point:             orb.Point{37.3893, 55.8256},
		LocationPrecision: geo.LocationCity,
		LocationRole:      geo.RoleOccurrence,
		Notes:             "ACLED sources: Meduza; Reuters",
		Citations: []geo.Citation{{
			SourceID: "acled",
			Quotes:   []string{"On 22 March 2024, gunmen opened fire on concert-goers at Crocus City Hall in Krasnogorsk, Moscow Oblast, and set the building on fire. Islamic State claimed the attack; Russian authorities"},
			Figures:  []geo.Figure{{Measure: geo.MeasureKilled, Value: 145, Qualifier: geo.QualifierExact}},
		}},
	}
	if !reflect.DeepEqual(got.Event, want) {
		t.Errorf("got  %+v\nwant %+v", got.Event, want)
	}
	if got.Line != 2 || got.ID != "acled-rus9876" {
		t.Errorf("line %d id %q", got.Line, got.ID)
	}
}

func TestReadACLED_fields(t *testing.T) {
	// row builds a Kabul row from the fields a case changes.
	row := func(date, eventType, sub, actor, lat, lon, precision, source, notes, fatalities string) string {
		return strings.Join([]string{"AFG1", date, eventType, sub, actor, "Afghanistan", "Kabul", lat, lon, precision, source, notes, fatalities}, ",") + "\n"
	}
	kabul := func(eventType, sub, actor string) string {
		return row("2022-09-05", eventType, sub, actor, "34.5281", "69.1723", "1", "Pajhwok", "A blast near an embassy.", "2")
	}
	tests := []struct {
		name   string
		given  string
		expect func(e *geo.Event) any // the part of the event the case is about
		want   any
	}{
		{name: "ok, ISO date", given: row("2024-03-22", "Battles", "Armed clash", "Taliban", "34.5", "69.2", "1", "", "n", "0"),
			expect: func(e *geo.Event) any { return e.Date }, want: geo.MustParseDate("2024-03-22")},
		{name: "ok, long date", given: row("22 March 2024", "Battles", "Armed clash", "Taliban", "34.5", "69.2", "1", "", "n", "0"),
			expect: func(e *geo.Event) any { return e.Date }, want: geo.MustParseDate("2024-03-22")},
		{name: "ok, day-first numeric date", given: row("22/03/2024", "Battles", "Armed clash", "Taliban", "34.5", "69.2", "1", "", "n", "0"),
			expect: func(e *geo.Event) any { return e.Date }, want: geo.MustParseDate("2024-03-22")},
		{name: "ok, single-digit day and month", given: row("2/3/2024", "Battles", "Armed clash", "Taliban", "34.5", "69.2", "1", "", "n", "0"),
			expect: func(e *geo.Event) any { return e.Date }, want: geo.MustParseDate("2024-03-02")},
		{name: "ok, explosions are attacks", given: kabul("Explosions/Remote violence", "Suicide bomb", "Unidentified Armed Group (Afghanistan)"),
			expect: func(e *geo.Event) any { return e.Kind }, want: geo.KindAttack},
		{name: "ok, violence against civilians is an attack", given: kabul("Violence against civilians", "Attack", ""),
			expect: func(e *geo.Event) any { return e.Kind }, want: geo.KindAttack},
		{name: "ok, battles are attacks", given: kabul("Battles", "Armed clash", ""),
			expect: func(e *geo.Event) any { return e.Kind }, want: geo.KindAttack},
		{name: "ok, strategic developments are network activity", given: kabul("Strategic developments", "Other", ""),
			expect: func(e *geo.Event) any { return e.Kind }, want: geo.KindNetwork},
		{name: "ok, strategic developments of sub-type Arrests are arrests", given: kabul("Strategic developments", "Arrests", "Police Forces of Afghanistan"),
			expect: func(e *geo.Event) any { return e.Kind }, want: geo.KindArrest},
		{name: "ok, event types in another case", given: kabul("BATTLES", "Armed clash", ""),
			expect: func(e *geo.Event) any { return e.Kind }, want: geo.KindAttack},
		{name: "ok, Islamic State Khorasan is iskp", given: kabul("Battles", "", "Islamic State (Khorasan Province)"),
			expect: func(e *geo.Event) any { return e.Actor }, want: geo.ActorISKP},
		{name: "ok, ISIS-K is iskp", given: kabul("Battles", "", "ISIS-K"),
			expect: func(e *geo.Event) any { return e.Actor }, want: geo.ActorISKP},
		{name: "ok, another Islamic State actor is is", given: kabul("Battles", "", "Islamic State (Syria)"),
			expect: func(e *geo.Event) any { return e.Actor }, want: geo.ActorIS},
		{name: "ok, any other actor is unclear", given: kabul("Battles", "", "Unidentified Armed Group (Afghanistan)"),
			expect: func(e *geo.Event) any { return e.Actor }, want: geo.ActorUnclear},
		{name: "ok, an empty actor is unclear", given: kabul("Battles", "", ""),
			expect: func(e *geo.Event) any { return e.Actor }, want: geo.ActorUnclear},
		{name: "ok, geo_precision 2 is region", given: row("2022-09-05", "Battles", "", "", "34.5", "69.2", "2", "", "n", ""),
			expect: func(e *geo.Event) any { return e.LocationPrecision }, want: geo.LocationRegion},
		{name: "ok, geo_precision 3 is region", given: row("2022-09-05", "Battles", "", "", "34.5", "69.2", "3", "", "n", ""),
			expect: func(e *geo.Event) any { return e.LocationPrecision }, want: geo.LocationRegion},
		{name: "ok, no geo_precision with coordinates is region", given: row("2022-09-05", "Battles", "", "", "34.5", "69.2", "", "", "n", ""),
			expect: func(e *geo.Event) any { return e.LocationPrecision }, want: geo.LocationRegion},
		{name: "ok, geocoded with geo_precision 1 is the gazetteer's Kabul, city", given: row("2022-09-05", "Battles", "", "", "", "", "1", "", "n", ""),
			expect: func(e *geo.Event) any { return [2]any{e.Point, e.LocationPrecision} }, want: [2]any{orb.Point{69.17233, 34.52813}, geo.LocationCity}},
		{name: "ok, geocoded with geo_precision 2 stays region", given: row("2022-09-05", "Battles", "", "", "", "", "2", "", "n", ""),
			expect: func(e *geo.Event) any { return e.LocationPrecision }, want: geo.LocationRegion},
		{name: "ok, no fatalities, no figure", given: row("2022-09-05", "Battles", "", "", "34.5", "69.2", "1", "", "n", "0"),
			expect: func(e *geo.Event) any { return e.Citations[0].Figures }, want: []geo.Figure(nil)},
		{name: "ok, no notes: a neutral summary and the title as the quote", given: row("2022-09-05", "Battles", "Armed clash", "", "34.5", "69.2", "1", "", "", ""),
			expect: func(e *geo.Event) any { return [2]any{e.Summary, e.Citations[0].Quotes} },
			want:   [2]any{"ACLED records an event of type Battles (Armed clash) in Kabul, Afghanistan on 5 September 2022.", []string{"Battles in Kabul"}}},
		{name: "ok, no source: no notes", given: row("2022-09-05", "Battles", "", "", "34.5", "69.2", "1", "", "n", ""),
			expect: func(e *geo.Event) any { return e.Notes }, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readOne(t, acledTestHeader+tt.given, Options{})
			if got.Event == nil {
				t.Fatal(got.Reason)
			}
			checkAccepted(t, []Row{got})
			if v := tt.expect(got.Event); !reflect.DeepEqual(v, tt.want) {
				t.Errorf("got %#v, want %#v", v, tt.want)
			}
		})
	}
}

func TestReadACLED_rejected(t *testing.T) {
	tests := []struct {
		name         string
		givenRow     string
		expectReason string
	}{
		{name: "nok, protests", givenRow: "AFG2,2022-09-05,Protests,Peaceful protest,Protesters (Afghanistan),Afghanistan,Kabul,34.5,69.2,1,Pajhwok,A march.,0",
			expectReason: `line 2: event_type "Protests" is not a kind Westward maps`},
		{name: "nok, riots", givenRow: "AFG2,2022-09-05,Riots,Mob violence,Rioters (Afghanistan),Afghanistan,Kabul,34.5,69.2,1,Pajhwok,A riot.,0",
			expectReason: `line 2: event_type "Riots" is not a kind Westward maps`},
		{name: "nok, impossible date", givenRow: "AFG2,2024-13-45,Battles,,,Afghanistan,Kabul,34.5,69.2,1,,n,0",
			expectReason: `line 2: event_date "2024-13-45" is not a date (want 2024-03-22, 22 March 2024 or 22/03/2024)`},
		{name: "nok, month-first date", givenRow: "AFG2,03/22/2024,Battles,,,Afghanistan,Kabul,34.5,69.2,1,,n,0",
			expectReason: `line 2: event_date "03/22/2024" is not a date (want 2024-03-22, 22 March 2024 or 22/03/2024)`},
		{name: "nok, no date", givenRow: "AFG2,,Battles,,,Afghanistan,Kabul,34.5,69.2,1,,n,0",
			expectReason: `line 2: event_date is empty`},
		{name: "nok, unknown country", givenRow: "AFG2,2022-09-05,Battles,,,Atlantis,Kabul,34.5,69.2,1,,n,0",
			expectReason: `line 2: country "Atlantis" is not a country Westward knows`},
		{name: "nok, point outside the country", givenRow: "IRN2,2022-09-05,Battles,,,Iran,Kerman,50.0,10.0,1,,n,0",
			expectReason: `line 2: point [10,50] is not in IR (it is in DE)`},
		{name: "nok, unknown place", givenRow: "AFG2,2022-09-05,Battles,,,Afghanistan,Nowhereville,,,1,,n,0",
			expectReason: `line 2: "Nowhereville" not found in the gazetteer for country AF`},
		{name: "nok, NaN longitude", givenRow: "AFG2,2022-09-05,Battles,,,Afghanistan,Kabul,34.5,NaN,1,,n,0",
			expectReason: `line 2: longitude "NaN" is not a number`},
		{name: "nok, hexadecimal longitude", givenRow: "AFG2,2022-09-05,Battles,,,Afghanistan,Kabul,34.5,0x45p0,1,,n,0",
			expectReason: `line 2: longitude "0x45p0" is not a number`},
		{name: "nok, longitude with a decimal comma", givenRow: `AFG2,2022-09-05,Battles,,,Afghanistan,Kabul,34.5,"69,2",1,,n,0`,
			expectReason: `line 2: longitude "69,2" is not a number`},
		{name: "nok, missing columns", givenRow: "AFG2,2022-09-05,Battles,,,Afghanistan,Kabul",
			expectReason: `line 2: 7 fields where the header has 13`},
		{name: "nok, no location", givenRow: "AFG2,2022-09-05,Battles,,,Afghanistan,,34.5,69.2,1,,n,0",
			expectReason: `line 2: location is empty`},
		{name: "nok, fatalities not a number", givenRow: "AFG2,2022-09-05,Battles,,,Afghanistan,Kabul,34.5,69.2,1,,n,unknown",
			expectReason: `line 2: fatalities "unknown" is not a whole number`},
		{name: "nok, geo_precision out of ACLED's range", givenRow: "AFG2,2022-09-05,Battles,,,Afghanistan,Kabul,34.5,69.2,4,,n,0",
			expectReason: `line 2: geo_precision "4" is not 1, 2 or 3`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readOne(t, acledTestHeader+tt.givenRow+"\n", Options{})
			if got.Reason != tt.expectReason {
				t.Errorf("reason = %q\nwant     %q", got.Reason, tt.expectReason)
			}
			if got.Event != nil {
				t.Errorf("a rejected row has an event: %+v", got.Event)
			}
		})
	}
}

func TestReadACLED_countryNames(t *testing.T) {
	tests := []struct{ given, expect string }{
		{"Afghanistan", "AF"}, {"Turkey", "TR"}, {"Türkiye", "TR"}, {"Russia", "RU"}, {"Iran", "IR"},
		{"Syria", "SY"}, {"Democratic Republic of Congo", "CD"}, {"Cote d'Ivoire", "CI"}, {"côte d’ivoire", "CI"},
		{"United States", "US"}, {"Bosnia and Herzegovina", "BA"}, {"Czech Republic", "CZ"},
	}
	im := mustImporter(t)
	for _, tt := range tests {
		t.Run("ok, "+tt.given, func(t *testing.T) {
			got, err := im.countryCode(tt.given)
			if err != nil || got != tt.expect {
				t.Errorf("countryCode(%q) = %q, %v; want %q", tt.given, got, err, tt.expect)
			}
		})
	}
}

func TestReadACLED_isoFallback(t *testing.T) {
	text := "event_date,event_type,iso,country,location,latitude,longitude\n" +
		"2022-09-05,Battles,4,Islamic Emirate of Afghanistan,Kabul,34.5,69.2\n"
	got := readOne(t, text, Options{})
	if got.Event == nil || got.Event.Country != "AF" {
		t.Fatalf("got %+v", got)
	}
}

func TestReadACLED_ids(t *testing.T) {
	row := "2022-09-05,Battles,Armed clash,Taliban,Afghanistan,Kabul,34.5,69.2,1,Pajhwok,Clashes in Kabul.,3\n"
	const head = "event_date,event_type,sub_event_type,actor1,country,location,latitude,longitude,geo_precision,source,notes,fatalities\n"
	first := readOne(t, head+row, Options{})
	again := readOne(t, head+row, Options{})
	if !strings.HasPrefix(first.ID, "acled-") || len(first.ID) != len("acled-")+16 || first.ID != again.ID {
		t.Fatalf("ids %q and %q: want the same acled-<16 hex digits>", first.ID, again.ID)
	}
	// The same fields in another column order are the same row.
	reordered := "notes,fatalities,event_type,event_date,sub_event_type,actor1,country,location,latitude,longitude,geo_precision,source\n" +
		"Clashes in Kabul.,3,Battles,2022-09-05,Armed clash,Taliban,Afghanistan,Kabul,34.5,69.2,1,Pajhwok\n"
	if got := readOne(t, reordered, Options{}); got.ID != first.ID {
		t.Errorf("reordered columns: id %q, want %q", got.ID, first.ID)
	}
	// A different row gets a different id.
	other := readOne(t, head+strings.Replace(row, ",3\n", ",4\n", 1), Options{})
	if other.ID == first.ID {
		t.Errorf("rows differing in fatalities share the id %q", other.ID)
	}
	twice := mustRead(t, head+row+row, Options{})
	want := []string{"", `line 3: id "` + first.ID + `" repeats line 2`}
	if !reflect.DeepEqual(reasons(twice), want) {
		t.Errorf("reasons = %q, want %q", reasons(twice), want)
	}
}

func TestReadACLED_metacharactersKeptVerbatim(t *testing.T) {
	notes := `Robert'); DROP TABLE events;-- <script>alert("x")</script> & <b>bold</b>`
	place := `Kabul <img src=x onerror=alert(1)>`
	row := `AFG7,2022-09-05,Battles,Armed clash,"<i>Group</i>' OR '1'='1",Afghanistan,"` + place + `",34.5,69.2,1,"Source ""A""; <b>B</b>","` +
		strings.ReplaceAll(notes, `"`, `""`) + `",0` + "\n"
	got := readOne(t, acledTestHeader+row, Options{})
	if got.Event == nil {
		t.Fatal(got.Reason)
	}
	e := got.Event
	for _, c := range []struct{ field, got, want string }{
		{"summary", e.Summary, notes},
		{"quote", e.Citations[0].Quotes[0], notes},
		{"place", e.Place, place},
		{"title", e.Title, "Battles in " + place},
		{"notes", e.Notes, `ACLED sources: Source "A"; <b>B</b>`},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
}

func TestReadACLED_bomAndCRLF(t *testing.T) {
	text := "\uFEFF" + strings.ReplaceAll(acledTestHeader+
		"AFG1,2022-09-05,Battles,,,Afghanistan,Kabul,34.5,69.2,1,,\"two\nlines\",0\n"+
		"AFG2,2022-09-06,Battles,,,Afghanistan,Kabul,34.5,69.2,1,,n,0\n", "\n", "\r\n")
	rows := mustRead(t, text, Options{})
	checkAccepted(t, rows)
	if len(rows) != 2 || rows[0].Event == nil || rows[1].Event == nil {
		t.Fatalf("rows = %+v", rows)
	}
	if rows[0].Line != 2 || rows[1].Line != 4 {
		t.Errorf("lines %d, %d; want 2, 4 (the first row spans two lines)", rows[0].Line, rows[1].Line)
	}
	if rows[0].ID != "acled-afg1" {
		t.Errorf("id %q: the BOM was not stripped from the header", rows[0].ID)
	}
	if got := rows[0].Event.Summary; got != "two\nlines" {
		t.Errorf("summary %q: csv turns CRLF inside a quoted field into LF", got)
	}
}

func TestReadCSV_bomAndCRLF(t *testing.T) {
	text := "\uFEFF" + strings.ReplaceAll(westwardHeader+
		"kerman-crlf,Kerman bombing,Two blasts.,2024-01-03,,attack,iskp,claimed,Kerman,IR,,,,,,diplomat-2024,"+kermanQuote+",,,\n", "\n", "\r\n")
	got := readOne(t, text, Options{})
	if got.Event == nil || got.ID != "kerman-crlf" || got.Event.Citations[0].Quotes[0] != kermanQuote {
		t.Fatalf("got %+v", got)
	}
}

func TestReadACLED_malformedRowDoesNotStopTheFile(t *testing.T) {
	text := acledTestHeader +
		"AFG1,2022-09-05,Battles,,,Afghanistan,Kabul,34.5,69.2,1,,a \"bare\" quote,0\n" +
		"AFG2,2022-09-06,Battles,,,Afghanistan,Kabul,34.5,69.2,1,,n,0\n"
	rows := mustRead(t, text, Options{})
	want := []string{`line 2: not valid CSV: bare " in non-quoted-field`, ""}
	if !reflect.DeepEqual(reasons(rows), want) {
		t.Errorf("reasons = %q, want %q", reasons(rows), want)
	}
}

func TestACLEDSource_validates(t *testing.T) {
	s := ACLEDSource()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.ID != "acled" {
		t.Errorf("id %q", s.ID)
	}
}

func TestReadACLED_rereadGivesEqualEvents(t *testing.T) {
	// The store's ImportEvents reports an event unchanged when its fields are equal, so an
	// import is idempotent only if a second read of the same file gives equal events.
	var b strings.Builder
	if err := GenerateACLED(&b, 300, 7); err != nil {
		t.Fatal(err)
	}
	first := mustRead(t, b.String(), Options{})
	again := mustRead(t, b.String(), Options{})
	if !reflect.DeepEqual(first, again) {
		t.Fatal("two reads of the same file differ")
	}
	accepted := 0
	for _, r := range first {
		if r.Event != nil {
			accepted++
		}
	}
	if accepted < 280 {
		t.Errorf("only %d of 300 rows accepted", accepted)
	}
}
