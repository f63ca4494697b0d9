package main

// Part of the one browser harness: the mirrors of what the scenarios read, the pages' test
// hooks (window.westward.state() and its reach card) and the API's documents.

import (
	"encoding/json"
	"sort"
	"strconv"
	"testing"
)

// pageState mirrors window.westward.state(), the page's read-only test hook.
type pageState struct {
	T            string   `json:"t"`
	Mode         string   `json:"mode"`
	Win          int      `json:"win"`
	Speed        float64  `json:"speed"`
	Kinds        []string `json:"kinds"`
	Actors       []string `json:"actors"`
	Attributions []string `json:"attributions"`
	Countries    []string `json:"countries"`
	Q            string   `json:"q"`
	Alleged      bool     `json:"alleged"`
	Sel          *string  `json:"sel"`
	View         *struct {
		Zoom float64 `json:"zoom"`
		Lat  float64 `json:"lat"`
		Lng  float64 `json:"lng"`
	} `json:"view"`
	Playing bool   `json:"playing"`
	Drawn   int    `json:"drawn"`
	Total   int    `json:"total"`
	Start   string `json:"start"`
	End     string `json:"end"`
}

// state reads the page's state through its test hook.
func (p *page) state(t *testing.T) pageState {
	t.Helper()
	return eval[pageState](t, p, `window.westward.state()`)
}

// apiFeature is the part of an event feature the tests look at.
type apiFeature struct {
	ID         string `json:"id"`
	Properties struct {
		Title         string `json:"title"`
		Start         string `json:"start"`
		End           string `json:"end"`
		DatePrecision string `json:"date_precision"`
		Actor         string `json:"actor"`
		Kind          string `json:"kind"`
		Sources       []struct {
			Source string   `json:"source"`
			Quotes []string `json:"quotes"`
		} `json:"sources"`
	} `json:"properties"`
}

type apiCollection struct {
	NumberMatched int          `json:"numberMatched"`
	Features      []apiFeature `json:"features"`
}

// embedState is window.westward.state() on the embed and story pages: the map's state and
// the page's own fields.
type embedState struct {
	pageState
	Highlighted []string `json:"highlighted"`
	Chapter     *string  `json:"chapter"`
	Index       int      `json:"index"`
	Chapters    int      `json:"chapters"`
	Presenting  bool     `json:"presenting"`
	Embed       *struct {
		Legend, Timeline, Filters, Autoplay, Scroll bool
		Theme                                       string
		AutoHeight                                  bool `json:"autoHeight"`
	} `json:"embed"`
}

// frameState waits until the Westward page in the page's first iframe is ready and returns
// its state, read inside the frame (the host page cannot read another origin's frame).
func frameState(t *testing.T, p *page) embedState {
	t.Helper()
	raw := frameEval[string](t, p, `document.documentElement.dataset.ready === '1' && window.westward ? JSON.stringify(window.westward.state()) : ''`)
	var s embedState
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// reachState is the reach part of window.westward.state().
type reachState struct {
	Reached       []string `json:"reached"`
	Alleged       []string `json:"alleged"`
	Named         []string `json:"named"`
	Km            *float64 `json:"km"`
	FrontierEvent *string  `json:"frontierEvent"`
	Countries     []struct {
		Country   string `json:"country"`
		From      string `json:"from"`
		Earliest  string `json:"earliest"`
		Precision string `json:"precision"`
		Event     string `json:"event"`
	} `json:"countries"`
	Frontier []struct {
		Event string  `json:"event"`
		Date  string  `json:"date"`
		Km    float64 `json:"km"`
	} `json:"frontier"`
}

type apiSpread struct {
	Rule struct {
		Text string `json:"text"`
	} `json:"rule"`
	Countries []struct {
		Country         string `json:"country"`
		FirstDate       string `json:"first_date"`
		FirstDateLatest string `json:"first_date_latest"`
		DatePrecision   string `json:"date_precision"`
		Event           string `json:"event"`
	} `json:"countries"`
	Frontier []struct {
		Date       string  `json:"date"`
		DistanceKm float64 `json:"distance_km"`
		Event      string  `json:"event"`
	} `json:"frontier"`
	Alleged []struct {
		Country         string `json:"country"`
		FirstDateLatest string `json:"first_date_latest"`
	} `json:"alleged"`
}

// reachedBy lists the countries the API counts as reached on day (YYYY-MM-DD), sorted.
func (s apiSpread) reachedBy(day string) []string {
	out := []string{}
	for _, c := range s.Countries {
		if c.FirstDateLatest <= day {
			out = append(out, c.Country)
		}
	}
	sort.Strings(out)
	return out
}

func reachOf(t *testing.T, p *page) reachState {
	t.Helper()
	return eval[reachState](t, p, `window.westward.state().reach`)
}

// countText words n as the page does ("1 country", "3 countries").
func countText(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
