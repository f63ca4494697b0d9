package geo

import (
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// PageView is the view a page's URL describes, read as the page reads it
// (static/js/core/state.js parseState, static/js/story/chapter.js for ?story=&chapter=), so that
// what the server says and draws about a URL (its preview image, its title, its oEmbed
// answer) is what a reader opening that URL sees. Like the page, it never refuses a URL: an
// unknown or malformed value falls back to the default. A browser test holds the two parsers
// equal.
type PageView struct {
	// Time is the day shown; zero means the end of the data.
	Time time.Time
	// WindowMonths is the window's length in months when only a window up to Time is shown;
	// 0 shows every event to date (the page's "cumulative" mode).
	WindowMonths int
	// Kinds, Actors, Attributions and Countries are the facets: nil passes every value,
	// an empty non-nil list none. Actors defaults to ISKP alone.
	Kinds          []Kind
	Actors         []Actor
	Attributions   []Attribution
	Countries      []string
	IncludeAlleged bool
	Query          string
	// Selected is the selected event's id, or "".
	Selected string
	// Map is the map's centre and zoom; nil frames the events shown.
	Map *MapPosition
	// Story and Chapter name a story chapter (?story=…&chapter=…), which PageView leaves to
	// ApplyChapter, since the chapter's view comes from the story's data.
	Story, Chapter string
}

// MapPosition is a Leaflet view: zoom level and centre.
type MapPosition struct {
	Zoom, Lat, Lng float64
}

// pageWindow is the page's default window length in months (state.js DEFAULTS.win).
const pageWindow = 12

// ParsePageView reads a page URL's query as the page does.
func ParsePageView(q url.Values) PageView {
	v := PageView{Actors: []Actor{ActorISKP}}
	if t, ok := parsePageDay(q.Get("t")); ok {
		v.Time = t
	}
	if q.Get("mode") == "window" {
		v.WindowMonths = pageWindow
		if w, ok := jsNumber(q.Get("w")); ok && w == math.Trunc(w) && w >= 1 && w <= 240 {
			v.WindowMonths = int(w)
		}
	}
	if q.Has("kind") {
		v.Kinds = pageFacet(q.Get("kind"), Kinds)
	}
	if q.Has("actor") {
		v.Actors = pageFacet(q.Get("actor"), Actors)
	}
	if q.Has("attr") {
		v.Attributions = pageFacet(q.Get("attr"), Attributions)
	}
	if q.Has("country") {
		v.Countries = []string{}
		for _, c := range strings.Split(q.Get("country"), ",") {
			if c = strings.TrimSpace(c); c != "" {
				v.Countries = append(v.Countries, c)
			}
		}
	}
	v.IncludeAlleged = q.Get("alleged") == "1"
	v.Query = truncateUTF16(q.Get("q"), MaxQueryLength)
	v.Selected = q.Get("event")
	if parts := strings.Split(q.Get("map"), "/"); len(parts) == 3 {
		var n [3]float64
		ok := true
		for i, p := range parts {
			f, isNum := jsNumber(p)
			if !isNum || math.IsInf(f, 0) {
				ok = false
			}
			n[i] = f
		}
		if ok && math.Abs(n[1]) <= 90 {
			v.Map = &MapPosition{Zoom: n[0], Lat: n[1], Lng: n[2]}
		}
	}
	v.Story, v.Chapter = q.Get("story"), q.Get("chapter")
	return v
}

// jsDecimal and jsRadix are the strings JavaScript's Number() reads as numbers (besides
// "Infinity"): decimal literals, and hexadecimal, octal and binary integers without a sign.
var (
	jsDecimal = regexp.MustCompile(`^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$`)
	jsRadix   = regexp.MustCompile(`^0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)$`)
)

// jsNumber reads s as the page's Number(s) does; ok is false where that gives NaN.
func jsNumber(s string) (float64, bool) {
	s = strings.Trim(s, " \t\n\v\f\r\u00a0\ufeff")
	switch {
	case s == "":
		return 0, true
	case s == "Infinity" || s == "+Infinity":
		return math.Inf(1), true
	case s == "-Infinity":
		return math.Inf(-1), true
	case jsRadix.MatchString(s):
		base := map[byte]int{'x': 16, 'X': 16, 'o': 8, 'O': 8, 'b': 2, 'B': 2}[s[1]]
		n, err := strconv.ParseUint(s[2:], base, 64)
		return float64(n), err == nil
	case jsDecimal.MatchString(s):
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil || math.IsInf(f, 0)
	}
	return 0, false
}

// pageFacet keeps the known values of a comma list; every known value means no filter (nil).
func pageFacet[T ~string](s string, valid []T) []T {
	out := []T{}
	for _, p := range strings.Split(s, ",") {
		if v := T(strings.TrimSpace(p)); oneOf(v, valid) {
			out = append(out, v)
		}
	}
	if len(out) == len(valid) {
		return nil
	}
	return out
}

// parsePageDay reads YYYY-MM-DD as the page's dayFromISO does, years below 100 as 1900+.
func parsePageDay(s string) (time.Time, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:7])
	d, err3 := strconv.Atoi(s[8:])
	if err1 != nil || err2 != nil || err3 != nil || y < 0 || s[0] == '+' || s[0] == '-' || s[5] == '+' || s[8] == '+' {
		return time.Time{}, false
	}
	if y < 100 {
		y += 1900
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// truncateUTF16 cuts s to n UTF-16 code units, as JavaScript's slice does.
func truncateUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > n {
			return s[:i]
		}
		units += w
	}
	return s
}

// ApplyChapter sets the time, window, filters and map view a story chapter shows, as the
// page's chapterState does (filters absent from the chapter pass every value; the chapter's
// time is clamped to the data's [start, end]).
func (v *PageView) ApplyChapter(c Chapter, start, end time.Time) {
	iv, err := ParseDatetime(c.Datetime)
	t := end
	if err == nil && !iv.End.IsZero() && iv.End.Before(end) {
		t = iv.End
	}
	if t.Before(start) {
		t = start
	}
	v.Time, v.WindowMonths, v.Selected, v.Query = t, 0, "", ""
	if c.Mode == "window" {
		from := start
		if err == nil && !iv.Start.IsZero() && iv.Start.After(start) {
			from = iv.Start
		}
		v.WindowMonths = windowMonthsFrom(t, from)
	}
	v.Kinds, v.Actors, v.Attributions, v.Countries = nil, nil, nil, nil
	if s, ok := c.Filters["kind"]; ok {
		v.Kinds = pageFacet(s, Kinds)
		if v.Kinds == nil {
			v.Kinds = slices.Clone(Kinds)
		}
	}
	if s, ok := c.Filters["actor"]; ok {
		v.Actors = pageFacet(s, Actors)
		if v.Actors == nil {
			v.Actors = slices.Clone(Actors)
		}
	}
	if s, ok := c.Filters["attribution"]; ok {
		v.Attributions = pageFacet(s, Attributions)
		if v.Attributions == nil {
			v.Attributions = slices.Clone(Attributions)
		}
	}
	if s, ok := c.Filters["country"]; ok {
		v.Countries = []string{}
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				v.Countries = append(v.Countries, p)
			}
		}
	}
	if q := c.Filters["q"]; q != "" {
		v.Query = truncateUTF16(q, MaxQueryLength)
	}
	v.Map = &MapPosition{Zoom: c.View.Zoom, Lat: c.View.Center[1], Lng: c.View.Center[0]}
}

// windowMonthsFrom is the page's windowMonths: the shortest window up to t reaching back to from.
func windowMonthsFrom(t, from time.Time) int {
	for w := 1; w <= 240; w++ {
		if !WindowStart(t, w).After(from) {
			return w
		}
	}
	return 240
}

// WindowStart is the first day of a window of months ending on t, as the page counts it: the
// same day months earlier (clamped to the end of a shorter month), plus one.
func WindowStart(t time.Time, months int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m-time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
}

// PassesFilters reports whether e passes the view's facets, time aside: the events the page
// tallies reach over. The text search is the store's to apply.
func (v PageView) PassesFilters(e *Event) bool {
	return (v.Kinds == nil || oneOf(e.Kind, v.Kinds)) &&
		(v.Actors == nil || oneOf(e.Actor, v.Actors)) &&
		(v.Attributions == nil || oneOf(e.Attribution, v.Attributions)) &&
		(v.Countries == nil || oneOf(e.Country, v.Countries))
}

// Shown reports whether e is drawn at day t: begun by t and, in a window, not ended before it.
func (v PageView) Shown(e *Event, t time.Time) bool {
	if e.Start().After(t) {
		return false
	}
	return v.WindowMonths == 0 || !e.End().Before(WindowStart(t, v.WindowMonths))
}

// Rule is the reach rule the view counts by.
func (v PageView) Rule() ReachRule {
	r := ReachRule{Actors: v.Actors, IncludeAlleged: v.IncludeAlleged}
	if len(r.Actors) == 0 {
		r.Actors = DefaultReachRule.Actors
	}
	return r
}
