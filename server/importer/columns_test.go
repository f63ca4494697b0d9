package importer

import (
	"bytes"
	"encoding/csv"
	"os"
	"strings"
	"testing"
)

// TestColumnReferenceInREADME holds the README's CSV column reference equal to Columns; run
// with WESTWARD_WRITE_README=1 to rewrite it.
func TestColumnReferenceInREADME(t *testing.T) {
	const path = "../../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const start, end = "<!-- csv-columns -->\n", "<!-- /csv-columns -->"
	s := string(b)
	i, j := strings.Index(s, start), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the %q … %q markers", start, end)
	}
	got, want := s[i+len(start):j], ColumnReference()
	if got == want {
		return
	}
	if os.Getenv("WESTWARD_WRITE_README") == "1" {
		if err := os.WriteFile(path, []byte(s[:i+len(start)]+want+s[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's column reference differs from importer.Columns; rerun with WESTWARD_WRITE_README=1\ngot:\n%s\nwant:\n%s", got, want)
}

// TestColumnsAreTheReaders holds the described columns equal, in order, to those the reader
// takes: a column added to the reader (or to geo.EventEnums) needs its row in Columns.
func TestColumnsAreTheReaders(t *testing.T) {
	names := make([]string, len(Columns))
	for i, c := range Columns {
		names[i] = c.Name
	}
	if got, want := strings.Join(names, ","), strings.Join(csvColumns, ","); got != want {
		t.Errorf("Columns are\n%s\nthe reader takes\n%s", got, want)
	}
}

// TestTemplate checks the template is the header of Columns and their example row.
func TestTemplate(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || strings.Join(recs[0], ",") != strings.Join(csvColumns, ",") {
		t.Fatalf("template header %v, want %v", recs, csvColumns)
	}
	if recs[1][0] != "2024-03-22-kerman-attack" || recs[1][3] != "2024-03-22" {
		t.Errorf("example row %v", recs[1])
	}
}

func TestDerivedID(t *testing.T) {
	for _, tc := range []struct {
		name, date, place, kind, want string
		bad                           bool
	}{
		{name: "ok, day", date: "2024-03-22", place: "Kerman", kind: "attack", want: "2024-03-22-kerman-attack"},
		{name: "ok, accents and spaces", date: "2024-03", place: "Mazār-i-Sharīf city", kind: "arrest", want: "2024-03-mazar-i-sharif-city-arrest"},
		{name: "ok, no kind", date: "2024", place: "Kabul", kind: "", want: "2024-kabul-event"},
		{name: "nok, no date", date: "", place: "Kabul", kind: "attack", bad: true},
		{name: "nok, not a date", date: "22/03/2024", place: "Kabul", kind: "attack", bad: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DerivedID(tc.date, tc.place, tc.kind)
			if (err != nil) != tc.bad || got != tc.want {
				t.Errorf("DerivedID(%q, %q, %q) = %q, %v; want %q (error %v)", tc.date, tc.place, tc.kind, got, err, tc.want, tc.bad)
			}
		})
	}
}
