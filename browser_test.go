package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

const chromiumPath = "/usr/bin/chromium"

// browser is one headless Chromium shared by a test's subtests; each page is a tab.
type browser struct {
	ctx  context.Context
	base string
}

// startBrowser launches Chromium with a throwaway profile and no network chatter of its own.
func startBrowser(t *testing.T, base string) *browser {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("browser tests need Chromium at %s: %v", chromiumPath, err)
	}
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(chromiumPath),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first Run starts the browser; it must not carry a timeout (that would end the browser).
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return &browser{ctx: ctx, base: base}
}

// page is one tab with its console and network watched.
type page struct {
	ctx context.Context

	mu       sync.Mutex
	requests []string // every URL the tab asked for, in order
}

// tabOptions say how the harness opens a tab and what it holds the page to.
type tabOptions struct {
	url      string        // absolute
	w, h     int64         // viewport
	mobile   bool          // emulate a phone: touch, mobile viewport
	lifetime time.Duration // how long the tab may live (default 90 s)
	hosts    []string      // hosts the page may request from (default: the server's)
	expect   []editorExpect
	// ready waits, within readyWithin (default: the lifetime), until the page says it is ready.
	ready       bool
	readyWithin time.Duration
	// onceWhileLoading fails a page that asks the API the same thing twice before it is ready
	// (js/core/preload.js asks once for what the modules then share).
	onceWhileLoading bool
}

// openTab opens o.url in a new tab: the one way the browser tests open a page. Any console
// error, uncaught exception, browser error log (but the network errors o.expect names) or
// request to a host outside o.hosts fails t when the test ends. The tab records every URL it
// requests (requested).
func (b *browser) openTab(t *testing.T, o tabOptions) *page {
	t.Helper()
	if o.lifetime == 0 {
		o.lifetime = 90 * time.Second
	}
	if o.hosts == nil {
		base, err := url.Parse(b.base)
		if err != nil {
			t.Fatal(err)
		}
		o.hosts = []string{base.Host}
	}
	tabCtx, cancelTab := chromedp.NewContext(b.ctx)
	ctx, cancel := context.WithTimeout(tabCtx, o.lifetime)
	t.Cleanup(func() {
		cancel()
		cancelTab()
	})
	p := &page{ctx: ctx}
	var problems []string
	loading := true
	asked := map[string]int{}
	report := func(format string, args ...any) {
		p.mu.Lock()
		defer p.mu.Unlock()
		problems = append(problems, fmt.Sprintf(format, args...))
	}
	expected := func(e *log.Entry) bool {
		m := statusInLog.FindStringSubmatch(e.Text)
		u, err := url.Parse(e.URL)
		if m == nil || err != nil || !slices.Contains(o.hosts, u.Host) {
			return false
		}
		status, _ := strconv.Atoi(m[1])
		for _, x := range o.expect {
			if ok, _ := path.Match(x.path, u.Path); ok && x.status == status {
				return true
			}
		}
		return false
	}
	err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled, *runtime.EventExceptionThrown:
			if msg := pageProblem(ev); msg != "" {
				report("%s", msg)
			}
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError && !(e.Entry.Source == log.EntrySourceNetwork && expected(e.Entry)) {
				report("browser error (%s): %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			u, err := url.Parse(e.Request.URL)
			if err != nil || (u.Scheme != "data" && u.Scheme != "about" && u.Scheme != "blob" && !slices.Contains(o.hosts, u.Host)) {
				report("request to another host: %s", e.Request.URL)
			}
			p.mu.Lock()
			p.requests = append(p.requests, e.Request.URL)
			twice := false
			if err == nil && strings.HasPrefix(u.Path, "/api/") {
				asked[u.RequestURI()]++
				twice = o.onceWhileLoading && loading && asked[u.RequestURI()] == 2
			}
			p.mu.Unlock()
			if twice {
				report("asked twice while loading: %s", u.RequestURI())
			}
		}
	})
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, msg := range problems {
			t.Error(msg)
		}
	})
	var vp []chromedp.EmulateViewportOption
	if o.mobile {
		vp = append(vp, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	actions := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(o.w, o.h, vp...), chromedp.Navigate(o.url)}
	readyCtx := ctx
	if o.ready {
		actions = append(actions, chromedp.WaitReady(chromedp.CSS(`html[data-ready="1"]`)))
		if o.readyWithin > 0 {
			var cancelReady context.CancelFunc
			readyCtx, cancelReady = context.WithTimeout(ctx, o.readyWithin)
			defer cancelReady()
		}
	}
	if err := chromedp.Do(readyCtx, actions...); err != nil {
		t.Fatalf("open %s: %v", o.url, err)
	}
	p.mu.Lock()
	loading = false
	p.mu.Unlock()
	return p
}

// open loads path in a new tab sized w×h and waits until the page reports it is ready; it
// also fails a page that asks the API for the same thing twice while loading.
func (b *browser) open(t *testing.T, path string, w, h int64, mobile bool) *page {
	t.Helper()
	return b.openTab(t, tabOptions{url: b.base + path, w: w, h: h, mobile: mobile, ready: true, onceWhileLoading: true})
}

// editorOpen opens an editor page at path (which takes longer: it signs in and edits) and
// waits until it is ready; expect names the network errors the scenario causes on purpose.
func (b *browser) editorOpen(t *testing.T, at string, w, h int64, mobile bool, expect ...editorExpect) *page {
	t.Helper()
	return b.openTab(t, tabOptions{url: b.base + at, w: w, h: h, mobile: mobile, lifetime: 120 * time.Second,
		expect: expect, ready: true, readyWithin: 30 * time.Second})
}

// watchedPage is a tab opened on any URL (a host page embedding the map) whose requests the
// scenario reads.
type watchedPage struct{ *page }

// watch opens rawURL in a new tab without waiting for Westward to be ready; the page may ask
// only allowed hosts.
func (b *browser) watch(t *testing.T, rawURL string, w, h int64, mobile bool, allowed ...string) *watchedPage {
	t.Helper()
	return &watchedPage{b.openTab(t, tabOptions{url: rawURL, w: w, h: h, mobile: mobile, hosts: allowed})}
}

// requested returns the URLs the tab has requested so far.
func (p *page) requested() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.requests)
}

// sourceRule forbids patterns in the front-end files a glob matches.
type sourceRule struct {
	name   string
	glob   string
	forbid []*regexp.Regexp
}

// checkSources runs each rule as a subtest, reporting every forbidden match by file and line.
// Files other than HTML are also copied to own (for the size checks); files skip accepts are
// left out.
func checkSources(t *testing.T, rules []sourceRule, own io.Writer, skip func(string) bool) {
	for _, tt := range rules {
		t.Run(tt.name, func(t *testing.T) {
			files, err := filepath.Glob(tt.glob)
			if err != nil || len(files) == 0 {
				t.Fatalf("no files match %s (%v)", tt.glob, err)
			}
			for _, f := range files {
				if skip != nil && skip(f) {
					continue
				}
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasSuffix(f, ".html") {
					own.Write(b)
				}
				for _, re := range tt.forbid {
					if loc := re.FindIndex(b); loc != nil {
						line := bytes.Count(b[:loc[0]], []byte("\n")) + 1
						t.Errorf("%s:%d: %q is not allowed", f, line, b[loc[0]:loc[1]])
					}
				}
			}
		})
	}
}

// pageProblem describes a console error, a failed assertion or an uncaught exception in the
// page, or returns "" for any other event. Every browser test fails on these.
func pageProblem(ev any) string {
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			return fmt.Sprintf("console.%s: %s", e.Type, strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		return fmt.Sprintf("uncaught exception: %s (%s:%d)", msg, d.URL, d.LineNumber)
	}
	return ""
}

// do runs actions, failing the test on error.
func (p *page) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression into T (promises are awaited).
func eval[T any](t *testing.T, p *page, expr string) T {
	t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %q: %v", expr, err)
	}
	return v
}

// settle waits until the address bar stops changing (the page writes it with a short delay).
func (p *page) settle(t *testing.T) string {
	t.Helper()
	last := ""
	for range 40 {
		time.Sleep(100 * time.Millisecond)
		loc := eval[string](t, p, `location.href`)
		if loc == last {
			return loc
		}
		last = loc
	}
	t.Fatalf("the URL kept changing: %s", last)
	return ""
}

// screenshot saves the viewport as name under the artefact folder, for a person to look at.
func (p *page) screenshot(t *testing.T, name string) {
	t.Helper()
	dir := os.Getenv("WESTWARD_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("testdata", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	buf, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// editorExpect is a failed response the page is meant to get (the sign-in check while signed
// out, a refused save), which Chromium logs as a network error. Any other is a failure. The
// path may hold path.Match wildcards.
type editorExpect struct {
	path   string
	status int
}

var statusInLog = regexp.MustCompile(`status of (\d{3})`)
