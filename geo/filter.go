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
	BBox     *orb.Bound
	Datetime *Interval
	// Enums holds the values chosen for each filterable field of EventEnums, by property: an
	// event passes when its value is one of them. Read and set it with Enum and SetEnum.
	Enums     map[string][]string
	Countries []string
	Query     string
	Limit     int
	Offset    int
}

// Enum is the values f chooses for the enumerated field property ("kind", "actor", ...); none
// chooses every value.
func (f EventFilter) Enum(property string) []string { return f.Enums[property] }

// SetEnum makes f choose values for the enumerated field property; none clears the choice.
func (f *EventFilter) SetEnum(property string, values []string) {
	EventEnum(property) // a property the table lacks is a mistake in the code
	if len(values) == 0 {
		delete(f.Enums, property)
		return
	}
	if f.Enums == nil {
		f.Enums = map[string][]string{}
	}
	f.Enums[property] = values
}

// EnumValues converts an enumerated field's chosen values to their type, for code that works
// with one field in particular (the reach rule's actors).
func EnumValues[T ~string](values []string) []T {
	if values == nil {
		return nil
	}
	out := make([]T, len(values))
	for i, v := range values {
		out[i] = T(v)
	}
	return out
}

// EnumStrings is EnumValues the other way, for SetEnum.
func EnumStrings[T ~string](values []T) []string {
	if values == nil {
		return nil
	}
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

var countryCode = regexp.MustCompile(`^[A-Z]{2}$`)

// ParseEventFilter reads a filter from query parameters, naming the first bad parameter in its
// error. Unknown parameters are refused too, so that a typo ("kinds=") does not silently
// return everything.
func ParseEventFilter(q url.Values, known ...string) (EventFilter, error) {
	f := EventFilter{Limit: DefaultLimit}
	allowed := map[string]bool{"bbox": true, "datetime": true, "country": true, "q": true, "limit": true, "offset": true}
	for _, e := range FilterEnums() {
		allowed[e.Param] = true
	}
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
	for _, e := range FilterEnums() {
		values, err := parseEnumList(q, e)
		if err != nil {
			return f, err
		}
		f.SetEnum(e.Property, values)
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

// parseEnumList reads the comma list of e's parameter, refusing a value e does not have.
func parseEnumList(q url.Values, e EnumField) ([]string, error) {
	if !q.Has(e.Param) {
		return nil, nil
	}
	var out []string
	for _, s := range strings.Split(q.Get(e.Param), ",") {
		v := strings.TrimSpace(s)
		if !e.has(v) {
			return nil, e.unknown(e.Param, s)
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
	for _, field := range EventEnums {
		if chosen := f.Enums[field.Property]; len(chosen) > 0 && !oneOf(field.Get(e), chosen) {
			return false
		}
	}
	if len(f.Countries) > 0 && !oneOf(e.Country, f.Countries) {
		return false
	}
	return true
}
