package geo

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// Page sizes for event lists. The map asks for everything at once, so the maximum is large.
const (
	DefaultLimit = 100
	MaxLimit     = 10000
	// MaxQueryLength bounds the text search so it cannot be used to make the index work hard.
	MaxQueryLength = 200
)

// EventFilter selects events. Zero fields select everything.
type EventFilter struct {
	BBox         *orb.Bound
	Datetime     *Interval
	Kinds        []Kind
	Actors       []Actor
	Attributions []Attribution
	Countries    []string
	Query        string
	Limit        int
	Offset       int
}

var countryCode = regexp.MustCompile(`^[A-Z]{2}$`)

// ParseEventFilter reads a filter from query parameters, naming the first bad parameter in its
// error. Unknown parameters are refused too, so that a typo ("kinds=") does not silently
// return everything.
func ParseEventFilter(q url.Values, known ...string) (EventFilter, error) {
	f := EventFilter{Limit: DefaultLimit}
	allowed := map[string]bool{"bbox": true, "datetime": true, "kind": true, "actor": true,
		"attribution": true, "country": true, "q": true, "limit": true, "offset": true}
	for _, k := range known {
		allowed[k] = true
	}
	for k, vs := range q {
		if !allowed[k] {
			return f, UnknownParam(k)
		}
		if len(vs) > 1 {
			return f, ParamError(k, "given %d times; give it once (use a comma list for several values)", len(vs))
		}
	}
	if s := q.Get("bbox"); q.Has("bbox") {
		b, err := ParseBBox(s)
		if err != nil {
			return f, err
		}
		f.BBox = &b
	}
	if s := q.Get("datetime"); q.Has("datetime") {
		iv, err := ParseDatetime(s)
		if err != nil {
			return f, err
		}
		f.Datetime = &iv
	}
	var err error
	if f.Kinds, err = parseEnumList(q, "kind", Kinds); err != nil {
		return f, err
	}
	if f.Actors, err = parseEnumList(q, "actor", Actors); err != nil {
		return f, err
	}
	if f.Attributions, err = parseEnumList(q, "attribution", Attributions); err != nil {
		return f, err
	}
	if q.Has("country") {
		for _, c := range strings.Split(q.Get("country"), ",") {
			c = strings.ToUpper(strings.TrimSpace(c))
			if !countryCode.MatchString(c) {
				return f, ParamError("country", "%q is not an ISO 3166-1 alpha-2 code", c)
			}
			f.Countries = append(f.Countries, c)
		}
	}
	if q.Has("q") {
		f.Query = strings.TrimSpace(q.Get("q"))
		if len(f.Query) > MaxQueryLength {
			return f, ParamError("q", "longer than %d bytes", MaxQueryLength)
		}
	}
	if q.Has("limit") {
		n, err := strconv.Atoi(q.Get("limit"))
		switch {
		case err != nil:
			return f, ParamError("limit", "%q is not a whole number", q.Get("limit"))
		case n < 1 || n > MaxLimit:
			return f, ParamError("limit", "must be between 1 and %d, got %d", MaxLimit, n)
		}
		f.Limit = n
	}
	if q.Has("offset") {
		n, err := strconv.Atoi(q.Get("offset"))
		if err != nil || n < 0 {
			return f, ParamError("offset", "%q is not a whole number ≥ 0", q.Get("offset"))
		}
		f.Offset = n
	}
	return f, nil
}

func parseEnumList[T ~string](q url.Values, param string, valid []T) ([]T, error) {
	if !q.Has(param) {
		return nil, nil
	}
	var out []T
	for _, s := range strings.Split(q.Get(param), ",") {
		v := T(strings.TrimSpace(s))
		if !oneOf(v, valid) {
			return nil, ParamError(param, "unknown value %q; want one of %s", s, joinEnum(valid))
		}
		out = append(out, v)
	}
	return out, nil
}

func oneOf[T comparable](v T, valid []T) bool {
	for _, x := range valid {
		if x == v {
			return true
		}
	}
	return false
}

func joinEnum[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// Matches reports whether e passes every part of f but the paging. The store filters in SQL;
// this is the same rule in Go, for checks and for small in-memory sets such as an export.
func (f EventFilter) Matches(e *Event) bool {
	if f.BBox != nil && !f.BBox.Contains(e.Point) {
		return false
	}
	if f.Datetime != nil && !f.Datetime.Intersects(e.Start(), e.End()) {
		return false
	}
	if len(f.Kinds) > 0 && !oneOf(e.Kind, f.Kinds) {
		return false
	}
	if len(f.Actors) > 0 && !oneOf(e.Actor, f.Actors) {
		return false
	}
	if len(f.Attributions) > 0 && !oneOf(e.Attribution, f.Attributions) {
		return false
	}
	if len(f.Countries) > 0 && !oneOf(e.Country, f.Countries) {
		return false
	}
	return true
}
