package geo

import (
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func TestParseBBox(t *testing.T) {
	ok := []struct {
		name string
		in   string
		want orb.Bound
	}{
		{"ok, four numbers", "26,36,45,42", orb.Bound{Min: orb.Point{26, 36}, Max: orb.Point{45, 42}}},
		{"ok, negatives and decimals", "-10.5,-0.25,1e1,2.5E1", orb.Bound{Min: orb.Point{-10.5, -0.25}, Max: orb.Point{10, 25}}},
		{"ok, six numbers with heights", "1,2,0,3,4,100", orb.Bound{Min: orb.Point{1, 2}, Max: orb.Point{3, 4}}},
		{"ok, the whole world", "-180,-90,180,90", orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}},
		{"ok, a point", "5,5,5,5", orb.Bound{Min: orb.Point{5, 5}, Max: orb.Point{5, 5}}},
		{"ok, spaces around numbers", " 1, 2 ,3,4", orb.Bound{Min: orb.Point{1, 2}, Max: orb.Point{3, 4}}},
	}
	for _, tt := range ok {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseBBox(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ParseBBox(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "1,2,3", "1,2,3,4,5", "1,2,3,4,5,6,7", "NaN,0,1,1", "0,0,Inf,1", "0,0,+Inf,1",
		"0x1p3,0,10,10", "1_0,0,20,20", "0,0,1,", ",0,1,1", "-181,0,1,1", "0,-91,1,1", "0,0,181,1", "0,0,1,91",
		"10,0,5,1", "0,10,1,5", "1,2,10,3,4,5", "a,b,c,d", "1e400,0,1,1", ".,0,1,1", "--1,0,1,1", "1-,0,2,1"} {
		t.Run("nok, "+bad, func(t *testing.T) {
			_, err := ParseBBox(bad)
			var e *Error
			if !errors.As(err, &e) || e.Param != "bbox" || e.Code != EINVALID {
				t.Errorf("ParseBBox(%q) error = %v, want an invalid bbox error", bad, err)
			}
		})
	}
}

func TestParseDatetime(t *testing.T) {
	day := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		v, _ := time.Parse(time.DateOnly, s)
		return v
	}
	ok := []struct {
		name, in, start, end string
	}{
		{"ok, a day", "2024-03-22", "2024-03-22", "2024-03-22"},
		{"ok, a date-time is cut to its UTC day", "2024-03-22T23:30:00-02:00", "2024-03-23", "2024-03-23"},
		{"ok, lower-case t and z", "2024-03-22t10:00:00z", "2024-03-22", "2024-03-22"},
		{"ok, a closed interval", "2023-01-01/2023-12-31", "2023-01-01", "2023-12-31"},
		{"ok, an open start", "../2020-01-01", "", "2020-01-01"},
		{"ok, an open end", "2021-08-26/..", "2021-08-26", ""},
		{"ok, an empty end is open", "2021-08-26/", "2021-08-26", ""},
		{"ok, a year", "2023", "2023-01-01", "2023-12-31"},
		{"ok, a month", "2023-07", "2023-07-01", "2023-07-31"},
		{"ok, partial ends cover their periods", "2022/2023-02", "2022-01-01", "2023-02-28"},
		{"ok, a season", "2023-22", "2023-06-01", "2023-08-31"},
		{"ok, date-time interval", "2024-01-03T00:00:00Z/2024-01-03T23:59:59Z", "2024-01-03", "2024-01-03"},
	}
	for _, tt := range ok {
		t.Run(tt.name, func(t *testing.T) {
			iv, err := ParseDatetime(tt.in)
			if err != nil || !iv.Start.Equal(day(tt.start)) || !iv.End.Equal(day(tt.end)) {
				t.Errorf("ParseDatetime(%q) = %v..%v, %v; want %s..%s", tt.in, iv.Start, iv.End, err, tt.start, tt.end)
			}
		})
	}
	for _, bad := range []string{"", "..", "../..", "/", "0001/", "../0001-01-01", "0001-01-01T00:00:00Z/..", "9999-12-31T23:00:00-05:00", "yesterday", "2024-13-01", "2024-02-30", "2024/2023",
		"2024-03-22/2024-03-21", "2024-01-01/2024-02-01/2024-03-01", "2024-03-22T25:00:00Z", "2024-03-22T10:00",
		"20240322", "2024-1-1", "NaN", "2024-03-22T10:00:00Z/2024-03-21"} {
		t.Run("nok, "+bad, func(t *testing.T) {
			_, err := ParseDatetime(bad)
			var e *Error
			if !errors.As(err, &e) || e.Param != "datetime" {
				t.Errorf("ParseDatetime(%q) error = %v, want a datetime error", bad, err)
			}
		})
	}
}

func TestParseEventFilter(t *testing.T) {
	q, _ := url.ParseQuery("kind=attack,threat&actor=iskp&attribution=claimed,disputed&country=ir,TR&q=kerman&limit=20&offset=40")
	f, err := ParseEventFilter(q)
	if err != nil {
		t.Fatal(err)
	}
	if kinds := f.Enum("kind"); len(kinds) != 2 || kinds[1] != string(KindThreat) || f.Enum("actor")[0] != string(ActorISKP) ||
		len(f.Enum("attribution")) != 2 || len(f.Enums) != 3 ||
		f.Countries[0] != "IR" || f.Countries[1] != "TR" || f.Query != "kerman" || f.Limit != 20 || f.Offset != 40 {
		t.Errorf("ParseEventFilter = %+v", f)
	}
	if f, _ := ParseEventFilter(url.Values{}); f.Limit != DefaultLimit || f.BBox != nil || f.Datetime != nil {
		t.Errorf("empty filter = %+v, want the default limit and nothing else", f)
	}
	for _, tt := range []struct{ query, param string }{
		{"kind=bomb", "kind"}, {"kind=attack,", "kind"}, {"actor=isis", "actor"}, {"attribution=maybe", "attribution"},
		{"country=USA", "country"}, {"country=1A", "country"}, {"limit=0", "limit"}, {"limit=10001", "limit"},
		{"limit=ten", "limit"}, {"offset=-1", "offset"}, {"kinds=attack", "kinds"}, {"kind=attack&kind=threat", "kind"},
		{"bbox=1,2,3", "bbox"}, {"datetime=soon", "datetime"}, {"f=csv", "f"},
	} {
		t.Run("nok, "+tt.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			_, err := ParseEventFilter(q)
			var e *Error
			if !errors.As(err, &e) || e.Param != tt.param {
				t.Errorf("error = %v, want one naming %q", err, tt.param)
			}
		})
	}
	if _, err := ParseEventFilter(url.Values{"f": {"csv"}}, "f"); err != nil {
		t.Errorf("a parameter the caller knows must pass: %v", err)
	}
}

func FuzzParseBBox(f *testing.F) {
	for _, s := range []string{"26,36,45,42", "-180,-90,180,90", "1,2,0,3,4,100", "NaN,0,1,1", "0x1p3,0,1,1", "1e400,0,1,1", ",,,", "10,0,5,1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBBox(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Param != "bbox" {
				t.Fatalf("ParseBBox(%q): error %v does not name bbox", s, err)
			}
			return
		}
		if b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] || b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
			t.Fatalf("ParseBBox(%q) = %v: inverted or off the globe", s, b)
		}
	})
}

func FuzzParseDatetime(f *testing.F) {
	for _, s := range []string{"2024-03-22", "2023", "2023-07", "2023-22", "../2020-01-01", "2021-08-26/..", "2024-03-22T10:00:00Z", "../..", "2024/2023"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iv, err := ParseDatetime(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Param != "datetime" {
				t.Fatalf("ParseDatetime(%q): error %v does not name datetime", s, err)
			}
			return
		}
		if iv.Start.IsZero() && iv.End.IsZero() {
			t.Fatalf("ParseDatetime(%q): both ends open", s)
		}
		if !iv.Start.IsZero() && !iv.End.IsZero() && iv.End.Before(iv.Start) {
			t.Fatalf("ParseDatetime(%q) = %v: inverted", s, iv)
		}
	})
}

func FuzzParseEventFilter(f *testing.F) {
	for _, s := range []string{"bbox=1,2,3,4&datetime=2023", "kind=attack,threat&limit=5", "q=%27%3B+DROP", "country=ir&offset=3", "limit=99999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		fl, err := ParseEventFilter(q)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Param == "" || e.Code != EINVALID {
				t.Fatalf("ParseEventFilter(%q): error %v names no parameter", s, err)
			}
			return
		}
		if fl.Limit < 1 || fl.Limit > MaxLimit || fl.Offset < 0 {
			t.Fatalf("ParseEventFilter(%q) = limit %d offset %d", s, fl.Limit, fl.Offset)
		}
	})
}
