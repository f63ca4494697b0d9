package server

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestETag checks the conditional GET: the same query in another order shares the ETag and
// gets 304, another query or another dataset version does not.
func TestETag(t *testing.T) {
	srv, db := newTestServer(t)
	first := get(t, srv, itemsPath+"?kind=attack&country=IR,RU&limit=5")
	etag := first.Header().Get("ETag")
	if first.Code != 200 || !strings.HasPrefix(etag, `W/"`) || !strings.HasSuffix(etag, `"`) {
		t.Fatalf("status %d ETag %q, want 200 and a weak ETag", first.Code, etag)
	}
	cases := []struct {
		name       string
		target     string
		header     map[string]string
		wantStatus int
		sameETag   bool
	}{
		{"ok, same query", itemsPath + "?kind=attack&country=IR,RU&limit=5", nil, 200, true},
		{"ok, other parameter order", itemsPath + "?limit=5&country=IR,RU&kind=attack", nil, 200, true},
		{"ok, escaped the same", itemsPath + "?limit=5&country=IR%2CRU&kind=%61ttack", nil, 200, true},
		{"ok, If-None-Match", itemsPath + "?kind=attack&country=IR,RU&limit=5", map[string]string{"If-None-Match": etag}, 304, true},
		{"ok, If-None-Match other order", itemsPath + "?country=IR,RU&limit=5&kind=attack", map[string]string{"If-None-Match": etag}, 304, true},
		{"ok, If-None-Match strong form", itemsPath + "?kind=attack&country=IR,RU&limit=5",
			map[string]string{"If-None-Match": strings.TrimPrefix(etag, "W/")}, 304, true},
		{"ok, If-None-Match in a list", itemsPath + "?kind=attack&country=IR,RU&limit=5",
			map[string]string{"If-None-Match": `"nope", ` + etag}, 304, true},
		{"ok, If-None-Match with gzip", itemsPath + "?kind=attack&country=IR,RU&limit=5",
			map[string]string{"If-None-Match": etag, "Accept-Encoding": "gzip"}, 304, true},
		{"nok, other query", itemsPath + "?kind=attack&country=IR&limit=5", map[string]string{"If-None-Match": etag}, 200, false},
		{"nok, other limit", itemsPath + "?kind=attack&country=IR,RU&limit=6", map[string]string{"If-None-Match": etag}, 200, false},
		{"nok, other route", "/api/summary", map[string]string{"If-None-Match": etag}, 200, false},
		{"nok, other host", itemsPath + "?kind=attack&country=IR,RU&limit=5",
			map[string]string{"If-None-Match": etag, "Host": "other.example"}, 200, false},
		{"nok, stale tag", itemsPath + "?kind=attack&country=IR,RU&limit=5", map[string]string{"If-None-Match": `W/"0-1"`}, 200, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := request{target: tc.target, header: tc.header}
			rec := serveWithHost(t, srv, req)
			if rec.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d", rec.Code, tc.wantStatus)
			}
			if got := rec.Header().Get("ETag"); (got == etag) != tc.sameETag || got == "" {
				t.Errorf("ETag %q, first %q, want same: %v", got, etag, tc.sameETag)
			}
			if tc.wantStatus == 304 && rec.Body.Len() != 0 {
				t.Errorf("304 with a body of %d bytes", rec.Body.Len())
			}
			if tc.wantStatus == 200 && rec.Body.Len() == 0 {
				t.Error("200 without a body")
			}
		})
	}

	t.Run("nok, after a reload the old ETag is stale", func(t *testing.T) {
		reload(t, db, fixtureSources(), fixtureEvents())
		rec := serve(t, srv, request{target: itemsPath + "?kind=attack&country=IR,RU&limit=5",
			header: map[string]string{"If-None-Match": etag}})
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d after ReplaceAll, want 200", rec.Code)
		}
		if got := rec.Header().Get("ETag"); got == etag || got == "" {
			t.Errorf("ETag %q after ReplaceAll, was %q", got, etag)
		}
		again := serve(t, srv, request{target: itemsPath + "?kind=attack&country=IR,RU&limit=5",
			header: map[string]string{"If-None-Match": rec.Header().Get("ETag")}})
		if again.Code != http.StatusNotModified {
			t.Errorf("new ETag: status %d, want 304", again.Code)
		}
	})
}

// serveWithHost is serve, with a Host header applied to the request's Host.
func serveWithHost(tb testing.TB, h http.Handler, r request) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, r.target, nil)
	for k, v := range r.header {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestReloadShowsNewData checks that the response cache never serves the old dataset.
func TestReloadShowsNewData(t *testing.T) {
	srv, db := newTestServer(t)
	targets := []string{itemsPath, itemsPath + "?kind=attack", "/api/summary", "/api/spread", "/api/collections/events", itemsPath + "/" + idKabul}
	for _, target := range targets {
		if rec := get(t, srv, target); rec.Code != 200 {
			t.Fatalf("GET %s: %d", target, rec.Code)
		}
	}
	reload(t, db, fixtureSources(), fixtureEvents()[:2]) // Moscow and Kerman only
	var fc featureCollection
	getJSON(t, srv, itemsPath, "application/geo+json", &fc)
	if got := fc.ids(); len(got) != 2 || got[0] != idKerman || got[1] != idMoscow {
		t.Errorf("items after reload %v, want [kerman moscow]", got)
	}
	getJSON(t, srv, itemsPath+"?kind=attack", "application/geo+json", &fc)
	if fc.NumberMatched != 2 {
		t.Errorf("attacks after reload %d, want 2", fc.NumberMatched)
	}
	var s struct{ Count int }
	getJSON(t, srv, "/api/summary", "application/json", &s)
	if s.Count != 2 {
		t.Errorf("summary count after reload %d, want 2", s.Count)
	}
	wantProblem(t, get(t, srv, itemsPath+"/"+idKabul), http.StatusNotFound, "id")
}

// TestGzip checks that cached answers are gzipped on request, to the same bytes, with Vary.
func TestGzip(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, target := range []string{itemsPath, "/api/openapi", "/api/collections", itemsPath + "/" + idKerman, "/js/map.js"} {
		t.Run("ok, "+target, func(t *testing.T) {
			plain := get(t, srv, target)
			zipped := serve(t, srv, request{target: target, header: map[string]string{"Accept-Encoding": "gzip, deflate, br"}})
			if plain.Code != 200 || zipped.Code != 200 {
				t.Fatalf("status %d and %d", plain.Code, zipped.Code)
			}
			if got := plain.Header().Get("Content-Encoding"); got != "" {
				t.Errorf("plain answer has Content-Encoding %q", got)
			}
			if got := zipped.Header().Get("Content-Encoding"); got != "gzip" {
				t.Fatalf("Content-Encoding %q, want gzip", got)
			}
			for _, rec := range []*httptest.ResponseRecorder{plain, zipped} {
				if got := rec.Header().Get("Vary"); !strings.Contains(got, "Accept-Encoding") {
					t.Errorf("Vary %q, want Accept-Encoding", got)
				}
			}
			if zipped.Header().Get("ETag") != plain.Header().Get("ETag") {
				t.Errorf("ETags differ: %q and %q", zipped.Header().Get("ETag"), plain.Header().Get("ETag"))
			}
			if zipped.Header().Get("Content-Type") != plain.Header().Get("Content-Type") {
				t.Errorf("Content-Types differ")
			}
			if got := gunzip(t, zipped.Body.Bytes()); !bytes.Equal(got, plain.Body.Bytes()) {
				t.Errorf("gunzipped body differs from the plain one\n%s\n%s", got, plain.Body)
			}
			if zipped.Body.Len() >= plain.Body.Len() {
				t.Errorf("gzip %d bytes, plain %d", zipped.Body.Len(), plain.Body.Len())
			}
		})
	}
	t.Run("ok, a small answer is not gzipped", func(t *testing.T) {
		rec := serve(t, srv, request{target: "/api/conformance", header: map[string]string{"Accept-Encoding": "gzip"}})
		if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "" || !strings.Contains(rec.Body.String(), "conformsTo") {
			t.Errorf("status %d Content-Encoding %q body %s", rec.Code, rec.Header().Get("Content-Encoding"), rec.Body)
		}
	})
}

// TestGzipNegotiation checks how Accept-Encoding is read.
func TestGzipNegotiation(t *testing.T) {
	srv, _ := newTestServer(t)
	cases := []struct {
		name   string
		accept string
		want   string
	}{
		{"ok, gzip", "gzip", "gzip"},
		{"ok, gzip upper case", "GZIP", "gzip"},
		{"ok, gzip in a list", "br;q=1.0, gzip;q=0.8, *;q=0.1", "gzip"},
		{"ok, gzip half", "gzip;q=0.5", "gzip"},
		{"ok, gzip q=1", "gzip; q=1", "gzip"},
		{"nok, no header", "", ""},
		{"nok, identity", "identity", ""},
		{"nok, deflate only", "deflate, br", ""},
		{"nok, gzip refused", "gzip;q=0", ""},
		{"nok, gzip refused with a space", "gzip; q=0", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, target := range []string{itemsPath, itemsPath + ".csv"} {
				rec := serve(t, srv, request{target: target, header: map[string]string{"Accept-Encoding": tc.accept}})
				if got := rec.Header().Get("Content-Encoding"); got != tc.want {
					t.Errorf("%s with Accept-Encoding %q: Content-Encoding %q, want %q", target, tc.accept, got, tc.want)
				}
			}
		})
	}
}

func gunzip(tb testing.TB, b []byte) []byte {
	tb.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		tb.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestCacheControl checks each kind of answer's cache policy.
func TestCacheControl(t *testing.T) {
	srv, _ := newTestServer(t)
	const api = "public, max-age=0, s-maxage=30"
	cases := []struct {
		name   string
		target string
		want   string
	}{
		{"ok, landing", "/api", api},
		{"ok, conformance", "/api/conformance", api},
		{"ok, collections", "/api/collections", api},
		{"ok, collection", "/api/collections/events", api},
		{"ok, openapi", "/api/openapi", api},
		{"ok, items", itemsPath, api},
		{"ok, items.csv", itemsPath + ".csv", api},
		{"ok, items f=csv", itemsPath + "?f=csv", api},
		{"ok, item", itemsPath + "/" + idKabul, api},
		{"ok, sources", "/api/sources", api},
		{"ok, summary", "/api/summary", api},
		{"ok, spread", "/api/spread", api},
		{"ok, config", "/api/config", api},
		{"ok, index", "/", api},
		{"ok, embed", "/embed", api},
		{"ok, own module", "/js/app.js", api},
		{"ok, oembed", "/oembed?url=http%3A%2F%2Fexample.com%2F", api},
		{"ok, me is never shared", "/api/me", "no-store"},
		{"ok, vendor file", "/vendor/x/LICENSE", "public, max-age=86400"},
		{"ok, health", "/healthz", "no-store"},
		{"nok, bad parameter", itemsPath + "?limit=0", "no-store"},
		{"nok, bad csv parameter", itemsPath + ".csv?limit=0", "no-store"},
		{"nok, unknown id", itemsPath + "/nope", "no-store"},
		{"nok, unknown route", "/api/nope", "no-store"},
		{"nok, unknown page", "/nope.html", "no-store"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(t, srv, tc.target)
			if got := rec.Header().Get("Cache-Control"); got != tc.want {
				t.Errorf("status %d Cache-Control %q, want %q", rec.Code, got, tc.want)
			}
		})
	}
}

// TestSmallCache checks that a cache too small for the answers still answers correctly while
// it evicts, and that answers stay the same from the cache.
func TestSmallCache(t *testing.T) {
	_, db := newTestServer(t)
	for _, size := range []int{1, 8 << 10, 64 << 10} {
		t.Run(fmt.Sprintf("ok, %d bytes", size), func(t *testing.T) {
			srv := newServerWith(t, db, Config{Version: "test", CacheBytes: size})
			reference := newServerWith(t, db, Config{Version: "test"})
			var targets []string
			for i := 1; i <= allCount; i++ {
				targets = append(targets, fmt.Sprintf("%s?limit=%d", itemsPath, i))
			}
			targets = append(targets, "/api/openapi", "/api/summary")
			for round := 0; round < 3; round++ {
				for _, target := range targets {
					got, want := get(t, srv, target), get(t, reference, target)
					if got.Code != 200 || !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
						t.Fatalf("round %d %s: status %d, body differs from an uncached server's", round, target, got.Code)
					}
				}
			}
			if srv.cache.size > size || srv.cache.size < 0 {
				t.Errorf("cache holds %d bytes, bound %d", srv.cache.size, size)
			}
			if n := srv.cache.ll.Len(); n != len(srv.cache.items) {
				t.Errorf("cache list %d entries, map %d", n, len(srv.cache.items))
			}
		})
	}
}

// TestIfNoneMatchStarOnUnknownID fails on a bug: cached (server/cache.go) answers
// If-None-Match before it renders, so "If-None-Match: *" on an id that does not exist gets
// 304 Not Modified instead of 404; RFC 9110 §13.1.2 makes "*" false only when a current
// representation exists.
func TestIfNoneMatchStarOnUnknownID(t *testing.T) {
	srv, _ := newTestServer(t)
	rec := serve(t, srv, request{target: itemsPath + "/no-such-event", header: map[string]string{"If-None-Match": "*"}})
	wantProblem(t, rec, http.StatusNotFound, "id")
}

// TestGzipRefusedWithQZero fails on a bug: acceptsGzip (server/cache.go) reads
// "gzip;q=0.0" as accepting gzip, because it treats any "q=0." as a non-zero weight; RFC 9110
// §12.4.2 makes 0.0 (like 0 and 0.000) mean "not acceptable".
func TestGzipRefusedWithQZero(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, accept := range []string{"gzip;q=0.0", "gzip;q=0.000"} {
		rec := serve(t, srv, request{target: itemsPath, header: map[string]string{"Accept-Encoding": accept}})
		if got := rec.Header().Get("Content-Encoding"); got != "" {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want none", accept, got)
		}
	}
}
