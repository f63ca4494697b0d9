package main

import (
	"bytes"
	"html"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

// metaContent finds <meta property|name="key" content="..."> in a page.
func metaContent(page, key string) string {
	m := regexp.MustCompile(`<meta (?:property|name)="` + regexp.QuoteMeta(key) + `" content="([^"]*)">`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

func fetch(t *testing.T, u string) (*http.Response, []byte) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

// TestPreview_everyPageType follows each page type's og:image to a 1200×630 PNG, and asks
// oEmbed about a view and a story chapter: each gets its own title and thumbnail.
func TestPreview_everyPageType(t *testing.T) {
	base := startServer(t)
	for _, tt := range []struct {
		name, path, title string
	}{
		{"ok, the map", "/", "ISKP attacks, plots, arrests and networks to 31 December 2024"},
		{"ok, a view of the map", "/?t=2024-03-31&mode=window&w=6", "ISKP attacks, plots, arrests and networks from 1 October 2023 to 31 March 2024"},
		{"ok, the embed", "/embed?t=2024-03-31&kind=attack", "ISKP attacks to 31 March 2024"},
		{"ok, the story", "/story", "Founding in Afghanistan, 2015"},
		{"ok, a chapter", "/story?chapter=peak-and-decline", "Peak and decline in Afghanistan"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, b := fetch(t, base+tt.path)
			page := string(b)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			if got := metaContent(page, "og:title"); got != tt.title {
				t.Errorf("og:title %q, want %q", got, tt.title)
			}
			img := metaContent(page, "og:image")
			if metaContent(page, "twitter:card") != "summary_large_image" || metaContent(page, "og:image:width") != "1200" ||
				metaContent(page, "og:image:height") != "630" || metaContent(page, "og:image:alt") == "" ||
				metaContent(page, "twitter:image") != img {
				t.Errorf("incomplete card metadata for %s: image %q", tt.path, img)
			}
			u, err := url.Parse(img)
			if err != nil || !u.IsAbs() {
				t.Fatalf("og:image %q is not absolute", img)
			}
			res, b = fetch(t, img)
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" {
				t.Fatalf("og:image answered %d %s", res.StatusCode, res.Header.Get("Content-Type"))
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(b))
			if err != nil || cfg.Width != 1200 || cfg.Height != 630 {
				t.Errorf("og:image is not a 1200×630 PNG: %v %+v", err, cfg)
			}
		})
	}
	for _, tt := range []struct{ name, page, title string }{
		{"ok, a view", "/?t=2024-03-31", "ISKP attacks, plots, arrests and networks to 31 March 2024"},
		{"ok, a story chapter", "/story?story=westward&chapter=peak-and-decline", "Peak and decline in Afghanistan"},
	} {
		t.Run("oembed "+tt.name, func(t *testing.T) {
			var raw map[string]any
			getJSON(t, base+"/oembed?url="+url.QueryEscape(base+tt.page), &raw)
			thumb, _ := raw["thumbnail_url"].(string)
			if raw["title"] != tt.title || raw["thumbnail_width"] != 1200.0 || raw["thumbnail_height"] != 630.0 {
				t.Errorf("oEmbed %v", raw)
			}
			res, b := fetch(t, thumb)
			if cfg, err := png.DecodeConfig(bytes.NewReader(b)); res.StatusCode != 200 || err != nil || cfg.Width != 1200 || cfg.Height != 630 {
				t.Errorf("thumbnail %s: %d %v", thumb, res.StatusCode, err)
			}
		})
	}
}
