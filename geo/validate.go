package geo

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// MaxQuoteWords bounds a quotation: the dataset quotes its sources, it does not republish them.
const MaxQuoteWords = 30

var slug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Start is the first day the event covers.
func (e *Event) Start() time.Time { return e.Date.Start() }

// End is the last day the event covers: the end of its end date, or of its date.
func (e *Event) End() time.Time {
	if e.EndDate != nil {
		return e.EndDate.End()
	}
	return e.Date.End()
}

// Validate checks an event on its own; that its sources exist and its point lies in its
// country are checked by whoever holds the sources and the country shapes. The error names
// the field at fault. Its enumerated fields are checked from EventEnums, after the dates.
func (e *Event) Validate() error {
	switch {
	case !slug.MatchString(e.ID):
		return ParamError("id", "%q is not a lower-case slug (a-z, 0-9, single hyphens)", e.ID)
	case strings.TrimSpace(e.Title) == "":
		return ParamError("title", "is required")
	case strings.TrimSpace(e.Summary) == "":
		return ParamError("summary", "is required")
	case e.Date.IsZero():
		return ParamError("date", "is required")
	case e.EndDate != nil && e.EndDate.End().Before(e.Date.Start()):
		return ParamError("end_date", "%s is before date %s", e.EndDate, e.Date)
	}
	for _, f := range EventEnums {
		if v := f.Get(e); !f.has(v) {
			return f.unknown(f.Property, v)
		}
	}
	switch {
	case strings.TrimSpace(e.Place) == "":
		return ParamError("place", "is required")
	case !countryCode.MatchString(e.Country):
		return ParamError("country", "%q is not an ISO 3166-1 alpha-2 code", e.Country)
	case !validLonLat(e.Point[0], e.Point[1]):
		return ParamError("geometry", "coordinates %v are not a longitude and latitude", e.Point)
	case len(e.Citations) == 0:
		return ParamError("sources", "an event needs at least one source")
	}
	if err := e.checkText(); err != nil {
		return err
	}
	for _, t := range e.Tags {
		if !slug.MatchString(t) {
			return ParamError("tags", "%q is not a lower-case kebab-case tag", t)
		}
	}
	seen := map[string]bool{}
	for i, c := range e.Citations {
		if err := c.validate(fmt.Sprintf("sources[%d]", i)); err != nil {
			return err
		}
		if seen[c.SourceID] {
			return ParamError(fmt.Sprintf("sources[%d].source", i), "source %q is cited twice; merge the citations", c.SourceID)
		}
		seen[c.SourceID] = true
	}
	for i, l := range e.Links {
		if err := l.validate(fmt.Sprintf("links[%d]", i)); err != nil {
			return err
		}
	}
	return nil
}

func (c *Citation) validate(at string) error {
	if c.SourceID == "" {
		return ParamError(at+".source", "is required")
	}
	if len(c.Quotes) == 0 {
		return ParamError(at+".quotes", "a citation needs at least one verbatim quote")
	}
	for j, q := range c.Quotes {
		if err := validateQuote(fmt.Sprintf("%s.quotes[%d]", at, j), q); err != nil {
			return err
		}
	}
	measured := map[Figure]bool{}
	for j, f := range c.Figures {
		p := fmt.Sprintf("%s.figures[%d]", at, j)
		switch {
		case !oneOf(f.Measure, Measures):
			return ParamError(p+".measure", "unknown value %q; want one of %s", f.Measure, joinEnum(Measures))
		case !oneOf(f.Qualifier, Qualifiers):
			return ParamError(p+".qualifier", "unknown value %q; want one of %s", f.Qualifier, joinEnum(Qualifiers))
		case f.Value < 0:
			return ParamError(p+".value", "must not be negative")
		case measured[Figure{Measure: f.Measure, Subject: f.Subject}]:
			return ParamError(p+".measure", "%s (%q) is given twice by one source; give parts a subject", f.Measure, f.Subject)
		}
		measured[Figure{Measure: f.Measure, Subject: f.Subject}] = true
	}
	return nil
}

func (l *Link) validate(at string) error {
	switch {
	case !oneOf(l.Role, LinkRoles):
		return ParamError(at+".role", "unknown value %q; want one of %s", l.Role, joinEnum(LinkRoles))
	case strings.TrimSpace(l.Place) == "":
		return ParamError(at+".place", "is required")
	case !countryCode.MatchString(l.Country):
		return ParamError(at+".country", "%q is not an ISO 3166-1 alpha-2 code", l.Country)
	case !validLonLat(l.Point[0], l.Point[1]):
		return ParamError(at+".coordinates", "%v are not a longitude and latitude", l.Point)
	case !oneOf(l.LocationPrecision, LocationPrecisions):
		return ParamError(at+".location_precision", "unknown value %q", l.LocationPrecision)
	case l.SourceID == "":
		return ParamError(at+".source", "is required")
	}
	return validateQuote(at+".quote", l.Quote)
}

func validateQuote(at, q string) error {
	n := len(strings.Fields(q))
	switch {
	case n == 0:
		return ParamError(at, "is empty")
	case n > MaxQuoteWords:
		return ParamError(at, "has %d words; quote at most %d", n, MaxQuoteWords)
	}
	return nil
}

func validLonLat(lon, lat float64) bool {
	return lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90
}

// Validate checks a source.
func (s *Source) Validate() error {
	switch {
	case !slug.MatchString(s.ID):
		return ParamError("id", "%q is not a lower-case slug", s.ID)
	case strings.TrimSpace(s.Publication) == "":
		return ParamError("publication", "is required")
	case strings.TrimSpace(s.Title) == "":
		return ParamError("title", "is required")
	case s.Published.IsZero():
		return ParamError("published", "is required")
	case s.URL != "" && !strings.HasPrefix(s.URL, "https://") && !strings.HasPrefix(s.URL, "http://"):
		// pages render it as a link: nothing but the web's own schemes (no javascript:)
		return ParamError("url", "want an http or https address")
	}
	return s.checkText()
}
