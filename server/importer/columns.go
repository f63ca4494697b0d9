package importer

import (
	"encoding/csv"
	"io"
	"slices"
	"strings"

	"github.com/westward/westward/geo"
)

// Column is one column of Westward's CSV: its header name, whether a row must fill it, what
// it means and a value that passes. Columns is the one description that GET
// /api/import/columns, GET /api/import/template.csv and the README's column reference are all
// derived from; tests hold it equal to the reader's csvColumns (itself derived from
// geo.EventEnums) and the README to it, so none of them can drift from what the importer reads.
type Column struct {
	Name     string `json:"name"`
	Required bool   `json:"required"`
	Meaning  string `json:"meaning"`
	Example  string `json:"example"`
}

// Columns are the columns of Westward's CSV, in the reader's order: the rows written here, and
// for an enumerated field of geo.EventEnums without one, a row made from its vocabulary, so a
// new enumerated field needs no edit here.
var Columns = withEnumColumns(describedColumns)

// describedColumns are the columns described by hand.
var describedColumns = []Column{
	{"id", false, "event id, a lower-case slug; empty: derived from date, place and kind (2024-03-22-kerman-attack)", "2024-03-22-kerman-attack"},
	{"title", true, "a short neutral title", "Bombing at a memorial procession in Kerman"},
	{"summary", true, "what happened, in a few sentences", "Two explosions struck a procession in Kerman."},
	{"date", true, "EDTF date: 2024-03-22, 2024-03, 2024 or 2023-21 (spring)", "2024-03-22"},
	{"end_date", false, "EDTF date the event ended, for events lasting more than a day", ""},
	{"kind", true, "one of the kinds listed by GET /api/collections/events/queryables", "attack"},
	{"actor", true, "one of the actors listed by the queryables", "iskp"},
	{"attribution", true, "one of the attributions listed by the queryables", "claimed"},
	{"place", true, "place name; geocoded offline when longitude and latitude are empty", "Kerman"},
	{"country", true, "ISO 3166-1 alpha-2 code or the country's name", "IR"},
	{"longitude", false, "decimal degrees; give both coordinates or neither", "57.0788"},
	{"latitude", false, "decimal degrees; give both coordinates or neither", "30.2839"},
	{"location_precision", false, "how exact the point is, one of the queryables' location precisions; required when coordinates are given; without them the geocoder sets it", "city"},
	{"location_role", false, "what the point stands for, one of the queryables' location roles (default occurrence)", ""},
	{"tags", false, "lower-case slugs separated by \";\"", "shia;procession"},
	{"notes", false, "editor's notes", ""},
	{"source", false, "id of the cited source (stored already); empty: the import's default source", "reuters"},
	{"quote", true, "the source's own words supporting the event, at most 30", "Two explosions killed dozens in Kerman"},
	{"killed", false, "whole number, the source's exact figure", "95"},
	{"injured", false, "whole number, the source's exact figure", ""},
	{"detained", false, "whole number, the source's exact figure", ""},
}

// WriteTemplate writes a CSV template: the header of Columns and one example row built from
// their examples, which imports as it stands once its source exists.
func WriteTemplate(w io.Writer) error {
	cw := csv.NewWriter(w)
	ex := make([]string, len(Columns))
	for i, c := range Columns {
		ex[i] = c.Example
	}
	names := make([]string, len(Columns))
	for i, c := range Columns {
		names[i] = c.Name
	}
	if err := cw.Write(names); err != nil {
		return err
	}
	if err := cw.Write(ex); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// ColumnReference is the Markdown table of Columns that README.md carries between its
// "csv-columns" markers; a test holds the README equal to it.
func ColumnReference() string {
	var b strings.Builder
	b.WriteString("| column | required | meaning | example |\n|---|---|---|---|\n")
	for _, c := range Columns {
		req := "no"
		if c.Required {
			req = "yes"
		}
		ex := ""
		if c.Example != "" {
			ex = "`" + c.Example + "`"
		}
		b.WriteString("| `" + c.Name + "` | " + req + " | " + strings.ReplaceAll(c.Meaning, "|", "\\|") + " | " + ex + " |\n")
	}
	return b.String()
}

// withEnumColumns orders described by the reader's columns (csvColumns), adding a row for each
// enumerated field that has none: its description, its values from the queryables, its default.
func withEnumColumns(described []Column) []Column {
	byName := map[string]Column{}
	for _, c := range described {
		byName[c.Name] = c
	}
	out := make([]Column, 0, len(csvColumns))
	for _, name := range csvColumns {
		if c, ok := byName[name]; ok {
			out = append(out, c)
			continue
		}
		i := slices.IndexFunc(geo.EventEnums, func(f geo.EnumField) bool { return f.Property == name })
		if i < 0 || len(geo.EventEnums[i].Terms) == 0 {
			continue // not enumerated, and not described: TestColumnsAreTheReaders says so
		}
		f := geo.EventEnums[i]
		meaning := f.Description + " One of the values the queryables list for " + f.Property
		if f.Default != "" {
			meaning += " (default " + f.Default + ")"
		}
		out = append(out, Column{Name: name, Required: f.Default == "", Meaning: meaning, Example: f.Terms[0].Value})
	}
	return out
}
