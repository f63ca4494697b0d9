package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// nginxPath is Debian's nginx-light, the shared cache the CDN test puts in front.
const nginxPath = "/usr/sbin/nginx"

// nginxConf is the shared cache of README's "Behind a cache or CDN", on loopback: it keeps
// what the server says it may share (s-maxage), revalidates it with the ETag, makes concurrent
// misses wait for one fetch, and never keeps signed-in traffic (a session cookie or a token) or the editor.
const nginxConf = `daemon off;
master_process off;
worker_processes 1;
pid {{dir}}/nginx.pid;
error_log {{dir}}/error.log warn;
events { worker_connections 512; }
http {
  log_format cache '$upstream_cache_status $status $request_method $request_uri';
  access_log {{dir}}/access.log cache;
  client_body_temp_path {{dir}}/body;
  proxy_temp_path {{dir}}/proxy;
  fastcgi_temp_path {{dir}}/fastcgi;
  uwsgi_temp_path {{dir}}/uwsgi;
  scgi_temp_path {{dir}}/scgi;
  proxy_cache_path {{dir}}/cache levels=1:2 keys_zone=westward:10m max_size=256m inactive=10m use_temp_path=off;
  server {
    listen {{listen}};
    location / {
      proxy_pass http://{{origin}};
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_cache westward;
      proxy_cache_revalidate on;
      proxy_cache_lock on;
      proxy_cache_use_stale error timeout;
      proxy_cache_bypass $cookie_westward_session $http_authorization;
      proxy_no_cache $cookie_westward_session $http_authorization;
    }
    location /editor { proxy_pass http://{{origin}}; proxy_set_header Host $http_host; proxy_cache off; }
    location = /api/me { proxy_pass http://{{origin}}; proxy_set_header Host $http_host; proxy_cache off; }
  }
}
`

// startNginx runs nginx on a free loopback port in front of origin (host:port) and returns
// its base URL and access log; it stops when the test ends.
func startNginx(t *testing.T, origin string) (base, accessLog string) {
	t.Helper()
	if _, err := os.Stat(nginxPath); err != nil {
		t.Fatalf("the CDN test needs Debian's nginx-light at %s: %v", nginxPath, err)
	}
	dir := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	listen := ln.Addr().String()
	ln.Close()
	conf := strings.NewReplacer("{{dir}}", dir, "{{listen}}", listen, "{{origin}}", origin).Replace(nginxConf)
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nginxPath, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGQUIT) // nginx's graceful stop
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Error("nginx did not stop within 10 s")
		}
	})
	base = "http://" + listen
	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			break
		}
		select {
		case err := <-done:
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx stopped: %v\n%s", err, b)
		default:
		}
		if time.Since(start) > 10*time.Second {
			t.Fatal("nginx did not answer within 10 s")
		}
	}
	return base, filepath.Join(dir, "access.log")
}

// cacheStatuses reads nginx's access log: one "STATUS code method uri" per request.
func cacheStatuses(t *testing.T, accessLog string) []string {
	t.Helper()
	b, err := os.ReadFile(accessLog)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// TestCDN_sharedCacheAnswersRepeatedLoads puts a real nginx proxy_cache in front of the
// server and loads the map page five times in Chromium: after the first load, at least 95%
// of the requests that reach the cache (the page and every resource it asks for, revalidations
// included) are answered by it. An edit then shows through the cache within 60 s (the
// documented bound is s-maxage, 30 s).
func TestCDN_sharedCacheAnswersRepeatedLoads(t *testing.T) {
	t.Parallel() // its own servers, nginx and browser: it may overlap the other
	dbPath := filepath.Join(t.TempDir(), "westward.db")
	token := editorToken(t, dbPath)
	origin := startServer(t, "--db", dbPath)
	base, accessLog := startNginx(t, strings.TrimPrefix(origin, "http://"))
	b := startBrowser(t, base)

	first := b.open(t, "/", 1280, 800, false)
	time.Sleep(time.Second)
	afterFirst := len(cacheStatuses(t, accessLog))
	requested := first.requested()
	if !strings.Contains(strings.Join(requested, " "), base+"/api/sources") {
		t.Fatalf("the map page did not ask for /api/sources: %v", requested)
	}
	for range 4 {
		b.open(t, "/", 1280, 800, false)
	}
	time.Sleep(time.Second)
	lines := cacheStatuses(t, accessLog)[afterFirst:]
	hits := 0
	var misses []string
	for _, l := range lines {
		if strings.HasPrefix(l, "HIT ") {
			hits++
		} else {
			misses = append(misses, l)
		}
	}
	rate := float64(hits) / float64(len(lines))
	t.Logf("first load: %d requests reached the cache (%d resources asked for); loads 2-5: %d requests, %d hits (%.1f%%); not hits: %v",
		afterFirst, len(requested), len(lines), hits, 100*rate, misses)
	if len(lines) < 4 || rate < 0.95 {
		t.Errorf("loads 2-5: %d of %d requests were cache hits (%.1f%%), want at least 95%%; not hits: %v", hits, len(lines), 100*rate, misses)
	}

	// An edit through the cache (writes pass through), then reads through it until it shows.
	if got := putSource(t, base, token, "cdn-edit"); got != http.StatusOK {
		t.Fatalf("the edit through the cache: %d", got)
	}
	edited := time.Now()
	probe := b.open(t, "/", 1280, 800, false)
	for {
		body := eval[string](t, probe, `fetch('/api/sources').then(r => r.text())`)
		if strings.Contains(body, `"cdn-edit"`) {
			break
		}
		if time.Since(edited) > 60*time.Second {
			t.Fatalf("the edit did not show through the cache within 60 s")
		}
		time.Sleep(2 * time.Second)
	}
	shown := time.Since(edited)
	t.Logf("the edit showed through the cache %s after it was acknowledged (bound %s)", shown.Round(100*time.Millisecond), fmt.Sprint(30*time.Second))
	next := b.open(t, "/", 1280, 800, false)
	if body := eval[string](t, next, `fetch('/api/sources').then(r => r.text())`); !strings.Contains(body, `"cdn-edit"`) {
		t.Error("the next load after the edit showed does not show it")
	}
	// The editor and /api/me never come from the cache.
	for _, p := range []string{"/editor", "/api/me"} {
		for range 2 {
			res, err := http.Get(base + p)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
		}
	}
	for _, l := range cacheStatuses(t, accessLog) {
		f := strings.Fields(l)
		if len(f) == 4 && (f[3] == "/editor" || f[3] == "/api/me") && f[0] != "-" {
			t.Errorf("%s went through the cache: %s", f[3], l)
		}
	}
}
