package geo

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	day := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	tests := []struct {
		name      string
		in        string
		precision DatePrecision
		start     string
		end       string
		label     string
	}{
		{"ok, day", "2024-03-22", PrecisionDay, "2024-03-22", "2024-03-22", "22 March 2024"},
		{"ok, month", "2024-02", PrecisionMonth, "2024-02-01", "2024-02-29", "February 2024"},
		{"ok, spring", "2024-21", PrecisionSeason, "2024-03-01", "2024-05-31", "Spring 2024"},
		{"ok, summer", "2023-22", PrecisionSeason, "2023-06-01", "2023-08-31", "Summer 2023"},
		{"ok, autumn", "2022-23", PrecisionSeason, "2022-09-01", "2022-11-30", "Autumn 2022"},
		{"ok, winter runs into the next year", "2023-24", PrecisionSeason, "2023-12-01", "2024-02-29", "Winter 2023"},
		{"ok, year", "2015", PrecisionYear, "2015-01-01", "2015-12-31", "2015"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseDate(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if d.Precision() != tt.precision || !d.Start().Equal(day(tt.start)) || !d.End().Equal(day(tt.end)) || d.Label() != tt.label || d.String() != tt.in {
				t.Errorf("ParseDate(%q) = %s %s..%s %q %q; want %s %s..%s %q", tt.in, d.Precision(),
					d.Start().Format(time.DateOnly), d.End().Format(time.DateOnly), d.Label(), d.String(),
					tt.precision, tt.start, tt.end, tt.label)
			}
		})
	}
	for _, bad := range []string{"", "24", "2024-3", "2024-00", "2024-13", "2024-25", "2024-20", "2023-02-29",
		"2024-04-31", "2024-03-22T00:00:00Z", "0000", "0001", "0999-01", "abcd", "2024/03", "2024-21-01", "-2024", "2024-03-2x"} {
		t.Run("nok, "+bad, func(t *testing.T) {
			if d, err := ParseDate(bad); err == nil {
				t.Errorf("ParseDate(%q) = %v, want an error", bad, d)
			}
		})
	}
}

func TestDate_JSONRoundTrip(t *testing.T) {
	for _, s := range []string{"2024-03-22", "2023-07", "2023-22", "2019"} {
		d := MustParseDate(s)
		b, err := d.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back Date
		if err := back.UnmarshalJSON(b); err != nil {
			t.Fatal(err)
		}
		if back != d {
			t.Errorf("%s: round trip gave %v", s, back)
		}
	}
}
