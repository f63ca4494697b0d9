package seed

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/westward/westward/geo"
	"github.com/westward/westward/geo/country"
)

// These tests guard the curated data: it parses against the model, every reference resolves,
// every quote is verbatim and short, every point lies in its country, and nothing is doubled.

func mustLoad(t *testing.T) ([]geo.Source, []*geo.Event) {
	t.Helper()
	sources, events, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(events) < 40 {
		t.Fatalf("the seed holds %d events; the articles describe several dozen", len(events))
	}
	return sources, events
}

func TestSeed_sourcesAreAllCitedAndResolve(t *testing.T) {
	sources, events := mustLoad(t)
	cited := map[string]int{}
	for _, e := range events {
		for _, c := range e.Citations {
			cited[c.SourceID]++
		}
	}
	for _, s := range sources {
		if cited[s.ID] == 0 {
			t.Errorf("source %s is cited by no event", s.ID)
		}
	}
	if len(sources) != 5 {
		t.Errorf("%d sources, want the five articles", len(sources))
	}
}

// articles reads the source articles the quotes come from, from the folder WESTWARD_SOURCES
// names; they are not shipped with Westward. CI (.ci/run) sets it to the shared/sources folder
// beside its checkout. Without it a fresh clone cannot check the quotes: articles says so in the
// test log and reports false, except under CI (CI set), where a missing folder fails the test.
func articles(t *testing.T) (map[string]string, bool) {
	t.Helper()
	dir := os.Getenv("WESTWARD_SOURCES")
	if dir == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("could not check quotes: WESTWARD_SOURCES not set, and CI must check them against the articles")
		}
		t.Log("could not check quotes: WESTWARD_SOURCES not set (point it at the folder of source articles to check them verbatim)")
		return nil, false
	}
	files := map[string]string{
		"diplomat-2024": "000_f2648b5dc611d18e.txt", "osw-2024": "001_dc00f8b1ea379a34.txt",
		"islam-2024": "002_04b333e00dd8c374.txt", "react-2024": "003_563931fe974895c5.txt", "cnn-2024": "004_23d282d1b7640acc.txt",
	}
	out := map[string]string{}
	for id, name := range files {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("the quote check needs the source articles in WESTWARD_SOURCES=%s: %v", dir, err)
		}
		out[id] = normaliseSpace(string(b))
	}
	return out, true
}

var space = regexp.MustCompile(`\s+`)

func normaliseSpace(s string) string { return strings.TrimSpace(space.ReplaceAllString(s, " ")) }

func TestSeed_quotesAreVerbatimAndShort(t *testing.T) {
	_, events := mustLoad(t)
	text, verbatim := articles(t)
	check := func(e *geo.Event, src, q string) {
		if n := len(strings.Fields(q)); n == 0 || n > geo.MaxQuoteWords {
			t.Errorf("%s: a quote from %s has %d words", e.ID, src, n)
		}
		if verbatim && !strings.Contains(text[src], normaliseSpace(q)) {
			t.Errorf("%s: quote not found verbatim in %s: %q", e.ID, src, q)
		}
	}
	quotes := 0
	for _, e := range events {
		for _, c := range e.Citations {
			for _, q := range c.Quotes {
				check(e, c.SourceID, q)
				quotes++
			}
		}
		for _, l := range e.Links {
			check(e, l.SourceID, l.Quote)
			quotes++
		}
	}
	if quotes < len(events) {
		t.Errorf("%d quotes for %d events", quotes, len(events))
	}
}

func atlas(t *testing.T) *country.Atlas {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "static", "vendor", "world-atlas", "countries-50m.json"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := country.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// coastKm is how far outside Natural Earth's 1:50m outline a point may lie: that outline
// smooths coasts by a kilometre or two, and venues such as airports sit on the shore.
const coastKm = 2.0

func TestSeed_pointsLieInTheirCountries(t *testing.T) {
	_, events := mustLoad(t)
	a := atlas(t)
	for _, e := range events {
		if !a.Contains(e.Country, e.Point, coastKm) {
			got, _ := a.Locate(e.Point)
			t.Errorf("%s: %v is not in %s (it is in %q)", e.ID, e.Point, e.Country, got)
		}
		for i, l := range e.Links {
			if !a.Contains(l.Country, l.Point, coastKm) {
				t.Errorf("%s: link %d (%s) %v is not in %s", e.ID, i, l.Place, l.Point, l.Country)
			}
		}
	}
}

func TestSeed_noDuplicates(t *testing.T) {
	_, events := mustLoad(t)
	seen := map[string]string{}
	for _, e := range events {
		key := string(e.Kind) + "|" + e.Date.String() + "|" + fmt.Sprint(e.Point)
		if other, ok := seen[key]; ok {
			t.Errorf("%s and %s have the same kind, date and place", other, e.ID)
		}
		seen[key] = e.ID
	}
}

func TestSeed_isSortedByDateThenID(t *testing.T) {
	_, events := mustLoad(t)
	ok := sort.SliceIsSorted(events, func(i, j int) bool {
		a, b := events[i], events[j]
		if !a.Start().Equal(b.Start()) {
			return a.Start().Before(b.Start())
		}
		return a.ID < b.ID
	})
	if !ok {
		t.Error("events.geojson is not sorted by start date then id; keep it sorted so diffs stay small")
	}
}

func TestSeed_precisionsAreHonest(t *testing.T) {
	_, events := mustLoad(t)
	for _, e := range events {
		// A country-level point carries no finer place than its country.
		if e.LocationPrecision == geo.LocationCountry && e.Place == "" {
			t.Errorf("%s: no place name", e.ID)
		}
		// A vague date with a note-less end is suspect: spans must say where they come from.
		if e.EndDate != nil && e.Notes == "" {
			t.Errorf("%s: a date span (%s to %s) without a note saying where it comes from", e.ID, e.Date, e.EndDate)
		}
		if e.EndDate != nil && !e.End().After(e.Date.End()) {
			t.Errorf("%s: end_date %s does not extend date %s", e.ID, e.EndDate, e.Date)
		}
	}
}

// Wording that praises or adopts the group's own language has no place in titles and summaries.
var loaded = regexp.MustCompile(`(?i)\b(martyr\w*|heroic|glorious|lions?|mujahid\w*|caliphate's soldiers|infidels?|crusaders?|apostates?)\b`)

func TestSeed_wordingIsNeutral(t *testing.T) {
	_, events := mustLoad(t)
	for _, e := range events {
		for _, s := range []string{e.Title, e.Summary} {
			if m := loaded.FindString(s); m != "" {
				t.Errorf("%s: loaded word %q in %q", e.ID, m, s)
			}
		}
	}
}

func TestParse_rejectsBrokenData(t *testing.T) {
	src := []byte(`[{"id":"a","publication":"P","title":"T","authors":[],"published":"2024"}]`)
	feature := func(props string) []byte {
		return []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":"e-1","geometry":{"type":"Point","coordinates":[69.2,34.5]},"properties":{` + props + `}}]}`)
	}
	good := `"title":"T","summary":"S","date":"2021-08-26","kind":"attack","actor":"iskp","attribution":"claimed","place":"Kabul","country":"AF","location_precision":"city","tags":[],"sources":[{"source":"a","quotes":["q"]}],"links":[]`
	if _, ev, err := Parse(src, feature(good)); err != nil || len(ev) != 1 {
		t.Fatalf("a good feature: %v", err)
	}
	for name, props := range map[string]string{
		"nok, unknown source":  strings.Replace(good, `"source":"a"`, `"source":"b"`, 1),
		"nok, bad date":        strings.Replace(good, `2021-08-26`, `2021-02-30`, 1),
		"nok, unknown kind":    strings.Replace(good, `"attack"`, `"bombing"`, 1),
		"nok, no quotes":       strings.Replace(good, `"quotes":["q"]`, `"quotes":[]`, 1),
		"nok, link to nowhere": strings.Replace(good, `"links":[]`, `"links":[{"role":"origin","place":"X","country":"TJ","coordinates":[71,38.9],"location_precision":"country","source":"zz","quote":"q"}]`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			if _, _, err := Parse(src, feature(props)); err == nil {
				t.Error("Parse accepted it")
			}
		})
	}
}

func TestSeed_storyWalksTheArc(t *testing.T) {
	_, events := mustLoad(t)
	stories, err := LoadStories(events)
	if err != nil {
		t.Fatal(err)
	}
	if len(stories) == 0 || len(stories[0].Chapters) < 8 {
		t.Fatalf("want a story of at least eight chapters, got %d stories", len(stories))
	}
	byID := map[string]*geo.Event{}
	for _, e := range events {
		byID[e.ID] = e
	}
	for _, c := range stories[0].Chapters {
		iv, err := geo.ParseDatetime(c.Datetime)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Events) == 0 {
			t.Errorf("chapter %s cites no event", c.ID)
		}
		for _, id := range c.Events {
			e := byID[id]
			if !iv.Intersects(e.Start(), e.End()) {
				t.Errorf("chapter %s (%s) cites %s (%s), outside its window", c.ID, c.Datetime, id, e.Date)
			}
		}
		if m := loaded.FindString(c.Narrative); m != "" {
			t.Errorf("chapter %s: loaded word %q", c.ID, m)
		}
	}
}

// TestSeed_locationRolesAreExplicit holds every event to a role stated in the file (not the
// reader's default) that fits its kind: a threat or propaganda item never stands where
// something happened.
func TestSeed_locationRolesAreExplicit(t *testing.T) {
	var raw struct {
		Features []struct {
			ID         string         `json:"id"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(EventsGeoJSON(), &raw); err != nil {
		t.Fatal(err)
	}
	for _, f := range raw.Features {
		role, _ := f.Properties["location_role"].(string)
		if !slices.Contains(geo.LocationRoles, geo.LocationRole(role)) {
			t.Errorf("%s: location_role %q, want one of %v stated in the file", f.ID, role, geo.LocationRoles)
		}
		kind, _ := f.Properties["kind"].(string)
		if (kind == string(geo.KindThreat) || kind == string(geo.KindPropaganda)) && role == string(geo.RoleOccurrence) {
			t.Errorf("%s: a %s placed as an occurrence; its point is a target, subject or audience", f.ID, kind)
		}
	}
}

// TestSeed_onePublicationIsOneEvent keeps a publication that names several places as one event
// with target links: two threats or propaganda items of one date resting on exactly the same
// quotes are one item split by place (two magazine issues dated apart may share a sentence;
// images the article tells apart have evidence of their own); only such items carry target
// links.
func TestSeed_onePublicationIsOneEvent(t *testing.T) {
	_, events := mustLoad(t)
	seen := map[string]string{}
	var graphic *geo.Event
	for _, e := range events {
		if e.ID == "after-moscow-graphic-2024" {
			graphic = e
		}
		named := e.Kind == geo.KindThreat || e.Kind == geo.KindPropaganda
		for _, l := range e.Links {
			if l.Role == geo.LinkTarget && !named {
				t.Errorf("%s: a %s with a target link; target links name further places of one threat or publication", e.ID, e.Kind)
			}
		}
		if !named {
			continue
		}
		var evidence []string
		for _, c := range e.Citations {
			for _, q := range c.Quotes {
				evidence = append(evidence, c.SourceID+"|"+q)
			}
		}
		sort.Strings(evidence)
		key := e.Date.String() + "|" + string(e.Kind) + "|" + strings.Join(evidence, "|")
		if other, ok := seen[key]; ok {
			t.Errorf("%s and %s are the same %s on the same evidence: one item split by place; make it one event with target links", other, e.ID, e.Kind)
		}
		seen[key] = e.ID
	}
	if graphic == nil || len(graphic.Links) != 3 || graphic.Reach() != geo.ReachNamed {
		t.Fatalf("the After Moscow graphic: %+v; want one named event with three target links (Paris, Rome, Madrid)", graphic)
	}
}

// TestSeed_nothingEndsAfterItsReporting holds every event to the articles that describe it:
// its last possible day is no later than the last of them was published, so a year-only date
// or span never runs the event (and the day reach counts it from) past the reporting.
func TestSeed_nothingEndsAfterItsReporting(t *testing.T) {
	sources, events := mustLoad(t)
	published := map[string]geo.Date{}
	for _, s := range sources {
		published[s.ID] = s.Published
	}
	for _, e := range events {
		var last time.Time
		for _, c := range e.Citations {
			if end := published[c.SourceID].End(); end.After(last) {
				last = end
			}
		}
		if e.End().After(last) {
			t.Errorf("%s ends %s, after its last source was published (%s)", e.ID, e.End().Format(time.DateOnly), last.Format(time.DateOnly))
		}
	}
}
