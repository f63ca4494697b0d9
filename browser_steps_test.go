package main

// The second half of the one browser harness (browser_test.go opens Chromium and its tabs):
// the sites the scenarios start (an editor site with users, a host page that embeds the map),
// the steps they take on a page, and the API reads they check the page against. Scenario
// files (map_, reach_, editor_, share_browser_test.go, browser_bench_test.go) hold scenarios only.

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// countAPI returns numberMatched for a query of the events collection. A query that names no
// actor asks for ISKP's events, as the page shows by default.
func countAPI(t *testing.T, base, query string) int {
	t.Helper()
	if !strings.Contains(query, "actor=") {
		query += "&actor=iskp"
	}
	var fc apiCollection
	res := getJSON(t, base+"/api/collections/events/items?limit=10000&"+query, &fc)
	if res.StatusCode != 200 {
		t.Fatalf("GET items?%s: status %d", query, res.StatusCode)
	}
	return fc.NumberMatched
}

// windowStart is the first day of a window of months ending on day, as the page counts it:
// the same day months earlier (clamped to the month's length), plus one.
func windowStart(t *testing.T, day string, months int) string {
	t.Helper()
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		t.Fatal(err)
	}
	first := time.Date(d.Year(), d.Month()-time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	dd := min(d.Day(), first.AddDate(0, 1, -1).Day())
	return time.Date(first.Year(), first.Month(), dd, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1).Format(time.DateOnly)
}

func ids(features []apiFeature) []string {
	out := make([]string, len(features))
	for i, f := range features {
		out[i] = f.ID
	}
	return out
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// gzippedSize is the length of b compressed at gzip's best level.
func gzippedSize(t *testing.T, b []byte) int {
	t.Helper()
	var gz bytes.Buffer
	w, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return gz.Len()
}

const editorPassword = "a long enough password"

// editorDisplayName is the name the public history shows for edith, instead of her login name.
const editorDisplayName = "Edith W."

// editorSite is a server with an editor account and an API token for that editor.
type editorSite struct {
	base     string
	username string
	token    string
}

// startEditorSite creates the user edith (role editor) and a token in a fresh database, then
// starts the server on it (it seeds the events on first start).
func startEditorSite(t *testing.T) editorSite {
	t.Helper()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "editor.db")
	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte(editorPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := run(ctx, []string{"user", "add", "--db", dbPath, "--username", "edith", "--role", "editor", "--display-name", editorDisplayName, "--password-file", pw}, noEnv, io.Discard, io.Discard, nil); err != nil {
		t.Fatalf("user add: %v", err)
	}
	var tok bytes.Buffer
	if err := run(ctx, []string{"token", "add", "--db", dbPath, "--username", "edith", "--name", "browser-test"}, noEnv, &tok, io.Discard, nil); err != nil {
		t.Fatalf("token add: %v", err)
	}
	return editorSite{base: startServer(t, "--db", dbPath), username: "edith", token: strings.TrimSpace(tok.String())}
}

// editorOpen is browser.open for the editor: the same watch on the console, exceptions and
// other hosts, but the responses in expect may fail, since the editor's API answers 401 and 400
// editorWait polls a JavaScript condition until it holds; what says what was awaited.
func editorWait(t *testing.T, p *page, cond, what string) {
	t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("waiting for %s (%s): %v", what, cond, err)
	}
}

// editorJS calls a JavaScript function on JSON-encoded arguments and returns its result.
func editorJS[T any](t *testing.T, p *page, fn string, args ...any) T {
	t.Helper()
	enc := make([]string, len(args))
	for i, a := range args {
		enc[i] = mustJSON(t, a)
	}
	return eval[T](t, p, "("+fn+")("+strings.Join(enc, ", ")+")")
}

// editorSet sets a control's value as a script would and fires input and change, for selects.
func editorSet(t *testing.T, p *page, sel, value string) {
	t.Helper()
	ok := editorJS[bool](t, p, `(sel, v) => {
		const n = document.querySelector(sel);
		if (!n) return false;
		n.value = v;
		n.dispatchEvent(new Event('input', { bubbles: true }));
		n.dispatchEvent(new Event('change', { bubbles: true }));
		return n.value === v;
	}`, sel, value)
	if !ok {
		t.Fatalf("cannot set %s to %q", sel, value)
	}
}

// editorType replaces a text control's value by typing it, key by key.
func editorType(t *testing.T, p *page, sel, text string) {
	t.Helper()
	editorJS[bool](t, p, `(sel) => { const n = document.querySelector(sel); n.scrollIntoView({ block: 'center' }); n.value = ''; return true; }`, sel)
	p.do(t, chromedp.SendKeys(chromedp.CSS(sel), text))
}

// editorClick scrolls an element to the middle of the screen (clear of the sticky save bar)
// and clicks it with the mouse.
func editorClick(t *testing.T, p *page, sel string) {
	t.Helper()
	if !editorJS[bool](t, p, `(sel) => { const n = document.querySelector(sel); if (!n) return false; n.scrollIntoView({ block: 'center' }); return true; }`, sel) {
		t.Fatalf("no %s to click", sel)
	}
	p.do(t, chromedp.Click(chromedp.CSS(sel)))
}

// editorConfirm answers yes in the question dialog that is open.
func editorConfirm(t *testing.T, p *page) string {
	t.Helper()
	editorWait(t, p, `document.querySelector('dialog.dialog-ask[open]') !== null`, "a question")
	text := eval[string](t, p, `document.querySelector('dialog.dialog-ask[open]').textContent`)
	p.do(t, chromedp.Click(chromedp.CSS(`dialog.dialog-ask[open] [data-answer="yes"]`)))
	editorWait(t, p, `document.querySelector('dialog.dialog-ask') === null`, "the question to close")
	return text
}

// editorSignIn signs in through the form and waits for the event list.
func editorSignIn(t *testing.T, p *page, user, password string) {
	t.Helper()
	editorWait(t, p, `!document.getElementById('login-view').hidden && document.querySelector('.login-form input[name="username"]') !== null`, "the sign-in form")
	editorType(t, p, `.login-form input[name="username"]`, user)
	editorType(t, p, `.login-form input[name="password"]`, password)
	p.do(t, chromedp.Click(chromedp.CSS(`.login-form button[type="submit"]`)))
}

// editorSaved clicks Save and waits for the outcome; it returns the status line's text.
func editorSave(t *testing.T, p *page, want string) string {
	t.Helper()
	eval[bool](t, p, `(() => { const s = document.getElementById('form-status'); s.textContent = ''; s.className = 'form-status'; return true; })()`)
	p.do(t, chromedp.Click(chromedp.CSS(`#save-event`)))
	editorWait(t, p, `document.getElementById('form-status').classList.contains('is-ok') || document.getElementById('form-status').classList.contains('is-error') || document.querySelector('dialog.dialog-ask[open]') !== null`, "the save to finish")
	got := eval[string](t, p, `document.getElementById('form-status').className + ': ' + document.getElementById('form-status').textContent`)
	if want != "" && !strings.Contains(got, want) {
		t.Fatalf("after Save the status reads %q, want %q", got, want)
	}
	return got
}

// editorEvent is the part of a stored event the tests compare.
type editorEvent struct {
	ID       string `json:"id"`
	Geometry struct {
		Coordinates []float64 `json:"coordinates"`
	} `json:"geometry"`
	Properties struct {
		Title             string   `json:"title"`
		Summary           string   `json:"summary"`
		Date              string   `json:"date"`
		Kind              string   `json:"kind"`
		Place             string   `json:"place"`
		Country           string   `json:"country"`
		LocationPrecision string   `json:"location_precision"`
		Tags              []string `json:"tags"`
		UpdatedAt         string   `json:"updated_at"`
		Sources           []struct {
			Source  string   `json:"source"`
			Quotes  []string `json:"quotes"`
			Figures []struct {
				Measure   string `json:"measure"`
				Value     int    `json:"value"`
				Qualifier string `json:"qualifier"`
			} `json:"figures"`
		} `json:"sources"`
	} `json:"properties"`
}

// editorFetch reads an event from the public API; ok is false on 404.
func editorFetch(t *testing.T, base, id string) (editorEvent, bool) {
	t.Helper()
	res, err := http.Get(base + "/api/collections/events/items/" + url.PathEscape(id))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var e editorEvent
	switch res.StatusCode {
	case http.StatusOK:
		if err := json.NewDecoder(res.Body).Decode(&e); err != nil {
			t.Fatal(err)
		}
		return e, true
	case http.StatusNotFound:
		return e, false
	default:
		t.Fatalf("GET event %s: status %d", id, res.StatusCode)
		return e, false
	}
}

// editorSourceID picks a source the seed holds.
func editorSourceID(t *testing.T, base string) string {
	t.Helper()
	var body struct {
		Sources []struct {
			ID string `json:"id"`
		} `json:"sources"`
	}
	getJSON(t, base+"/api/sources", &body)
	if len(body.Sources) == 0 {
		t.Fatal("the seed has no sources")
	}
	return body.Sources[0].ID
}

// ready waits until the Westward page in the tab says it is ready.
func (p *page) ready(t *testing.T) {
	t.Helper()
	p.do(t, chromedp.WaitReady(chromedp.CSS(`html[data-ready="1"]`)))
}

// frameEval evaluates expr inside the page's first iframe, waiting until it is truthy. The
// frame's JavaScript context exists only once its page has loaded, so the first tries may
// find none.
func frameEval[T any](t *testing.T, p *page, expr string) T {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		nodes, err := chromedp.Run(p.ctx, chromedp.Nodes(chromedp.CSS(`iframe`)))
		if err == nil && len(nodes) > 0 {
			v, err := chromedp.Run(p.ctx, chromedp.Poll[T](expr, chromedp.WithPollingInFrame(nodes[0]), chromedp.WithPollingTimeout(5*time.Second)))
			if err == nil {
				return v
			}
			if time.Now().After(deadline) {
				t.Fatalf("in the frame, %q: %v", expr, err)
			}
		} else if time.Now().After(deadline) {
			t.Fatalf("no iframe on the page: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// hostPage serves pages of another origin (127.0.0.1 on its own port) that embed Westward:
// GET /{name} answers the HTML body registered under name, with a listener that records the
// height messages the host receives.
type hostPage struct {
	srv   *httptest.Server
	mu    sync.Mutex
	pages map[string]string
}

func startHost(t *testing.T) *hostPage {
	t.Helper()
	h := &hostPage{pages: map[string]string{}}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		body, ok := h.pages[strings.TrimPrefix(r.URL.Path, "/")]
		h.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A host page</title>
<link rel="icon" href="data:,"></head><body><h1>A newsroom article</h1><p>Text before the map.</p>
<script>window.heights = []; addEventListener('message', (e) => { if (e.data && e.data.type === 'westward:height') heights.push(e.data.height); });</script>
%s
<p>Text after the map.</p></body></html>`, body)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

// put registers a page and returns its URL.
func (h *hostPage) put(name, body string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.pages[name] = body
	return h.srv.URL + "/" + name
}

func hostOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// pickEvent returns an event that a view of ISKP attacks, arrests and plots from windowFrom
// to day shows.
func pickEvent(t *testing.T, features []apiFeature, base, windowFrom, day string) string {
	t.Helper()
	var fc apiCollection
	getJSON(t, base+"/api/collections/events/items?limit=10000&actor=iskp&kind=attack,arrest,foiled_plot&datetime="+windowFrom+"/"+day, &fc)
	for _, f := range fc.Features {
		if f.Properties.Start >= windowFrom && len(f.Properties.Sources) > 0 {
			return f.ID
		}
	}
	t.Fatalf("no event to select among %d", len(features))
	return ""
}

// storyChapters reads the story the server serves.
func storyChapters(t *testing.T, base string) []struct {
	ID, Title, Datetime, Mode string
	Events                    []string
} {
	t.Helper()
	var body struct {
		Stories []struct {
			Chapters []struct {
				ID, Title, Datetime, Mode string
				Events                    []string
			}
		}
	}
	getJSON(t, base+"/api/stories", &body)
	if len(body.Stories) == 0 || len(body.Stories[0].Chapters) < 3 {
		t.Fatalf("the server has no story to test: %+v", body)
	}
	return body.Stories[0].Chapters
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// apiSignIn signs in over HTTP, as another browser would, and returns the status and the
// session cookie's value ("" when none was set).
func apiSignIn(t *testing.T, base, user, password string) (int, string) {
	t.Helper()
	res, err := http.Post(base+"/api/login", "application/json", strings.NewReader(mustJSON(t, map[string]string{"username": user, "password": password})))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for _, ck := range res.Cookies() {
		if ck.Name == "westward_session" {
			return res.StatusCode, ck.Value
		}
	}
	return res.StatusCode, ""
}

// apiMe is the status of GET /api/me with the header given ("Authorization" or "Cookie").
func apiMe(t *testing.T, base, header, value string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/me", nil)
	req.Header.Set(header, value)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}
