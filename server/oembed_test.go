package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

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
		!strings.Contains(h, `loading="lazy"`) || !strings.Contains(h, `title="ISKP attacks and threats to 22 March 2024"`) || !strings.Contains(h, "View the full map") {
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
