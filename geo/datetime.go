package geo

import (
	"strings"
	"time"
)

// Interval is a closed range of days. A zero Start or End leaves that side open.
type Interval struct {
	Start time.Time
	End   time.Time
}

// Intersects reports whether [start, end] shares a day with iv.
func (iv Interval) Intersects(start, end time.Time) bool {
	if !iv.Start.IsZero() && end.Before(iv.Start) {
		return false
	}
	if !iv.End.IsZero() && start.After(iv.End) {
		return false
	}
	return true
}

// ParseDatetime parses an OGC API datetime parameter: an instant ("2024-03-22" or an RFC 3339
// date-time) or an interval "start/end" whose ends may be open (".." or empty). As an extension
// each end may be a partial date, "2023" or "2023-07", and a partial date alone means the whole
// period. Events are dated to the day, so times are cut to their UTC day. Inverted intervals
// and intervals open at both ends are refused.
func ParseDatetime(s string) (Interval, error) {
	const param = "datetime"
	if s == "" {
		return Interval{}, ParamError(param, "is empty")
	}
	parts := strings.Split(s, "/")
	switch len(parts) {
	case 1:
		if isOpen(parts[0]) {
			return Interval{}, ParamError(param, "an instant cannot be open (%q)", s)
		}
		d, err := parseEnd(parts[0])
		if err != nil {
			return Interval{}, err
		}
		return Interval{Start: d.Start(), End: d.End()}, nil
	case 2:
		var iv Interval
		if isOpen(parts[0]) && isOpen(parts[1]) {
			return Interval{}, ParamError(param, "an interval needs at least one bounded end")
		}
		if !isOpen(parts[0]) {
			d, err := parseEnd(parts[0])
			if err != nil {
				return Interval{}, err
			}
			iv.Start = d.Start()
		}
		if !isOpen(parts[1]) {
			d, err := parseEnd(parts[1])
			if err != nil {
				return Interval{}, err
			}
			iv.End = d.End()
		}
		if !iv.Start.IsZero() && !iv.End.IsZero() && iv.End.Before(iv.Start) {
			return Interval{}, ParamError(param, "the interval ends (%s) before it starts (%s)", parts[1], parts[0])
		}
		return iv, nil
	default:
		return Interval{}, ParamError(param, "want an instant or start/end, got %d parts", len(parts))
	}
}

func isOpen(s string) bool { return s == "" || s == ".." }

// parseEnd parses one end of an interval: an RFC 3339 date-time or an EDTF date of day, month,
// season or year precision.
func parseEnd(s string) (Date, error) {
	if strings.ContainsAny(s, "Tt") {
		t, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s))
		if err != nil {
			return Date{}, ParamError("datetime", "%q is not an RFC 3339 date-time", s)
		}
		if y := t.UTC().Year(); y < 1000 || y > 9999 {
			return Date{}, ParamError("datetime", "%q: the year must be from 1000 to 9999", s)
		}
		return DayDate(t.UTC()), nil
	}
	d, err := ParseDate(s)
	if err != nil {
		return Date{}, ParamError("datetime", "%q is not a date (want YYYY-MM-DD, YYYY-MM, YYYY or an RFC 3339 date-time)", s)
	}
	return d, nil
}
