package main

import (
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/westward/westward/geo"
)

// The server reads a page URL's view (geo.ParsePageView, geo.PageView.ApplyChapter) to draw
// its preview and name it; these scenarios hold that reading equal to the page's own
// (static/js/state.js, story/chapter.js) on a few URLs, and the server's og:title to the view
// the page shows.

// sortedStrings turns a facet into the page's snapshot form: sorted, or nil for "every value".
func sortedStrings[T ~string](v []T) []string {
	if v == nil {
		return nil
	}
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = string(x)
	}
	slices.Sort(out)
	return out
}

func TestPageView_readsURLsAsThePageDoes(t *testing.T) {
	base := startServer(t)
	b := startBrowser(t, base)
	atlas, err := loadAtlas()
	if err != nil {
		t.Fatal(err)
	}
	var stories struct{ Stories []geo.Story }
	getJSON(t, base+"/api/stories", &stories)
	name := func(c string) string { n, _ := atlas.Name(c); return n }
	for _, tt := range []struct{ name, path string }{
		{"ok, a window with every filter and a view", "/?t=2023-06-30&mode=window&w=24&kind=attack,foiled_plot,arrest&actor=iskp,is&attr=claimed&country=IR,TR&alleged=1&map=4/44/42"},
		{"ok, malformed values fall back, a late day is clamped", "/?t=2030-01-01&kind=bogus&mode=window&w=999&map=5/95/0&alleged=yes"},
		{"ok, search, selection, no actor", "/?q=kerman&event=crocus-city-hall-attack-2024&actor=&t=2019-02-29&country=ir"},
		{"ok, the embed with every actor", "/embed?actor=iskp,is,is_inspired,unclear&t=2022-10-26&mode=window&w=06&map=0x5/%2038.5%20/1e1"},
		{"ok, a chapter in the embed", "/embed?story=westward&chapter=iran"},
		{"ok, a chapter of the story", "/story?chapter=peak-and-decline"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := b.open(t, tt.path, 1440, 900, false)
			s := eval[embedState](t, p, `window.westward.state()`)
			u, err := url.Parse(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			v := geo.ParsePageView(u.Query())
			start, err1 := time.Parse(time.DateOnly, s.Start)
			end, err2 := time.Parse(time.DateOnly, s.End)
			if err1 != nil || err2 != nil {
				t.Fatalf("page extent %q–%q", s.Start, s.End)
			}
			chapter := strings.HasPrefix(u.Path, "/story") || v.Chapter != ""
			if chapter {
				c := findStoryChapter(t, stories.Stories, v.Story, v.Chapter)
				v.ApplyChapter(c, start, end)
			}
			if v.Time.IsZero() || v.Time.After(end) {
				v.Time = end
			}
			if v.Time.Before(start) {
				v.Time = start
			}
			if got := v.Time.Format(time.DateOnly); got != s.T {
				t.Errorf("t: Go %s, page %s", got, s.T)
			}
			if (v.WindowMonths > 0) != (s.Mode == "window") || v.WindowMonths > 0 && v.WindowMonths != s.Win {
				t.Errorf("window: Go %d months, page %s %d", v.WindowMonths, s.Mode, s.Win)
			}
			for _, f := range []struct {
				name     string
				go_, js_ []string
			}{{"kinds", sortedStrings(v.Kinds), s.Kinds}, {"actors", sortedStrings(v.Actors), s.Actors},
				{"attributions", sortedStrings(v.Attributions), s.Attributions}, {"countries", sortedStrings(v.Countries), s.Countries}} {
				if !reflect.DeepEqual(f.go_, f.js_) {
					t.Errorf("%s: Go %#v, page %#v", f.name, f.go_, f.js_)
				}
			}
			if v.IncludeAlleged != s.Alleged || v.Query != s.Q {
				t.Errorf("alleged, q: Go %v %q, page %v %q", v.IncludeAlleged, v.Query, s.Alleged, s.Q)
			}
			sel := ""
			if s.Sel != nil {
				sel = *s.Sel
			}
			if sel != v.Selected {
				t.Errorf("selected: Go %q, page %q", v.Selected, sel)
			}
			if v.Map != nil && (s.View == nil || s.View.Lat != v.Map.Lat || s.View.Lng != v.Map.Lng || !chapter && s.View.Zoom != v.Map.Zoom) {
				t.Errorf("view: Go %+v, page %+v", v.Map, s.View)
			}
			if !chapter {
				// The server's own reading, through the page's head: its title names the same view.
				res, body := fetch(t, base+tt.path)
				if got, want := metaContent(string(body), "og:title"), v.Title(v.Time, name); res.StatusCode != 200 ||
					(v.Selected == "" && got != want) {
					t.Errorf("og:title %q, want %q", got, want)
				}
			}
		})
	}
}

// findStoryChapter finds a chapter as the page does: the first story and chapter by default.
func findStoryChapter(t *testing.T, stories []geo.Story, storyID, chapterID string) geo.Chapter {
	t.Helper()
	if len(stories) == 0 {
		t.Fatal("no stories")
	}
	st := stories[0]
	for _, s := range stories {
		if s.ID == storyID {
			st = s
		}
	}
	for _, c := range st.Chapters {
		if c.ID == chapterID {
			return c
		}
	}
	return st.Chapters[0]
}
