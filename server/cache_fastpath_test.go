package server

import (
	"bytes"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// TestFastPathMatchesEcho holds serveFromCache to echo's answer: for each cached read, with
// and without gzip, and as a revalidation, the status, every header but the request id, and
// the body are the same whichever path answers.
func TestFastPathMatchesEcho(t *testing.T) {
	srv, _ := newTestServer(t)
	targets := []string{
		"/api/collections/events/items?bbox=20,30,80,45&datetime=2016/2024&limit=3",
		"/api/collections/events/items?kind=attack,arrest",
		"/api/collections/events/items/" + idKabul,
		"/api/collections",
		"/api/summary",
		"/api/spread",
		"/api/sources",
	}
	for _, target := range targets {
		first := get(t, srv, target) // renders through echo and fills the cache
		if first.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", target, first.Code, first.Body)
		}
		etag := first.Header().Get("ETag")
		for _, header := range []map[string]string{
			{},
			{"Accept-Encoding": "gzip"},
			{"Accept-Encoding": "br, gzip;q=0"},
			{"If-None-Match": etag},
			{"If-None-Match": `"other", ` + etag, "Accept-Encoding": "gzip"},
			{"If-None-Match": `W/"1-stale"`},
		} {
			req := func() *http.Request {
				r := httptest.NewRequest(http.MethodGet, target, nil)
				for k, v := range header {
					r.Header.Set(k, v)
				}
				return r
			}
			viaEcho := httptest.NewRecorder()
			srv.echo.ServeHTTP(viaEcho, req())
			fast := httptest.NewRecorder()
			if !srv.serveFromCache(fast, req()) {
				t.Fatalf("%s %v: not answered from the cache", target, header)
			}
			if fast.Code != viaEcho.Code {
				t.Errorf("%s %v: status %d, echo %d", target, header, fast.Code, viaEcho.Code)
			}
			got, want := maps.Clone(fast.Header()), maps.Clone(viaEcho.Header())
			if got.Get("X-Request-Id") == "" || want.Get("X-Request-Id") == "" {
				t.Errorf("%s %v: request ids %q and %q, want both set", target, header, got.Get("X-Request-Id"), want.Get("X-Request-Id"))
			}
			delete(got, "X-Request-Id")
			delete(want, "X-Request-Id")
			if !maps.EqualFunc(got, want, slices.Equal) {
				t.Errorf("%s %v: headers\n%v\nwant echo's\n%v", target, header, got, want)
			}
			if !bytes.Equal(fast.Body.Bytes(), viaEcho.Body.Bytes()) {
				t.Errorf("%s %v: body differs from echo's (%d vs %d bytes)", target, header, fast.Body.Len(), viaEcho.Body.Len())
			}
		}
	}
}

// TestFastPathDeclines checks what the cache must not answer: writes, HEAD, "*", requests with
// credentials, other hosts' links, an older dataset, and anything never rendered.
func TestFastPathDeclines(t *testing.T) {
	srv, db := newTestServer(t)
	const target = "/api/collections/events/items?kind=attack"
	if rec := get(t, srv, target); rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	for name, r := range map[string]*http.Request{
		"never rendered": httptest.NewRequest(http.MethodGet, target+"&actor=iskp", nil),
		"HEAD":           httptest.NewRequest(http.MethodHead, target, nil),
		"POST":           httptest.NewRequest(http.MethodPost, target, nil),
		"not the API":    httptest.NewRequest(http.MethodGet, "/", nil),
		"star":           withHeader(httptest.NewRequest(http.MethodGet, target, nil), "If-None-Match", "*"),
		"bearer":         withHeader(httptest.NewRequest(http.MethodGet, target, nil), "Authorization", "Bearer x"),
		"other host":     withHeader(httptest.NewRequest(http.MethodGet, target, nil), "X-Forwarded-Proto", "https"),
		"escaped value":  httptest.NewRequest(http.MethodGet, "/api/collections/events/items?kind=attack%26actor%3Diskp", nil),
		"escaped path":   httptest.NewRequest(http.MethodGet, "/api/collections%2Fevents/items?kind=attack", nil),
		"a body":         httptest.NewRequest(http.MethodGet, target, strings.NewReader("x")),
	} {
		if srv.serveFromCache(httptest.NewRecorder(), r) {
			t.Errorf("%s: answered from the cache", name)
		}
	}
	if !srv.serveFromCache(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, target, nil)) {
		t.Fatal("the rendered request itself was not answered from the cache")
	}
	// one parameter whose value holds "&" and "=" is not the two it spells
	if rec := get(t, srv, "/api/collections/events/items?kind=attack&limit=1"); rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	wantProblem(t, get(t, srv, "/api/collections/events/items?kind=attack%26limit%3D1"), http.StatusBadRequest, "kind")
	reload(t, db, fixtureSources(), fixtureEvents()[:2])
	if srv.serveFromCache(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, target, nil)) {
		t.Error("answered from the cache after the dataset changed")
	}
}

func withHeader(r *http.Request, k, v string) *http.Request {
	r.Header.Set(k, v)
	return r
}
