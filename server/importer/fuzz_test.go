package importer

import (
	"strings"
	"testing"
)

// FuzzRead feeds Read arbitrary bytes in every format. Read must not panic, must return rows
// or an error but not both, and every row it accepts must validate and lie in its country.
func FuzzRead(f *testing.F) {
	seeds := []string{
		"",
		"{",
		`{"type":"FeatureCollection","features":[{"type":"Feature","id":"k","geometry":{"type":"Point","coordinates":[57.08,30.28]},"properties":{"title":"T","summary":"S","date":"2024-01-03","kind":"attack","actor":"iskp","attribution":"claimed","place":"Kerman","country":"IR","location_precision":"city","sources":[{"source":"s","quotes":["q"]}]}}]}`,
		`{"type":"FeatureCollection","features":[null, 1, {"type":"Feature","geometry":null,"properties":null}]}`,
		westwardHeader + "kerman,Kerman bombing,Two blasts.,2024-01-03,,attack,iskp,claimed,Kerman,IR,,,,,,diplomat-2024," + kermanQuote + ",1,2,3\n",
		westwardHeader + ",T,S,2015,,attack,unclear,attributed,Turkey,TR,,,,,,osw-2024,q,,,\n",
		acledTestHeader + "AFG1,22 March 2024,Battles,Armed clash,ISKP,Afghanistan,Kabul,34.5,69.2,1,Pajhwok,Notes here.,3\n",
		acledTestHeader + "AFG1,22/03/2024,Protests,,,Atlantis,Nowhere,NaN,0x1p4,9,,,-1\n",
		"\uFEFFevent_date,event_type,country,location\r\n2024-03-22,Battles,Iran,Kerman\r\n",
		"event_date,event_type,country,location\n\"unterminated,Battles,Iran,Kerman\n",
		"id\n\"a\"b\n",
		"\x00\x01\x02\xff\xfe",
	}
	for i, s := range seeds {
		f.Add(s, uint8(i%4))
	}
	im := mustImporter(f)
	formats := []Format{"", FormatGeoJSON, FormatCSV, FormatACLED}
	f.Fuzz(func(t *testing.T, data string, format uint8) {
		rows, err := im.Read(strings.NewReader(data), Options{Format: formats[int(format)%len(formats)], SourceID: "fuzz"})
		if err != nil && rows != nil {
			t.Fatalf("rows and an error: %v", err)
		}
		checkAccepted(t, rows)
	})
}
