package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/auth"
	"github.com/westward/westward/server/replica"
	"github.com/westward/westward/server/store"
)

// scrape answers /metrics from srv's handler and returns the exposition text.
func scrape(t *testing.T, srv *Server) string {
	t.Helper()
	h := srv.MetricsHandler()
	if h == nil {
		t.Fatal("no metrics handler with Config.Metrics on")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

func TestMetrics(t *testing.T) {
	_, db := newTestServer(t)
	if off := newServerWith(t, db, Config{Version: "test"}); off.MetricsHandler() != nil {
		t.Error("metrics are on without Config.Metrics")
	}
	srv := newServerWith(t, db, Config{Version: "test", Metrics: true,
		Replication: func(context.Context) (replica.Status, error) {
			return replica.Status{Local: 9, Remote: 7, Lag: 1500 * time.Millisecond}, nil
		}})
	get := func(target string) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		io.Copy(io.Discard, rec.Body)
	}
	get("/api/summary")                    // rendered: a miss
	get("/api/summary")                    // from the cache's fast path: a hit
	get("/api/collections/events/items/x") // 404
	out := scrape(t, srv)
	for _, tc := range []struct{ name, want string }{
		{"ok, a routed request counted under its route", `westward_http_requests_total{method="GET",route="/api/summary",status="200"} 1`},
		{"ok, a 404 under its route, not its path", `westward_http_requests_total{method="GET",route="/api/collections/events/items/:id",status="404"} 1`},
		{"ok, the fast path's answer timed", `westward_http_request_duration_seconds_count{route="(response cache)"} 1`},
		{"ok, cache hits", "westward_response_cache_hits_total 1"},
		{"ok, replication lag", "westward_replication_lag_seconds 1.5"},
		{"ok, read pool waits", "westward_db_read_pool_waits_total 0"},
		{"ok, the Go runtime's series", "go_goroutines "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(out, tc.want) {
				t.Errorf("no %q in\n%s", tc.want, out)
			}
		})
	}
	if strings.Contains(out, `route="/api/collections/events/items/x"`) {
		t.Error("a path became a label")
	}
	if !strings.Contains(out, "westward_db_size_bytes ") || strings.Contains(out, "westward_db_size_bytes 0\n") {
		t.Error("no database size")
	}
}

func TestReadOnly_refusesWritesNamingThePrimary(t *testing.T) {
	_, primary := newTestServer(t)
	ctx := context.Background()
	u, err := primary.CreateUser(ctx, geo.User{Username: "ed", Role: geo.RoleEditor}, "x")
	if err != nil {
		t.Fatal(err)
	}
	token := auth.NewToken()
	if _, err := primary.CreateAPIToken(ctx, u.ID, "t", auth.HashToken(token), time.Now().Add(time.Hour), 10); err != nil {
		t.Fatal(err)
	}
	// The replica's database refuses writes, as a followed file does.
	db, err := store.OpenReadOnly(context.Background(), primary.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	srv := newServerWith(t, db, Config{Version: "test", ReadOnly: true, Primary: "https://primary.example"})
	for _, tc := range []struct{ name, method, target string }{
		{"nok, sign-in", http.MethodPost, "/api/login"},
		{"nok, a new event", http.MethodPost, "/api/collections/events/items"},
		{"nok, a source", http.MethodPut, "/api/sources/x"},
		{"nok, a delete", http.MethodDelete, "/api/collections/events/items/x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.target, strings.NewReader(`{}`)))
			if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Content-Type") != "application/problem+json" ||
				!strings.Contains(rec.Body.String(), "https://primary.example") {
				t.Errorf("%d %s %s, want a 503 problem naming the primary", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
			}
		})
	}
	for _, auth := range []string{"", "Bearer " + token} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/api/summary", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Errorf("ok, a read (Authorization %q): %d", auth, rec.Code)
		}
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/me", nil))
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("nok, /api/me on a replica: %d, want 401", rec.Code)
	}
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if !strings.Contains(rec.Body.String(), `"read_only":true`) {
		t.Errorf("/healthz of a read-only server: %s", rec.Body)
	}
}
