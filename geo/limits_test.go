package geo

import (
	"strings"
	"testing"
)

func TestEvent_textLimits(t *testing.T) {
	tests := []struct {
		name        string
		change      func(e *Event)
		expectParam string
	}{
		{"ok, a multi-line summary", func(e *Event) { e.Summary = "One.\nTwo.\n\tThree." }, ""},
		{"ok, a summary at the limit", func(e *Event) { e.Summary = strings.Repeat("é", LimitSummary.MaxRunes) }, ""},
		{"nok, a summary over the limit", func(e *Event) { e.Summary = strings.Repeat("a", LimitSummary.MaxRunes+1) }, "summary"},
		{"nok, a 10 MB summary", func(e *Event) { e.Summary = strings.Repeat("a", 10<<20) }, "summary"},
		{"nok, a title over the limit", func(e *Event) { e.Title = strings.Repeat("t", LimitTitle.MaxRunes+1) }, "title"},
		{"nok, a line break in a title", func(e *Event) { e.Title = "One\nTwo" }, "title"},
		{"nok, NUL in notes", func(e *Event) { e.Notes = "a\x00b" }, "notes"},
		{"nok, invalid UTF-8 in place", func(e *Event) { e.Place = "Ker\xffman" }, "place"},
		{"nok, a bidi override in a title", func(e *Event) { e.Title = "Kerman \u202Enamrek" }, "title"},
		{"nok, a bidi isolate in a tag", func(e *Event) { e.Tags = []string{"a\u2066b"} }, "tags[0]"},
		{"nok, too many tags", func(e *Event) {
			e.Tags = nil
			for i := 0; i <= MaxTags; i++ {
				e.Tags = append(e.Tags, "t"+strings.Repeat("a", i))
			}
		}, "tags"},
		{"nok, a long quote", func(e *Event) { e.Citations[0].Quotes[0] = strings.Repeat("word ", 29) + strings.Repeat("x", 400) }, "sources[0].quotes[0]"},
		{"nok, a control character in a figure's subject", func(e *Event) {
			e.Citations[0].Figures[0].Subject = "US\x07troops"
		}, "sources[0].figures[0].subject"},
		{"nok, a link's place over the limit", func(e *Event) { e.Links[0].Place = strings.Repeat("p", LimitPlace.MaxRunes+1) }, "links[0].place"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validEvent()
			tt.change(e)
			err := e.Validate()
			if tt.expectParam == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if perr, ok := err.(*Error); !ok || perr.Param != tt.expectParam {
				t.Fatalf("Validate() = %v, want an error naming %s", err, tt.expectParam)
			}
		})
	}
}

func TestSource_textLimits(t *testing.T) {
	ok := Source{ID: "a", Publication: "P", Title: "T", Published: MustParseDate("2024")}
	tests := []struct {
		name        string
		change      func(s *Source)
		expectParam string
	}{
		{"ok, as is", func(*Source) {}, ""},
		{"nok, a publication over the limit", func(s *Source) { s.Publication = strings.Repeat("p", LimitPublication.MaxRunes+1) }, "publication"},
		{"nok, a bidi mark in an author", func(s *Source) { s.Authors = []string{"A\u200Futhor"} }, "authors[0]"},
		{"nok, a URL with a space", func(s *Source) { s.URL = "https://example.org/a b" }, "url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok
			tt.change(&s)
			err := s.Validate()
			if tt.expectParam == "" {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				return
			}
			if perr, ok := err.(*Error); !ok || perr.Param != tt.expectParam {
				t.Fatalf("Validate() = %v, want an error naming %s", err, tt.expectParam)
			}
		})
	}
}
