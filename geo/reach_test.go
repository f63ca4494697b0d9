package geo

import (
	"net/url"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func reachEvent(id, date string, kind Kind, attr Attribution, country string, lon, lat float64) *Event {
	return &Event{ID: id, Date: MustParseDate(date), Kind: kind, Actor: ActorISKP, Attribution: attr,
		LocationRole: RoleOccurrence, Country: country, Point: orb.Point{lon, lat}, Place: id}
}

func TestEvent_Reach(t *testing.T) {
	tests := []struct {
		name   string
		kind   Kind
		attr   Attribution
		role   LocationRole
		expect Reach
	}{
		{"ok, claimed attack is presence", KindAttack, AttributionClaimed, RoleOccurrence, ReachPresence},
		{"ok, attributed arrest is presence", KindArrest, AttributionAttributed, RoleOccurrence, ReachPresence},
		{"ok, attributed network activity is presence", KindNetwork, AttributionAttributed, RoleOccurrence, ReachPresence},
		{"ok, cross-border strike is presence", KindCrossBorderStrike, AttributionClaimed, RoleOccurrence, ReachPresence},
		{"ok, foiled plot at its target is presence", KindFoiledPlot, AttributionAttributed, RoleTarget, ReachPresence},
		{"ok, alleged attack is alleged", KindAttack, AttributionAlleged, RoleOccurrence, ReachAlleged},
		{"ok, disputed plot is alleged", KindFoiledPlot, AttributionDisputed, RoleTarget, ReachAlleged},
		{"ok, claimed threat is only named", KindThreat, AttributionClaimed, RoleTarget, ReachNamed},
		{"ok, propaganda is only named", KindPropaganda, AttributionAttributed, RoleAudience, ReachNamed},
		{"ok, network activity about a place is only named", KindNetwork, AttributionAttributed, RoleSubject, ReachNamed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &Event{Kind: tt.kind, Attribution: tt.attr, LocationRole: tt.role}
			if got := e.Reach(); got != tt.expect {
				t.Fatalf("Reach() = %s, want %s", got, tt.expect)
			}
		})
	}
}

func TestComputeSpread(t *testing.T) {
	graphic := reachEvent("graphic", "2024-21", KindThreat, AttributionAlleged, "GB", -0.13, 51.51)
	graphic.Links = []Link{{Role: LinkTarget, Place: "Madrid", Country: "ES", Point: orb.Point{-3.7, 40.42}}}
	events := []*Event{
		reachEvent("moscow", "2024-03-22", KindAttack, AttributionClaimed, "RU", 37.39, 55.83),
		reachEvent("kabul", "2021-08-26", KindAttack, AttributionAttributed, "AF", 69.21, 34.56),
		reachEvent("kerman", "2024-01-03", KindAttack, AttributionClaimed, "IR", 57.08, 30.28),
		// Month precision: counts from the month's last day, not its first.
		reachEvent("istanbul", "2024-01", KindArrest, AttributionAttributed, "TR", 29.05, 41.17),
		// Year precision: counts from 31 December.
		reachEvent("jalalabad", "2015", KindNetwork, AttributionAttributed, "AF", 70.45, 34.43),
		// Season precision: spring 2023 ends on 31 May.
		reachEvent("tashkent", "2023-21", KindNetwork, AttributionAttributed, "UZ", 69.24, 41.3),
		reachEvent("cologne", "2023-12", KindFoiledPlot, AttributionAlleged, "DE", 6.96, 50.94),
		reachEvent("paris", "2024", KindThreat, AttributionAttributed, "FR", 2.35, 48.86),
		graphic,
	}
	s := ComputeSpread(events, DefaultReachRule, nil)
	var got []string
	for _, c := range s.Countries {
		got = append(got, c.Country+"@"+c.FirstDate+".."+c.FirstDateLatest+"/"+string(c.DatePrecision))
	}
	want := "[AF@2015-01-01..2015-12-31/year UZ@2023-03-01..2023-05-31/season IR@2024-01-03..2024-01-03/day " +
		"TR@2024-01-01..2024-01-31/month RU@2024-03-22..2024-03-22/day]"
	if fmtSlice(got) != want {
		t.Errorf("countries\n got %v\nwant %s", got, want)
	}
	var steps []string
	for i, st := range s.Frontier {
		steps = append(steps, st.EventID+"@"+st.Date)
		if i > 0 && st.DistanceKm <= s.Frontier[i-1].DistanceKm {
			t.Errorf("frontier step %d does not move out: %v", i, s.Frontier)
		}
	}
	// Istanbul (about 3,700 km) is farther from the base than Moscow (about 3,000 km); Cologne is
	// farther still but alleged, and Paris and London only threatened: neither moves it.
	if want := "[jalalabad@2015-12-31 kabul@2021-08-26 tashkent@2023-05-31 kerman@2024-01-03 istanbul@2024-01-31]"; fmtSlice(steps) != want {
		t.Errorf("frontier = %v, want %s", steps, want)
	}
	if codes := countryCodes(s.Alleged); codes != "[DE]" {
		t.Errorf("alleged = %s, want [DE]", codes)
	}
	if codes := countryCodes(s.Named); codes != "[GB ES FR]" {
		t.Errorf("named = %s, want [GB ES FR] (the graphic's target link included; by last possible day)", codes)
	}
	if !strings.Contains(s.Rule.Text, "ISKP") || !strings.Contains(s.Rule.Text, "never count as reached") {
		t.Errorf("rule text %q does not say the rule", s.Rule.Text)
	}

	withAlleged := ComputeSpread(events, ReachRule{Actors: []Actor{ActorISKP}, IncludeAlleged: true}, nil)
	if codes := countryCodes(withAlleged.Countries); codes != "[AF UZ DE IR TR RU]" || len(withAlleged.Alleged) != 0 {
		t.Errorf("with alleged: countries %s alleged %v, want Germany counted from December 2023", codes, withAlleged.Alleged)
	}
	if last := withAlleged.Frontier[len(withAlleged.Frontier)-1]; last.EventID != "cologne" {
		t.Errorf("with alleged: frontier ends at %s, want cologne", last.EventID)
	}
	if d := DistanceKm(orb.Point{29.05, 41.17}); d < 3600 || d > 3800 {
		t.Errorf("base–Istanbul = %.0f km, want about 3,700", d)
	}
}

func countryCodes(list []FirstReached) string {
	var codes []string
	for _, c := range list {
		codes = append(codes, c.Country)
	}
	return fmtSlice(codes)
}

func TestParseReachRule(t *testing.T) {
	tests := []struct {
		name        string
		given       string
		expect      ReachRule
		expectParam string
	}{
		{name: "ok, default is ISKP, firm only", given: "", expect: ReachRule{Actors: []Actor{ActorISKP}}},
		{name: "ok, actors chosen", given: "actor=iskp,is", expect: ReachRule{Actors: []Actor{ActorISKP, ActorIS}}},
		{name: "ok, alleged included", given: "include_alleged=true", expect: ReachRule{Actors: []Actor{ActorISKP}, IncludeAlleged: true}},
		{name: "nok, include_alleged not a boolean", given: "include_alleged=yes", expectParam: "include_alleged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.given)
			f, err := ParseEventFilter(q, "include_alleged")
			if err != nil {
				t.Fatal(err)
			}
			r, err := ParseReachRule(q, f)
			if tt.expectParam != "" {
				if e, ok := err.(*Error); !ok || e.Param != tt.expectParam {
					t.Fatalf("err = %v, want a problem naming %s", err, tt.expectParam)
				}
				return
			}
			if err != nil || fmtSlice(actorStrings(r.Actors)) != fmtSlice(actorStrings(tt.expect.Actors)) || r.IncludeAlleged != tt.expect.IncludeAlleged {
				t.Fatalf("rule = %+v, %v; want %+v", r, err, tt.expect)
			}
		})
	}
}

func actorStrings(a []Actor) []string {
	out := make([]string, len(a))
	for i, x := range a {
		out[i] = string(x)
	}
	return out
}
