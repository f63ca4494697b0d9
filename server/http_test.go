package server

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// startHTTP serves srv on a real socket for the test's duration.
func startHTTP(tb testing.TB, srv *Server) *httptest.Server {
	tb.Helper()
	ts := httptest.NewServer(srv)
	tb.Cleanup(ts.Close)
	return ts
}

func do(tb testing.TB, client *http.Client, method, url string) (*http.Response, []byte) {
	tb.Helper()
	req, err := http.NewRequestWithContext(tb.Context(), method, url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	res, err := client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return res, body
}

// TestOverHTTP drives the server over a real connection: absolute links name the server's
// own host, following them walks the data, and the client's transparent gzip works.
func TestOverHTTP(t *testing.T) {
	srv, _ := newTestServer(t)
	ts := startHTTP(t, srv)
	client := ts.Client()

	var got []string
	next := ts.URL + itemsPath + "?limit=3&kind=attack,arrest,threat"
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("too many pages")
		}
		if !strings.HasPrefix(next, ts.URL+"/") {
			t.Fatalf("link %q does not name the server %s", next, ts.URL)
		}
		res, body := do(t, client, http.MethodGet, next)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/geo+json" {
			t.Fatalf("GET %s: %d %s", next, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if !res.Uncompressed {
			t.Errorf("GET %s: the transport's Accept-Encoding gzip was not honoured", next)
		}
		var fc featureCollection
		if err := json.Unmarshal(body, &fc); err != nil {
			t.Fatal(err)
		}
		got = append(got, fc.ids()...)
		next = linkHref(fc.Links, "next")
	}
	want := []string{idKabul, idMashhad, idHerat, idKerman, idMoscow}
	if !slices.Equal(got, want) {
		t.Errorf("walked %v, want %v", got, want)
	}

	res, body := do(t, client, http.MethodGet, ts.URL+"/api/collections/events/items?bbox=Inf,0,1,1")
	var p Problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 400 || p.Parameter != "bbox" || p.RequestID != res.Header.Get("X-Request-Id") {
		t.Errorf("bad bbox over HTTP: %d %+v", res.StatusCode, p)
	}
}

// TestHEAD checks that HEAD answers like GET, with the same headers and no body (echo v4
// routes HEAD only where it is registered).
func TestHEAD(t *testing.T) {
	srv, _ := newTestServer(t)
	ts := startHTTP(t, srv)
	cases := []struct {
		name        string
		target      string
		status      int
		contentType string
	}{
		{"ok, items", itemsPath, 200, "application/geo+json"},
		{"ok, items filtered", itemsPath + "?kind=attack", 200, "application/geo+json"},
		{"ok, item", itemsPath + "/" + idKabul, 200, "application/geo+json"},
		{"ok, items.csv", itemsPath + ".csv", 200, "text/csv; charset=utf-8"},
		{"ok, landing", "/api", 200, "application/json"},
		{"ok, index", "/", 200, "text/html; charset=utf-8"},
		{"nok, items bad bbox", itemsPath + "?bbox=NaN,0,1,1", 400, "application/problem+json"},
		{"nok, unknown id", itemsPath + "/nope", 404, "application/problem+json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, body := do(t, ts.Client(), http.MethodHead, ts.URL+tc.target)
			if res.StatusCode != tc.status {
				t.Fatalf("HEAD %s: status %d, want %d", tc.target, res.StatusCode, tc.status)
			}
			if got := res.Header.Get("Content-Type"); got != tc.contentType {
				t.Errorf("Content-Type %q, want %q", got, tc.contentType)
			}
			if len(body) != 0 {
				t.Errorf("HEAD body of %d bytes, want none", len(body))
			}
			if tc.status == 200 && tc.contentType == "application/geo+json" && res.Header.Get("ETag") == "" {
				t.Error("no ETag")
			}
			// without a socket, nothing drops a body the handler writes
			rec := serve(t, srv, request{method: http.MethodHead, target: tc.target})
			if rec.Code != tc.status || rec.Body.Len() != 0 {
				t.Errorf("HEAD without a socket: status %d, %d bytes of body; want %d and none", rec.Code, rec.Body.Len(), tc.status)
			}
			getRes, _ := do(t, ts.Client(), http.MethodGet, ts.URL+tc.target)
			for _, k := range []string{"Content-Type", "ETag", "Cache-Control", "Content-Security-Policy"} {
				if getRes.Header.Get(k) != res.Header.Get(k) {
					t.Errorf("%s: HEAD %q, GET %q", k, res.Header.Get(k), getRes.Header.Get(k))
				}
			}
		})
	}
}

// TestHEAD_keepsTheConnection sends two HEADs, then a GET, on one connection: each must be
// answered on it, with its Content-Length and no body, and none may close it.
func TestHEAD_keepsTheConnection(t *testing.T) {
	srv, _ := newTestServer(t)
	ts := startHTTP(t, srv)
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(conn)
	for i, tc := range []struct{ method, target string }{
		{http.MethodHead, itemsPath + "?kind=attack"},
		{http.MethodHead, "/api/summary"},
		{http.MethodGet, "/api/summary"},
	} {
		req, err := http.NewRequest(tc.method, ts.URL+tc.target, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := req.Write(conn); err != nil {
			t.Fatalf("request %d (%s %s) on the same connection: %v", i+1, tc.method, tc.target, err)
		}
		res, err := http.ReadResponse(br, req)
		if err != nil {
			t.Fatalf("response %d (%s %s): %v", i+1, tc.method, tc.target, err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusOK || res.Close || res.ContentLength <= 0 {
			t.Errorf("%s %s: status %d, closes %v, Content-Length %d; want 200, kept, a length",
				tc.method, tc.target, res.StatusCode, res.Close, res.ContentLength)
		}
		if wantBody := tc.method == http.MethodGet; (len(body) > 0) != wantBody {
			t.Errorf("%s %s: %d bytes of body", tc.method, tc.target, len(body))
		}
	}
}
