package main

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Scenarios for issue 10: every claim the map makes about reach is one the sources support,
// under one rule (geo.Reach) that the page and /api/spread apply alike.

func TestBrowser_reach(t *testing.T) {
	base := startServer(t)
	b := startBrowser(t, base)
	var spread apiSpread
	getJSON(t, base+"/api/spread", &spread)
	var items struct {
		Features []struct {
			ID         string `json:"id"`
			Properties struct {
				Kind       string `json:"kind"`
				Actor      string `json:"actor"`
				Reach      string `json:"reach"`
				Start      string `json:"start"`
				End        string `json:"end"`
				Casualties struct {
					Killed *struct {
						Label string `json:"label"`
					} `json:"killed"`
				} `json:"casualties"`
			} `json:"properties"`
		} `json:"features"`
	}
	getJSON(t, base+"/api/collections/events/items?limit=10000", &items)
	reachClass := map[string]string{}
	for _, f := range items.Features {
		reachClass[f.ID] = f.Properties.Reach
	}

	t.Run("ok, 2017: only ISKP presence is tinted and counted", func(t *testing.T) {
		p := b.open(t, "/?t=2017-12-31", 1280, 860, false)
		p.screenshot(t, "reach-2017.png")
		r := reachOf(t, p)
		want := spread.reachedBy("2017-12-31")
		if !slices.Equal(r.Reached, want) || len(want) == 0 {
			t.Fatalf("reached on 2017-12-31: page %v, API %v", r.Reached, want)
		}
		for _, code := range []string{"US", "FR", "EG", "MY", "SE", "RU"} {
			if slices.Contains(r.Reached, code) {
				t.Errorf("%s is tinted as reached in 2017; no ISKP presence there by then", code)
			}
		}
		stats := eval[string](t, p, `document.getElementById('stats').textContent`)
		if !strings.Contains(stats, countText(len(want), "country", "countries")+" reached") {
			t.Errorf("header %q does not count the %d countries the card tints", stats, len(want))
		}
		if got := eval[string](t, p, `document.getElementById('reach-counts').textContent`); !strings.HasPrefix(got, countText(len(want), "country", "countries")+" reached") {
			t.Errorf("card counts %q, want %d reached", got, len(want))
		}
		if rule := eval[string](t, p, `document.getElementById('reach-rule').textContent`); rule != spread.Rule.Text || !strings.Contains(rule, "never count as reached") {
			t.Errorf("the card's rule %q, want the API's %q", rule, spread.Rule.Text)
		}
	})

	t.Run("ok, February 2024: France is not reached (threats only), and counts follow the span's end", func(t *testing.T) {
		p := b.open(t, "/?t=2024-02-15", 1280, 860, false)
		p.screenshot(t, "reach-2024-02.png")
		r := reachOf(t, p)
		if slices.Contains(r.Reached, "FR") {
			t.Errorf("France is tinted as reached on 2024-02-15: %v", r.Reached)
		}
		if want := spread.reachedBy("2024-02-15"); !slices.Equal(r.Reached, want) {
			t.Errorf("reached: page %v, API %v", r.Reached, want)
		}
	})

	t.Run("ok, the page's tally equals /api/spread under each rule", func(t *testing.T) {
		for _, tc := range []struct{ page, api string }{
			{"/", "/api/spread"},
			{"/?actor=is,is_inspired,iskp,unclear&alleged=1", "/api/spread?actor=iskp,is,is_inspired,unclear&include_alleged=true"},
			{"/?kind=attack,arrest", "/api/spread?kind=attack,arrest"},
		} {
			var want apiSpread
			getJSON(t, base+tc.api, &want)
			p := b.open(t, tc.page, 1280, 860, false)
			r := reachOf(t, p)
			var got, exp []string
			for _, c := range r.Countries {
				got = append(got, c.Country+"@"+c.Earliest+".."+c.From+"/"+c.Precision+"/"+c.Event)
			}
			for _, c := range want.Countries {
				exp = append(exp, c.Country+"@"+c.FirstDate+".."+c.FirstDateLatest+"/"+c.DatePrecision+"/"+c.Event)
			}
			if !slices.Equal(got, exp) {
				t.Errorf("%s countries\n page %v\n  API %v", tc.page, got, exp)
			}
			got, exp = nil, nil
			for _, f := range r.Frontier {
				got = append(got, f.Event+"@"+f.Date+"/"+strconv.FormatFloat(f.Km, 'f', 1, 64))
				if reachClass[f.Event] == "named" {
					t.Errorf("%s: frontier step %s is a threat or propaganda item", tc.page, f.Event)
				}
			}
			for _, f := range want.Frontier {
				exp = append(exp, f.Event+"@"+f.Date+"/"+strconv.FormatFloat(f.DistanceKm, 'f', 1, 64))
			}
			if !slices.Equal(got, exp) {
				t.Errorf("%s frontier\n page %v\n  API %v", tc.page, got, exp)
			}
		}
	})

	t.Run("ok, the histogram holds no month of year-only events as a solid bar", func(t *testing.T) {
		p := b.open(t, "/", 1280, 860, false)
		h := eval[struct {
			First int       `json:"first"`
			Exact []int     `json:"exact"`
			Total []float64 `json:"total"`
		}](t, p, `window.westward.state().histogram`)
		monthIndex := func(day string) int {
			d, err := time.Parse(time.DateOnly, day)
			if err != nil {
				t.Fatal(err)
			}
			return d.Year()*12 + int(d.Month()) - 1
		}
		exact := make([]int, len(h.Exact))
		passing := 0
		for _, f := range items.Features {
			if f.Properties.Actor != "iskp" {
				continue
			}
			passing++
			if m0, m1 := monthIndex(f.Properties.Start), monthIndex(f.Properties.End); m0 == m1 {
				exact[m0-h.First]++
			}
		}
		if !slices.Equal(h.Exact, exact) {
			t.Errorf("solid bars %v, want only events dated within their month %v", h.Exact, exact)
		}
		sum := 0.0
		for _, v := range h.Total {
			sum += v
		}
		if sum < float64(passing)-0.01 || sum > float64(passing)+0.01 {
			t.Errorf("the bars add up to %.2f events, want the %d shown", sum, passing)
		}
		jan2022 := monthIndex("2022-01-01") - h.First
		if h.Total[jan2022] >= 3 {
			t.Errorf("January 2022 holds %.2f events; the year-only 2022 events must be spread over the year", h.Total[jan2022])
		}
	})

	t.Run("ok, Kind None: an empty state with a way back, and the card and panel clear", func(t *testing.T) {
		p := b.open(t, "/?kind=&event=crocus-city-hall-attack-2024", 1280, 860, false)
		p.screenshot(t, "reach-empty.png")
		if !eval[bool](t, p, `!document.querySelector('.map-empty').hidden`) {
			t.Error("no empty state when the filters leave nothing")
		}
		if km := eval[string](t, p, `document.querySelector('.frontier-km').textContent`); km != "—" {
			t.Errorf("the card still shows %q with nothing shown", km)
		}
		if r := reachOf(t, p); len(r.Reached) != 0 || r.Km != nil {
			t.Errorf("reach with nothing shown: %+v", r)
		}
		if !eval[bool](t, p, `Boolean(document.querySelector('#panel .panel-hidden-note'))`) {
			t.Error("the selected event is hidden by the filters but its panel does not say so")
		}
		p.do(t, chromedp.Click(chromedp.CSS(`.map-empty button`)))
		time.Sleep(300 * time.Millisecond)
		if eval[bool](t, p, `!document.querySelector('.map-empty').hidden || Boolean(document.querySelector('#panel .panel-hidden-note'))`) {
			t.Error("Reset filters did not bring the events back")
		}
	})

	t.Run("ok, Crocus figures read the same, with qualifiers, in list, panel and CSV", func(t *testing.T) {
		const id = "crocus-city-hall-attack-2024"
		var label string
		for _, f := range items.Features {
			if f.ID == id && f.Properties.Casualties.Killed != nil {
				label = f.Properties.Casualties.Killed.Label
			}
		}
		if label != "at least 139–145 killed" {
			t.Fatalf("API label %q, want the sources' own hedge kept: at least 139–145 killed", label)
		}
		p := b.open(t, "/?event="+id, 1280, 860, false)
		p.screenshot(t, "reach-crocus.png")
		if got := eval[string](t, p, `document.querySelector('#panel .figure-range').textContent`); got != label {
			t.Errorf("panel %q, want %q", got, label)
		}
		if got := eval[string](t, p, `document.querySelector('#panel .figure:nth-of-type(2) .figure-range').textContent`); got != "more than 500 injured" {
			t.Errorf("panel injured %q, want more than 500 injured", got)
		}
		p.do(t, chromedp.Click(chromedp.CSS(`#tab-list`)), chromedp.WaitReady(chromedp.CSS(`.event-row[data-id="`+id+`"]`)))
		if got := eval[string](t, p, `document.querySelector('.event-row[data-id="`+id+`"] .row-toll').textContent`); got != label {
			t.Errorf("list %q, want %q", got, label)
		}
		res, err := http.Get(base + "/api/collections/events/items.csv?q=crocus")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		rows, err := csv.NewReader(res.Body).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("csv: %v, %d rows", err, len(rows))
		}
		col := slices.Index(rows[0], "killed")
		found := false
		for _, row := range rows[1:] {
			if row[0] == id {
				found = true
				if row[col] != label {
					t.Errorf("CSV killed %q, want %q", row[col], label)
				}
			}
		}
		if !found {
			t.Errorf("the CSV has no row %s", id)
		}
	})

	t.Run("ok, the About dialog and the story say what the sources disagree on, in their words", func(t *testing.T) {
		p := b.open(t, "/", 1280, 860, false)
		about := eval[string](t, p, `document.getElementById('about').textContent`)
		for _, want := range []string{"What the sources disagree on", "In conclusion, IS-K is not really “expanding”.",
			"one should speak of intra-IS branches cooperation", "expanding westward", "never move the frontier"} {
			if !strings.Contains(strings.Join(strings.Fields(about), " "), want) && !strings.Contains(about, want) {
				t.Errorf("the About dialog lacks %q", want)
			}
		}
		var stories struct {
			Stories []struct {
				Chapters []struct {
					ID        string `json:"id"`
					Narrative string `json:"narrative"`
				} `json:"chapters"`
			} `json:"stories"`
		}
		getJSON(t, base+"/api/stories", &stories)
		found := false
		for _, s := range stories.Stories {
			for _, c := range s.Chapters {
				if c.ID == "expansion-debate" {
					found = strings.Contains(c.Narrative, "IS-K is not really “expanding”") && strings.Contains(c.Narrative, "expanding westward")
				}
			}
		}
		if !found {
			t.Error("the story's debate chapter does not quote both readings")
		}
	})

	t.Run("ok, playback starts where ISKP's first event starts", func(t *testing.T) {
		p := b.open(t, "/", 1280, 860, false)
		p.do(t, chromedp.Click(chromedp.CSS(`#play`)))
		time.Sleep(150 * time.Millisecond)
		p.do(t, chromedp.Click(chromedp.CSS(`#play`)))
		s := p.state(t)
		if !strings.HasPrefix(s.T, "2015-") {
			t.Errorf("playback from the end restarted at %s, want ISKP's first event in 2015", s.T)
		}
	})
}
