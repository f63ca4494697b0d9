package geo

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextLimit bounds one text field: its length in characters and whether it may hold line
// breaks. Every write path (the API, the editor's form, imports) meets these limits through
// Validate, so a 10 MB summary can neither be stored nor served to every reader.
type TextLimit struct {
	Field     string
	MaxRunes  int
	Multiline bool
}

// The text limits, documented in the README ("Limits").
var (
	LimitID            = TextLimit{"id", 120, false}
	LimitTitle         = TextLimit{"title", 200, false}
	LimitSummary       = TextLimit{"summary", 2000, true}
	LimitPlace         = TextLimit{"place", 200, false}
	LimitNotes         = TextLimit{"notes", 4000, true}
	LimitTag           = TextLimit{"tags", 40, false}
	LimitQuote         = TextLimit{"quote", 400, true}
	LimitSubject       = TextLimit{"subject", 100, false}
	LimitPublication   = TextLimit{"publication", 300, false}
	LimitSourceTitle   = TextLimit{"title", 500, false}
	LimitAuthor        = TextLimit{"authors", 200, false}
	LimitPublishedNote = TextLimit{"published_note", 300, false}
	LimitURL           = TextLimit{"url", 2000, false}
)

// The most entries a list in one event or source may hold.
const (
	MaxTags      = 20
	MaxCitations = 20
	MaxQuotes    = 10
	MaxFigures   = 20
	MaxLinks     = 30
	MaxAuthors   = 20
)

// Check refuses text that is not valid UTF-8, holds a NUL or another control character
// (line breaks and tabs only where the field is multi-line), holds a bidirectional control
// (which can make text read in another order than it is stored), or is longer than the limit.
// at names the field in the error (for example "sources[0].quotes[1]").
func (l TextLimit) Check(at, s string) error {
	if !utf8.ValidString(s) {
		return ParamError(at, "is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > l.MaxRunes {
		return ParamError(at, "has %d characters; the most is %d", n, l.MaxRunes)
	}
	for i, r := range s {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			if !l.Multiline {
				return ParamError(at, "holds a line break or tab at byte %d; it must be one line", i)
			}
		case r == 0 || unicode.IsControl(r):
			return ParamError(at, "holds the control character U+%04X at byte %d", r, i)
		case isBidiControl(r):
			return ParamError(at, "holds the bidirectional control U+%04X at byte %d", r, i)
		}
	}
	return nil
}

// isBidiControl reports the characters that reorder the display of text (Unicode's
// Bidi_Control property): they let a name or quote read differently from what is stored.
func isBidiControl(r rune) bool {
	return r == 0x061C || r == 0x200E || r == 0x200F || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// checkText checks every text field of an event against its limit.
func (e *Event) checkText() error {
	checks := []struct {
		l  TextLimit
		at string
		s  string
	}{
		{LimitID, "id", e.ID}, {LimitTitle, "title", e.Title}, {LimitSummary, "summary", e.Summary},
		{LimitPlace, "place", e.Place}, {LimitNotes, "notes", e.Notes},
	}
	for _, c := range checks {
		if err := c.l.Check(c.at, c.s); err != nil {
			return err
		}
	}
	switch {
	case len(e.Tags) > MaxTags:
		return ParamError("tags", "has %d tags; the most is %d", len(e.Tags), MaxTags)
	case len(e.Citations) > MaxCitations:
		return ParamError("sources", "has %d citations; the most is %d", len(e.Citations), MaxCitations)
	case len(e.Links) > MaxLinks:
		return ParamError("links", "has %d links; the most is %d", len(e.Links), MaxLinks)
	}
	for i, t := range e.Tags {
		if err := LimitTag.Check(fmt.Sprintf("tags[%d]", i), t); err != nil {
			return err
		}
	}
	for i, c := range e.Citations {
		at := fmt.Sprintf("sources[%d]", i)
		switch {
		case len(c.Quotes) > MaxQuotes:
			return ParamError(at+".quotes", "has %d quotes; the most is %d", len(c.Quotes), MaxQuotes)
		case len(c.Figures) > MaxFigures:
			return ParamError(at+".figures", "has %d figures; the most is %d", len(c.Figures), MaxFigures)
		}
		for j, q := range c.Quotes {
			if err := LimitQuote.Check(fmt.Sprintf("%s.quotes[%d]", at, j), q); err != nil {
				return err
			}
		}
		for j, f := range c.Figures {
			if err := LimitSubject.Check(fmt.Sprintf("%s.figures[%d].subject", at, j), f.Subject); err != nil {
				return err
			}
		}
	}
	for i, l := range e.Links {
		at := fmt.Sprintf("links[%d]", i)
		if err := LimitPlace.Check(at+".place", l.Place); err != nil {
			return err
		}
		if err := LimitQuote.Check(at+".quote", l.Quote); err != nil {
			return err
		}
	}
	return nil
}

// checkText checks a source's text fields against their limits.
func (s *Source) checkText() error {
	if len(s.Authors) > MaxAuthors {
		return ParamError("authors", "has %d authors; the most is %d", len(s.Authors), MaxAuthors)
	}
	for _, c := range []struct {
		l  TextLimit
		at string
		v  string
	}{{LimitID, "id", s.ID}, {LimitPublication, "publication", s.Publication}, {LimitSourceTitle, "title", s.Title},
		{LimitPublishedNote, "published_note", s.PublishedNote}, {LimitURL, "url", s.URL}} {
		if err := c.l.Check(c.at, c.v); err != nil {
			return err
		}
	}
	for i, a := range s.Authors {
		if err := LimitAuthor.Check(fmt.Sprintf("authors[%d]", i), a); err != nil {
			return err
		}
	}
	if strings.ContainsAny(s.URL, " <>\"") {
		return ParamError("url", "holds a space or one of <>\"; percent-encode it")
	}
	return nil
}
