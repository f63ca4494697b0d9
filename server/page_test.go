package server

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/westward/westward/geo"
)

func TestPage_headMetadata(t *testing.T) {
	srv, _ := newTestServer(t)
	target := "/embed?t=2024-03&kind=attack&x=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"
	rec := serveWithHost(t, srv, request{target: target, header: map[string]string{"Host": "maps.example.org"}})
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	if strings.Contains(body, "<script>alert(1)") {
		t.Fatal("the URL reached the page unescaped")
	}
	m := regexp.MustCompile(`<link rel="alternate" type="application/json\+oembed" href="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no oEmbed discovery link in:\n%s", body)
	}
	discovery, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	if discovery.Path != "/oembed" || discovery.Query().Get("url") != "http://maps.example.org"+target {
		t.Errorf("discovery link %s does not point at /oembed for this exact view", discovery)
	}
	for _, want := range []string{`<meta property="og:title" content="Westward map">`, `<meta name="twitter:card" content="summary">`,
		`<link rel="canonical" href="http://maps.example.org/embed?`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") {
		t.Errorf("the embed page must be frameable anywhere, CSP %q", csp)
	}
	if xfo := rec.Header().Get("X-Frame-Options"); xfo != "" {
		t.Errorf("X-Frame-Options %q on an embeddable page", xfo)
	}
	if csp := get(t, srv, "/").Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'self'") {
		t.Errorf("the map page keeps its own framing policy, CSP %q", csp)
	}
	if rec := get(t, srv, "/story"); rec.Code != http.StatusNotFound {
		t.Errorf("a page whose file is missing: status %d, want 404", rec.Code)
	}
}

func TestOEmbed(t *testing.T) {
	srv, _ := newTestServer(t)
	host := map[string]string{"Host": "maps.example.org"}
	oembed := func(q string) (int, map[string]any) {
		rec := serveWithHost(t, srv, request{target: "/oembed?" + q, header: host})
		var v map[string]any
		json.Unmarshal(rec.Body.Bytes(), &v)
		return rec.Code, v
	}
	view := url.QueryEscape("http://maps.example.org/?t=2024-03-22&kind=attack,threat")
	code, v := oembed("url=" + view + "&format=json&maxwidth=640&maxheight=400")
	if code != http.StatusOK || v["version"] != "1.0" || v["type"] != "rich" || v["width"] != 640.0 || v["height"] != 400.0 ||
		v["provider_name"] != "Westward" {
		t.Fatalf("oEmbed: %d %v", code, v)
	}
	h, _ := v["html"].(string)
	if !strings.Contains(h, `src="http://maps.example.org/embed?t=2024-03-22&amp;kind=attack,threat"`) ||
		!strings.Contains(h, `loading="lazy"`) || !strings.Contains(h, `title="Westward map"`) || !strings.Contains(h, "View the full map") {
		t.Errorf("oEmbed html does not frame this view: %s", h)
	}
	if code, v := oembed("url=" + url.QueryEscape("http://maps.example.org/story?chapter=kerman")); code != 200 ||
		!strings.Contains(v["html"].(string), "/story?chapter=kerman") || v["width"] != 800.0 {
		t.Errorf("story: %d %v", code, v)
	}
	for _, tt := range []struct {
		name, query string
		status      int
		param       string
	}{
		{"nok, no url", "format=json", 400, "url"},
		{"nok, another site", "url=" + url.QueryEscape("http://evil.example/"), 404, "url"},
		{"nok, not a page", "url=" + url.QueryEscape("http://maps.example.org/api/summary"), 404, "url"},
		{"nok, not http", "url=" + url.QueryEscape("javascript:alert(1)"), 400, "url"},
		{"nok, xml", "url=" + view + "&format=xml", 501, ""},
		{"nok, bad maxwidth", "url=" + view + "&maxwidth=wide", 400, "maxwidth"},
		{"nok, tiny maxheight", "url=" + view + "&maxheight=10", 400, "maxheight"},
		{"nok, unknown parameter", "url=" + view + "&callback=x", 400, "callback"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := serveWithHost(t, srv, request{target: "/oembed?" + tt.query, header: host})
			var p Problem
			json.Unmarshal(rec.Body.Bytes(), &p)
			if rec.Code != tt.status || p.Parameter != tt.param || rec.Header().Get("Content-Type") != "application/problem+json" {
				t.Errorf("status %d parameter %q (%s), want %d %q", rec.Code, p.Parameter, rec.Body, tt.status, tt.param)
			}
		})
	}
}

func TestStories(t *testing.T) {
	srv, db := newTestServer(t)
	ctx := context.Background()
	sources := fixtureSources()
	events := fixtureEvents()
	story := geo.Story{ID: "demo", Title: "Demo", Chapters: []geo.Chapter{
		{ID: "one", Title: "One", Narrative: "First.", Datetime: "2015/2020", Mode: "cumulative",
			View: geo.View{Center: [2]float64{60, 35}, Zoom: 4}, Events: []string{events[0].ID}, Filters: map[string]string{"actor": "iskp"}},
		{ID: "two", Title: "Two", Narrative: "Second.", Datetime: "2024-03", Mode: "window",
			View: geo.View{Center: [2]float64{37.6, 55.8}, Zoom: 6}, Events: []string{events[1].ID, events[2].ID}},
	}}
	if _, err := db.ReplaceDataset(ctx, storeDataset(sources, events, story)); err != nil {
		t.Fatal(err)
	}
	var list struct{ Stories []geo.Story }
	decode(t, get(t, srv, "/api/stories"), &list)
	if len(list.Stories) != 1 || len(list.Stories[0].Chapters) != 2 || list.Stories[0].Chapters[1].Events[1] != events[2].ID ||
		list.Stories[0].Chapters[0].Filters["actor"] != "iskp" || list.Stories[0].Chapters[1].View.Zoom != 6 {
		t.Errorf("stories = %+v", list.Stories)
	}
	if rec := get(t, srv, "/api/stories/nope"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown story: %d", rec.Code)
	}
	bad := story
	bad.Chapters = slices.Clone(story.Chapters)
	bad.Chapters[0].Events = []string{"no-such-event"}
	if _, err := db.ReplaceDataset(ctx, storeDataset(sources, events, bad)); err == nil {
		t.Error("a story citing a missing event was accepted")
	}
	decode(t, get(t, srv, "/api/stories/demo"), &story)
	if story.Chapters[0].Events[0] != events[0].ID {
		t.Errorf("the failed load changed the stored story: %+v", story)
	}
}
