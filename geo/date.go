package geo

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// DatePrecision says how exactly a date is known.
type DatePrecision string

// The date precisions, finest first.
const (
	PrecisionDay    DatePrecision = "day"
	PrecisionMonth  DatePrecision = "month"
	PrecisionSeason DatePrecision = "season"
	PrecisionYear   DatePrecision = "year"
)

// DatePrecisionTerms labels every date precision, finest first, as a reader is told it.
var DatePrecisionTerms = []Term[DatePrecision]{
	{PrecisionDay, "exact date"}, {PrecisionMonth, "month known, day not reported"}, {PrecisionSeason, "season known"},
	{PrecisionYear, "year known only"},
}

// DatePrecisions lists every date precision, finest first.
var DatePrecisions = values(DatePrecisionTerms)

// Date is a calendar date known to a day, a month, a season or a year, written as the Extended
// Date/Time Format (ISO 8601-2 level 1) writes it: "2024-03-22", "2024-03", "2023" and, for
// seasons, "2023-21" (spring), "-22" (summer), "-23" (autumn), "-24" (winter). Seasons are the
// northern meteorological ones: spring is March to May; winter 2023 runs December 2023 to
// February 2024. A vague date stays vague: its Start and End span what it covers.
type Date struct {
	year      int
	month     int // 1–12, or 21–24 for a season, or 0
	day       int // 0 unless the precision is day
	precision DatePrecision
}

// ParseDate parses an EDTF date of the subset Date describes.
func ParseDate(s string) (Date, error) {
	bad := func(why string) (Date, error) {
		return Date{}, &Error{Code: EINVALID, Message: fmt.Sprintf("date %q: %s", s, why)}
	}
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return bad("want YYYY, YYYY-MM, YYYY-MM-DD or YYYY-SS (season 21–24)")
	}
	year, ok := digits(s[0:4])
	if !ok || year < 1000 {
		// Year 1 would also collide with time.Time's zero, which means "open" in an Interval.
		return bad("the year must be four digits from 1000")
	}
	d := Date{year: year, precision: PrecisionYear}
	if len(s) == 4 {
		return d, nil
	}
	if s[4] != '-' {
		return bad("want a '-' after the year")
	}
	m, ok := digits(s[5:7])
	if !ok {
		return bad("the month must be two digits")
	}
	switch {
	case m >= 1 && m <= 12:
		d.month, d.precision = m, PrecisionMonth
	case m >= 21 && m <= 24 && len(s) == 7:
		d.month, d.precision = m, PrecisionSeason
		return d, nil
	default:
		return bad("the month must be 01–12 (or a season 21–24)")
	}
	if len(s) == 7 {
		return d, nil
	}
	if s[7] != '-' {
		return bad("want a '-' after the month")
	}
	day, ok := digits(s[8:10])
	if !ok || day < 1 || day > daysIn(year, m) {
		return bad("no such day")
	}
	d.day, d.precision = day, PrecisionDay
	return d, nil
}

// MustParseDate is ParseDate for literals known to be valid; it panics otherwise.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DayDate returns the day-precision date of t.
func DayDate(t time.Time) Date {
	return Date{year: t.Year(), month: int(t.Month()), day: t.Day(), precision: PrecisionDay}
}

func digits(s string) (int, bool) {
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.year == 0 }

// Precision says how exactly d is known.
func (d Date) Precision() DatePrecision { return d.precision }

// Start is the first day d covers, at midnight UTC.
func (d Date) Start() time.Time {
	switch d.precision {
	case PrecisionDay:
		return time.Date(d.year, time.Month(d.month), d.day, 0, 0, 0, 0, time.UTC)
	case PrecisionMonth:
		return time.Date(d.year, time.Month(d.month), 1, 0, 0, 0, 0, time.UTC)
	case PrecisionSeason:
		return time.Date(d.year, time.Month(3*(d.month-21)+3), 1, 0, 0, 0, 0, time.UTC)
	default:
		return time.Date(d.year, 1, 1, 0, 0, 0, 0, time.UTC)
	}
}

// End is the last day d covers, at midnight UTC (so Start == End for a day).
func (d Date) End() time.Time {
	s := d.Start()
	switch d.precision {
	case PrecisionDay:
		return s
	case PrecisionMonth:
		return s.AddDate(0, 1, -1)
	case PrecisionSeason:
		return s.AddDate(0, 3, -1)
	default:
		return s.AddDate(1, 0, -1)
	}
}

var seasonNames = map[int]string{21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}

// Label is d for a reader, no more precise than it is known: "22 March 2024", "March 2024",
// "Summer 2023", "2023".
func (d Date) Label() string {
	switch d.precision {
	case PrecisionDay:
		return d.Start().Format("2 January 2006")
	case PrecisionMonth:
		return d.Start().Format("January 2006")
	case PrecisionSeason:
		return fmt.Sprintf("%s %d", seasonNames[d.month], d.year)
	case PrecisionYear:
		return strconv.Itoa(d.year)
	}
	return ""
}

// String is d in EDTF.
func (d Date) String() string {
	switch d.precision {
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.year, d.month, d.day)
	case PrecisionMonth, PrecisionSeason:
		return fmt.Sprintf("%04d-%02d", d.year, d.month)
	case PrecisionYear:
		return fmt.Sprintf("%04d", d.year)
	}
	return ""
}

// MarshalJSON writes d as its EDTF string.
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads an EDTF string.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
