package server

import (
	"bytes"
	"context"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// waitFor polls cond until it holds, failing the test after 10 s. It waits on a state the
// server reaches, never for a length of time.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestAdmission fills the one read slot (held by the test) and the one place in the queue (a
// request that waits in it), then checks that uncached reads are refused at once with 503 and
// Retry-After while cached answers still come, and that the queued read is answered once the
// slot is free.
func TestAdmission(t *testing.T) {
	_, db := newTestServer(t)
	srv := newServerWith(t, db, Config{Version: "test", ReadSlots: 1, ReadQueue: 1, ReadWait: time.Minute})
	const cachedTarget = "/api/summary"
	if rec := get(t, srv, cachedTarget); rec.Code != http.StatusOK {
		t.Fatalf("warming %s: %d", cachedTarget, rec.Code)
	}
	etag := get(t, srv, cachedTarget).Header().Get("ETag")

	leave, err := srv.reads.enter(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	queued := make(chan *httptest.ResponseRecorder, 1)
	go func() {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, itemsPath+"?kind=attack", nil))
		queued <- rec
	}()
	waitFor(t, "a request waits in the queue", func() bool { return srv.reads.waiting.Load() == 1 })

	refused := []struct {
		name   string
		target string
	}{
		{"nok, uncached items", itemsPath + "?kind=arrest"},
		{"nok, uncached item", itemsPath + "/" + idKabul},
		{"nok, CSV export", itemsPath + ".csv"},
		{"nok, CSV page", itemsPath + "?f=csv&kind=arrest"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			early := get(t, srv, tt.target)
			// the same request through echo, as when admission fills after routing
			req := httptest.NewRequest(http.MethodGet, tt.target, nil)
			req.Header.Set("X-Request-Id", early.Header().Get("X-Request-Id"))
			routed := httptest.NewRecorder()
			srv.echo.ServeHTTP(routed, req)
			for _, rec := range []*httptest.ResponseRecorder{early, routed} {
				wantProblem(t, rec, http.StatusServiceUnavailable, "")
				if got := rec.Header().Get("Retry-After"); got != "1" {
					t.Errorf("Retry-After %q, want 1", got)
				}
				if got := rec.Header().Get("Connection"); got != "close" {
					t.Errorf("Connection %q, want close", got)
				}
			}
			if !maps.EqualFunc(early.Header(), routed.Header(), slices.Equal) || early.Body.String() != routed.Body.String() {
				t.Errorf("refused before routing:\n%v\n%s\nrefused by echo:\n%v\n%s", early.Header(), early.Body, routed.Header(), routed.Body)
			}
		})
	}
	// a read that is not public is never refused before routing
	if rec := get(t, srv, "/api/me"); rec.Code == http.StatusServiceUnavailable {
		t.Errorf("/api/me refused: %d", rec.Code)
	}
	served := []struct {
		name   string
		header map[string]string
		status int
	}{
		{"ok, cached answer", nil, http.StatusOK},
		{"ok, cached answer gzipped", map[string]string{"Accept-Encoding": "gzip"}, http.StatusOK},
		{"ok, revalidation", map[string]string{"If-None-Match": etag}, http.StatusNotModified},
	}
	for _, tt := range served {
		t.Run(tt.name, func(t *testing.T) {
			if rec := serve(t, srv, request{target: cachedTarget, header: tt.header}); rec.Code != tt.status {
				t.Errorf("GET %s while reads are full: %d, want %d\n%s", cachedTarget, rec.Code, tt.status, rec.Body)
			}
		})
	}

	leave()
	rec := <-queued
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"FeatureCollection"`) {
		t.Errorf("the queued read, once the slot was free: %d\n%s", rec.Code, rec.Body)
	}
	if rec := get(t, srv, itemsPath+"?kind=arrest"); rec.Code != http.StatusOK {
		t.Errorf("a read after the load: %d", rec.Code)
	}
	if n := len(srv.reads.slots); n != 0 {
		t.Errorf("%d slots still taken", n)
	}
}

// syncBuffer is a log destination the server writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestClientGone_notAnError has a client give up while its read waits for a slot, as clients
// do under overload: the server logs it below warning, and its slot and queue place are free.
func TestClientGone_notAnError(t *testing.T) {
	_, db := newTestServer(t)
	srv := newServerWith(t, db, Config{Version: "test", ReadSlots: 1, ReadQueue: 4, ReadWait: time.Minute})
	var logs syncBuffer
	srv.log = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ts := startHTTP(t, srv)

	leave, err := srv.reads.enter(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer leave()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+itemsPath+"?kind=attack", nil)
		res, err := ts.Client().Do(req)
		if err == nil {
			res.Body.Close()
		}
		done <- err
	}()
	waitFor(t, "the request waits in the queue", func() bool { return srv.reads.waiting.Load() == 1 })
	cancel()
	if err := <-done; err == nil {
		t.Fatal("the cancelled request got an answer")
	}
	waitFor(t, "the server logs the request", func() bool { return strings.Contains(logs.String(), "msg=request ") })
	out := logs.String()
	if strings.Contains(out, "level=ERROR") || strings.Contains(out, "level=WARN") {
		t.Errorf("a client that left is logged at warning or above:\n%s", out)
	}
	if !strings.Contains(out, `msg="client gone"`) || !strings.Contains(out, "status=499") {
		t.Errorf("the log does not say the client left:\n%s", out)
	}
	if n := srv.reads.waiting.Load(); n != 0 {
		t.Errorf("%d still waiting", n)
	}
}
