package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/westward/westward/seed"
	"github.com/westward/westward/server/store"
)

// syncBuffer is a bytes.Buffer safe for the server's logger and the test to share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func noEnv(string) string { return "" }

// startServer runs the real program's serve command on 127.0.0.1:0 with a database in a
// temporary folder (seeded from the embedded data on first start) and returns its base URL.
// Later args override earlier ones, so a test may pass its own --db. The server is shut down,
// and must stop cleanly, when the test ends.
func startServer(tb testing.TB, args ...string) string {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	dbPath := filepath.Join(tb.TempDir(), "westward.db")
	ready := make(chan string, 1)
	errc := make(chan error, 1)
	logs := &syncBuffer{}
	all := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", dbPath, "--log-level", "warn"}, args...)
	go func() { errc <- run(ctx, all, noEnv, io.Discard, logs, ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-errc:
		cancel()
		tb.Fatalf("server did not start: %v\n%s", err, logs)
	case <-time.After(30 * time.Second):
		cancel()
		tb.Fatal("server did not start within 30s")
	}
	tb.Cleanup(func() {
		cancel()
		select {
		case err := <-errc:
			if err != nil {
				tb.Errorf("server stopped with an error: %v", err)
			}
		case <-time.After(15 * time.Second):
			tb.Error("server did not shut down within 15s")
		}
		if strings.Contains(logs.String(), `"level":"ERROR"`) {
			tb.Errorf("server logged errors:\n%s", logs)
		}
	})
	return "http://" + addr
}

func getJSON(tb testing.TB, url string, v any) *http.Response {
	tb.Helper()
	res, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		tb.Fatalf("GET %s: %v", url, err)
	}
	return res
}

func TestServe_servesTheEmbeddedDataset(t *testing.T) {
	base := startServer(t)
	_, want, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}

	var health struct {
		Status         string `json:"status"`
		DatasetVersion int64  `json:"dataset_version"`
	}
	if res := getJSON(t, base+"/healthz", &health); res.StatusCode != 200 || health.Status != "ok" || health.DatasetVersion != 1 {
		t.Fatalf("healthz: %d %+v", res.StatusCode, health)
	}

	var fc struct {
		NumberMatched  int               `json:"numberMatched"`
		NumberReturned int               `json:"numberReturned"`
		Features       []json.RawMessage `json:"features"`
	}
	res := getJSON(t, base+"/api/collections/events/items?limit=10000", &fc)
	if ct := res.Header.Get("Content-Type"); ct != "application/geo+json" {
		t.Errorf("content type %q, want application/geo+json", ct)
	}
	if fc.NumberMatched != len(want) || fc.NumberReturned != len(want) || len(fc.Features) != len(want) {
		t.Errorf("matched %d, returned %d, features %d; want %d each", fc.NumberMatched, fc.NumberReturned, len(fc.Features), len(want))
	}

	page, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if page.StatusCode != 200 || !strings.Contains(string(body), "<title>") || !strings.Contains(page.Header.Get("Content-Type"), "text/html") {
		t.Errorf("root page: %d %q", page.StatusCode, page.Header.Get("Content-Type"))
	}
}

func TestServe_keepsAnExistingDatabase(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "syn.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"generate", "--events", "250", "--db", dbPath}, noEnv, &out, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	base := startServer(t, "--db", dbPath)
	var fc struct {
		NumberMatched int `json:"numberMatched"`
	}
	getJSON(t, base+"/api/collections/events/items?limit=1", &fc)
	if fc.NumberMatched != 250 {
		t.Errorf("numberMatched = %d, want the 250 generated events (the seed must not overwrite a non-empty database)", fc.NumberMatched)
	}
}

func TestRun_commands(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "w.db")
	_, events, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		wantErr    bool
		wantStdout string
		wantStderr string
	}{
		{name: "ok, version", args: []string{"version"}, wantStdout: "westward dev\n"},
		{name: "ok, seed", args: []string{"seed", "--db", dbPath}, wantStdout: "events, dataset version 1"},
		{name: "ok, seed again advances the version", args: []string{"seed", "--db", dbPath}, wantStdout: "dataset version 2"},
		{name: "ok, seed reads the db path from the environment", args: []string{"seed"}, env: map[string]string{"WESTWARD_DB": dbPath}, wantStdout: "dataset version 3"},
		{name: "nok, unknown command", args: []string{"sed"}, wantErr: true, wantStderr: `unknown command "sed"`},
		{name: "nok, unknown flag", args: []string{"seed", "--dbb", dbPath}, wantErr: true, wantStderr: "flag provided but not defined: -dbb"},
		{name: "nok, tile URL without attribution", args: []string{"serve", "--db", dbPath, "--tile-url", "https://tiles.example/{z}/{x}/{y}.png"}, wantErr: true},
		{name: "nok, generate nothing", args: []string{"generate", "--events", "0", "--db", dbPath}, wantErr: true},
		{name: "nok, healthcheck with nobody listening", args: []string{"healthcheck", "--addr", "127.0.0.1:1"}, wantErr: true},
		{name: "nok, read-only without a replica to follow", args: []string{"serve", "--db", dbPath, "--read-only"}, wantErr: true},
		{name: "nok, read-only from the environment without a replica", args: []string{"serve", "--db", dbPath}, env: map[string]string{"WESTWARD_READ_ONLY": "true"}, wantErr: true},
		{name: "nok, a primary that is not a URL", args: []string{"serve", "--db", dbPath, "--replicate", "file:///tmp/x", "--read-only", "--primary", "primary"}, wantErr: true},
		{name: "nok, a replica that is not a URL", args: []string{"serve", "--db", dbPath, "--replicate", "/tmp/x"}, wantErr: true},
		{name: "nok, a replica URL from the environment that is not one", args: []string{"serve", "--db", dbPath}, env: map[string]string{"WESTWARD_REPLICATE": "ftp://x/y"}, wantErr: true},
		{name: "nok, restore without --from", args: []string{"restore", dbPath + ".new"}, wantErr: true},
		{name: "nok, restore without a database path", args: []string{"restore", "--from", "file:///tmp/x"}, wantErr: true, wantStderr: "usage: westward restore"},
		{name: "nok, restore over an existing database", args: []string{"restore", "--from", "file://" + filepath.Dir(dbPath), dbPath}, wantErr: true},
		{name: "nok, restore from an empty replica", args: []string{"restore", "--from", "file://" + t.TempDir(), dbPath + ".new"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			getenv := func(k string) string { return tt.env[k] }
			err := run(context.Background(), tt.args, getenv, &stdout, &stderr, nil)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v; stderr:\n%s", err, tt.wantErr, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout = %q, want it to contain %q", stdout.String(), tt.wantStdout)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tt.wantStderr)
			}
		})
	}
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"seed", "--db", dbPath}, noEnv, &stdout, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	if want := "seeded " + dbPath + ": "; !strings.HasPrefix(stdout.String(), want) || !strings.Contains(stdout.String(), ": "+itoa(len(events))+" events") {
		t.Errorf("seed printed %q, want %d events", stdout.String(), len(events))
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestHealthcheck_againstARunningServer(t *testing.T) {
	base := startServer(t)
	var stdout bytes.Buffer
	addr := strings.TrimPrefix(base, "http://")
	if err := run(context.Background(), []string{"healthcheck", "--addr", addr}, noEnv, &stdout, io.Discard, nil); err != nil {
		t.Fatalf("healthcheck: %v", err)
	}
	if !strings.Contains(stdout.String(), `"status":"ok"`) {
		t.Errorf("healthcheck printed %q", stdout.String())
	}
}

func TestAdminCommands(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "w.db")
	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte("a long enough password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"user", "add", "--db", dbPath, "--username", "ada", "--role", "admin", "--password-file", pw}, noEnv, &out, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	if out.String() != "added admin \"ada\"\n" {
		t.Errorf("user add printed %q", out.String())
	}
	if err := run(ctx, []string{"user", "add", "--db", dbPath, "--username", "ADA", "--password-file", pw}, noEnv, io.Discard, io.Discard, nil); err == nil {
		t.Error("a second user of the same name was added")
	}
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("short\n"), 0o600)
	if err := run(ctx, []string{"user", "add", "--db", dbPath, "--username", "bob", "--password-file", short}, noEnv, io.Discard, io.Discard, nil); err == nil {
		t.Error("a short password was accepted")
	}
	out.Reset()
	if err := run(ctx, []string{"token", "add", "--db", dbPath, "--username", "ada", "--name", "cron"}, noEnv, &out, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	if tok := strings.TrimSpace(out.String()); len(tok) != 43 {
		t.Errorf("token add printed %q", tok)
	}
	base := startServer(t, "--db", dbPath)
	req, _ := http.NewRequest(http.MethodGet, base+"/api/me", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(out.String()))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("the CLI's token does not sign in: %d", res.StatusCode)
	}
	backup := filepath.Join(dir, "backup.db")
	if err := run(ctx, []string{"backup", "--db", dbPath, backup}, noEnv, io.Discard, io.Discard, nil); err != nil {
		t.Fatalf("backup while the server runs: %v", err)
	}
	if err := run(ctx, []string{"backup", "--db", dbPath, backup}, noEnv, io.Discard, io.Discard, nil); err == nil {
		t.Error("backup over an existing file must refuse")
	}
	var fc struct {
		NumberMatched int `json:"numberMatched"`
	}
	base2 := startServer(t, "--db", backup)
	getJSON(t, base2+"/api/collections/events/items?limit=1", &fc)
	_, events, _ := seed.Load()
	if fc.NumberMatched != len(events) {
		t.Errorf("the backup serves %d events, want %d", fc.NumberMatched, len(events))
	}
}

// TestImport_dryRunChangesNothing checks that `westward import --dry-run` leaves the database
// as it was, even where the stored country names differ from the atlas's (a real import
// would store the atlas's and render every feature again), and that a real import then does.
func TestImport_dryRunChangesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "w.db")
	if err := run(ctx, []string{"seed", "--db", dbPath}, noEnv, io.Discard, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetCountryNames(ctx, map[string]string{"AF": "Not the atlas's name"}); err != nil {
		t.Fatal(err)
	}
	v := db.Version()
	db.Close()
	file := filepath.Join(dir, "events.geojson")
	if err := os.WriteFile(file, seed.EventsGeoJSON(), 0o600); err != nil {
		t.Fatal(err)
	}
	state := func() (int64, string) {
		db, err := store.Open(ctx, dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		return db.Version(), db.CountryName("AF")
	}
	if err := run(ctx, []string{"import", "--db", dbPath, "--dry-run", file}, noEnv, io.Discard, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	if got, name := state(); got != v || name != "Not the atlas's name" {
		t.Errorf("after a dry run: version %d (was %d), AF named %q", got, v, name)
	}
	if err := run(ctx, []string{"import", "--db", dbPath, file}, noEnv, io.Discard, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	if got, name := state(); got <= v || name != "Afghanistan" {
		t.Errorf("after an import: version %d (was %d), AF named %q", got, v, name)
	}
}

// TestTokenAndUserCommands lists and revokes tokens and disables a user from the command line,
// against a running server: what the commands change takes effect at once.
func TestTokenAndUserCommands(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "w.db")
	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte("a long enough password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cli := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, append(args, "--db", dbPath), noEnv, &out, io.Discard, nil)
		return out.String(), err
	}
	for _, name := range []string{"ada", "bob"} {
		if _, err := cli("user", "add", "--username", name, "--role", "editor", "--password-file", pw); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := cli("user", "add", "--username", "eve\u202E", "--password-file", pw); err == nil || !strings.Contains(err.Error(), "username") {
		t.Errorf("a bidi control in a user name: %v, want an error naming username", err)
	}
	tokens := map[string]string{}
	for _, tc := range [][]string{{"ada", "cron", "7"}, {"ada", "backup", "0"}, {"bob", "sync", "0"}} {
		out, err := cli("token", "add", "--username", tc[0], "--name", tc[1], "--days", tc[2])
		if err != nil {
			t.Fatal(err)
		}
		tokens[tc[1]] = strings.TrimSpace(out)
	}
	if _, err := cli("token", "add", "--username", "ada", "--name", "x", "--days", "400"); err == nil || !strings.Contains(err.Error(), "--days") {
		t.Errorf("a 400-day token: %v, want a --days error", err)
	}
	out, err := cli("token", "list", "--username", "ada")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") || !strings.Contains(lines[1], "backup") || !strings.Contains(lines[2], "cron") ||
		strings.Contains(out, "sync") || !strings.HasSuffix(lines[1], "-") {
		t.Fatalf("token list --username ada:\n%s", out)
	}
	cronID := strings.Fields(lines[2])[0]
	if all, _ := cli("token", "list"); strings.Count(all, "\n") != 4 {
		t.Errorf("token list of everyone:\n%s", all)
	}

	base := startServer(t, "--db", dbPath)
	me := func(token string) int {
		req, _ := http.NewRequest(http.MethodGet, base+"/api/me", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := me(tokens["cron"]); got != http.StatusOK {
		t.Fatalf("the cron token before revocation: %d", got)
	}
	if out, err := cli("token", "revoke", "--id", cronID); err != nil || out != "revoked token "+cronID+"\n" {
		t.Fatalf("token revoke: %q %v", out, err)
	}
	if got := me(tokens["cron"]); got != http.StatusUnauthorized {
		t.Errorf("a revoked token: %d, want 401", got)
	}
	if _, err := cli("token", "revoke", "--id", cronID); err == nil {
		t.Error("revoking a revoked token succeeded")
	}
	if out, err := cli("user", "disable", "--username", "bob"); err != nil || out != "disabled editor \"bob\"\n" {
		t.Fatalf("user disable: %q %v", out, err)
	}
	if got := me(tokens["sync"]); got != http.StatusUnauthorized {
		t.Errorf("a disabled user's token: %d, want 401", got)
	}
	if got := me(tokens["backup"]); got != http.StatusOK {
		t.Errorf("another user's token after the disable: %d, want 200", got)
	}
	if _, err := cli("user", "enable", "--username", "bob"); err != nil {
		t.Fatal(err)
	}
	if got := me(tokens["sync"]); got != http.StatusOK {
		t.Errorf("re-enabled, the token: %d, want 200", got)
	}
}
