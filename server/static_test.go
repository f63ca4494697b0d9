package server

import (
	"io/fs"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/westward/westward/static"
)

// TestStatic checks the test files: content, type, cache policy and conditional GET.
func TestStatic(t *testing.T) {
	srv, _ := newTestServer(t)
	cases := []struct {
		name, target, body, contentType, cacheControl string
	}{
		{"ok, root is the map page", "/", indexHTML, "text/html; charset=utf-8", "public, max-age=0, s-maxage=30"},
		{"ok, index.html", "/index.html", indexHTML, "text/html; charset=utf-8", "public, max-age=0, s-maxage=30"},
		{"ok, module", "/js/app.js", appJS, "text/javascript; charset=utf-8", "public, max-age=0, s-maxage=30"},
		{"ok, vendor licence", "/vendor/x/LICENSE", licence, "text/plain; charset=utf-8", "public, max-age=86400"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(t, srv, tc.target)
			if rec.Code != http.StatusOK || rec.Body.String() != tc.body {
				t.Fatalf("status %d body %q, want 200 %q", rec.Code, rec.Body, tc.body)
			}
			h := rec.Header()
			if h.Get("Content-Type") != tc.contentType || h.Get("Cache-Control") != tc.cacheControl {
				t.Errorf("Content-Type %q Cache-Control %q, want %q %q", h.Get("Content-Type"), h.Get("Cache-Control"),
					tc.contentType, tc.cacheControl)
			}
			etag := h.Get("ETag")
			if !regexp.MustCompile(`^"[0-9a-f]{24}(-[0-9a-f]{16})?"$`).MatchString(etag) {
				t.Fatalf("ETag %q, want a strong content hash (pages: plus the URL's)", etag)
			}
			again := serve(t, srv, request{target: tc.target, header: map[string]string{"If-None-Match": etag}})
			if again.Code != http.StatusNotModified || again.Body.Len() != 0 || again.Header().Get("ETag") != etag {
				t.Errorf("If-None-Match: status %d body %d bytes ETag %q, want 304, empty, %q",
					again.Code, again.Body.Len(), again.Header().Get("ETag"), etag)
			}
			other := serve(t, srv, request{target: tc.target, header: map[string]string{"If-None-Match": `"0123"`}})
			if other.Code != http.StatusOK {
				t.Errorf("another ETag: status %d, want 200", other.Code)
			}
		})
	}
	t.Run("ok, files have their own ETags", func(t *testing.T) {
		a, b := get(t, srv, "/js/app.js").Header().Get("ETag"), get(t, srv, "/js/map.js").Header().Get("ETag")
		if a == b {
			t.Errorf("two files share the ETag %q", a)
		}
	})
}

// TestEmbeddedFrontEnd serves the real embedded front end: the map page, a vendored library
// with its licence, nothing else from the folder, and a page that a strict CSP lets run.
func TestEmbeddedFrontEnd(t *testing.T) {
	_, db := newTestServer(t)
	srv, err := New(Config{Version: "test"}, db, loadAtlas(t), static.FS, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, target string
		status       int
		contentType  string
	}{
		{"ok, map page", "/", 200, "text/html; charset=utf-8"},
		{"ok, map page module", "/js/pages/index.js", 200, "text/javascript; charset=utf-8"},
		{"ok, styles", "/css/app.css", 200, "text/css; charset=utf-8"},
		{"ok, leaflet", "/vendor/leaflet/leaflet.js", 200, "text/javascript; charset=utf-8"},
		{"ok, leaflet licence", "/vendor/leaflet/LICENSE", 200, "text/plain; charset=utf-8"},
		{"ok, vendor versions", "/vendor/VERSIONS", 200, "text/plain; charset=utf-8"},
		{"ok, country shapes", "/vendor/world-atlas/countries-50m.json", 200, "application/json"},
		{"nok, vendoring script", "/vendor/refresh.sh", 404, "application/problem+json"},
		{"nok, Go source", "/static.go", 404, "application/problem+json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(t, srv, tc.target)
			if rec.Code != tc.status || rec.Header().Get("Content-Type") != tc.contentType {
				t.Errorf("status %d Content-Type %q, want %d %q", rec.Code, rec.Header().Get("Content-Type"), tc.status, tc.contentType)
			}
		})
	}
	t.Run("ok, every module the page loads is served", func(t *testing.T) {
		page := get(t, srv, "/").Body.String()
		// the pages use relative addresses, so that a static export works from any folder
		srcs := regexp.MustCompile(`(?:src|href)="((?:\./|/)?(?:js|css|img|vendor)/[^"]+)"`).FindAllStringSubmatch(page, -1)
		if len(srcs) == 0 {
			t.Fatal("the page loads nothing")
		}
		for _, m := range srcs {
			target := "/" + strings.TrimPrefix(strings.TrimPrefix(m[1], "./"), "/")
			if rec := get(t, srv, target); rec.Code != http.StatusOK {
				t.Errorf("%s: %d", target, rec.Code)
			}
		}
	})
	t.Run("ok, no inline script or handler for the CSP to block", func(t *testing.T) {
		page := get(t, srv, "/").Body.String()
		for _, tag := range regexp.MustCompile(`(?is)<script\b[^>]*>`).FindAllString(page, -1) {
			if !strings.Contains(tag, "src=") {
				t.Errorf("inline script %s", tag)
			}
		}
		if m := regexp.MustCompile(`(?i)\son[a-z]+\s*=`).FindString(page); m != "" {
			t.Errorf("inline event handler %q", m)
		}
	})
	t.Run("ok, the map page and the embed are made from one template", func(t *testing.T) {
		if rec := get(t, srv, "/map.html"); rec.Code != http.StatusNotFound {
			t.Errorf("/map.html: %d, want 404: the template is not a page", rec.Code)
		}
		for _, tc := range []struct{ target, has, hasNot, module string }{
			{"/", `class="topbar"`, `class="embed-foot"`, "./js/pages/index.js"},
			{"/embed", `class="embed-foot"`, `class="topbar"`, "./js/pages/embed.js"},
		} {
			page := get(t, srv, tc.target).Body.String()
			for _, want := range []string{tc.has, `id="map"`, `id="timeline"`, `id="sidebar"`, `src="` + tc.module + `"`} {
				if !strings.Contains(page, want) {
					t.Errorf("%s lacks %s", tc.target, want)
				}
			}
			if strings.Contains(page, tc.hasNot) || strings.Contains(page, "{{") {
				t.Errorf("%s has %s or a template action", tc.target, tc.hasNot)
			}
		}
	})
	t.Run("ok, every embedded module is served", func(t *testing.T) {
		var mods []string
		for _, glob := range []string{"js/*/*.js"} {
			m, err := fs.Glob(static.FS, glob)
			if err != nil || len(m) == 0 {
				t.Fatalf("modules %v: %v", m, err)
			}
			mods = append(mods, m...)
		}
		for _, m := range mods {
			if rec := get(t, srv, "/"+m); rec.Code != http.StatusOK {
				t.Errorf("/%s: %d", m, rec.Code)
			}
		}
	})
}
