package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/westward/westward/geo"
)

// The browser tests drive the real server and Debian's Chromium. They fail, never skip, when
// Chromium is missing: the map is the product, and an untested map is a broken one.

func TestBrowser_map(t *testing.T) {
	base := startServer(t)
	b := startBrowser(t, base)
	// A bare URL shows ISKP's events; other actors join through the Actor filter.
	var all apiCollection
	getJSON(t, base+"/api/collections/events/items?limit=10000&actor=iskp", &all)
	if all.NumberMatched == 0 || len(all.Features) != all.NumberMatched {
		t.Fatalf("the seeded API returned %d of %d features", len(all.Features), all.NumberMatched)
	}

	t.Run("ok, the page loads and draws every ISKP event at the end of time", func(t *testing.T) {
		p := b.open(t, "/", 1440, 900, false)
		s := p.state(t)
		if s.T != s.End {
			t.Errorf("time %s, want the end of the data %s", s.T, s.End)
		}
		if s.Drawn != all.NumberMatched || s.Total != countAPI(t, base, "actor=iskp,is,is_inspired,unclear") {
			t.Errorf("drawn %d of %d, want every ISKP event (%d)", s.Drawn, s.Total, all.NumberMatched)
		}
		if got := eval[string](t, p, `document.documentElement.dataset.drawn`); got != fmt.Sprint(all.NumberMatched) {
			t.Errorf("data-drawn %q, want %d", got, all.NumberMatched)
		}
		p.do(t, chromedp.Click(chromedp.CSS(`#tab-list`)), chromedp.WaitReady(chromedp.CSS(`.event-list li`)))
		if got, want := eval[int](t, p, `document.querySelectorAll('.event-list li').length`), min(100, all.NumberMatched); got != want {
			t.Errorf("the event list shows %d rows, want %d", got, want)
		}
		p.do(t, chromedp.Click(chromedp.CSS(`#tab-filters`)))
		if got := eval[int](t, p, `document.querySelectorAll('.country-label').length`); got == 0 {
			t.Error("no country labels on the basemap")
		}
		// The kinds come from the queryables, each with its label and its own colour.
		colours := eval[[]string](t, p, `[...document.querySelectorAll('#filters-panel .swatch')].map((s) => getComputedStyle(s).backgroundColor)`)
		if len(colours) != len(geo.KindTerms) || len(slices.Compact(slices.Sorted(slices.Values(colours)))) != len(colours) {
			t.Errorf("kind swatches %v, want %d distinct colours", colours, len(geo.KindTerms))
		}
		for _, k := range geo.KindTerms {
			if got := eval[string](t, p, fmt.Sprintf(`document.querySelector('#filters-panel input[value=%q]').closest('label').textContent`, string(k.Value))); !strings.Contains(got, k.Label) {
				t.Errorf("the %s filter reads %q, want the label %q", k.Value, got, k.Label)
			}
		}
		p.screenshot(t, "desktop.png")
	})

	t.Run("ok, moving the time shows exactly the events up to it", func(t *testing.T) {
		p := b.open(t, "/", 1280, 800, false)
		tests := []struct {
			name string
			move func(t *testing.T, p *page)
		}{
			{"when stepping back 14 months with the arrow key", func(t *testing.T, p *page) {
				p.do(t, chromedp.KeyEvent(kb.End))
				for range 14 {
					p.do(t, chromedp.KeyEvent(kb.ArrowLeft))
				}
			}},
			{"when clicking the timeline at 60%", func(t *testing.T, p *page) {
				box := eval[struct{ X, Y, W, H float64 }](t, p, `(() => { const r = document.querySelector('.timeline-canvas').getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`)
				p.do(t, chromedp.MouseClickXY(box.X+box.W*0.6, box.Y+box.H/2))
			}},
			{"when dragging the timeline cursor to 35%", func(t *testing.T, p *page) {
				box := eval[struct{ X, Y, W, H float64 }](t, p, `(() => { const r = document.querySelector('.timeline-canvas').getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`)
				p.do(t, chromedp.KeyEvent(kb.End))
				from := box.X + box.W - 10 // the cursor sits at the right edge at the end of time
				to := box.X + box.W*0.35
				y := box.Y + box.H/2
				p.do(t, chromedp.MouseEvent("mousePressed", from, y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
				for k := 1; k <= 8; k++ {
					p.do(t, chromedp.MouseEvent("mouseMoved", from+(to-from)*float64(k)/8, y, chromedp.ButtonLeft))
				}
				p.do(t, chromedp.MouseEvent("mouseReleased", to, y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
			}},
			{"when dragging a range across the timeline", func(t *testing.T, p *page) {
				box := eval[struct{ X, Y, W, H float64 }](t, p, `(() => { const r = document.querySelector('.timeline-canvas').getBoundingClientRect(); return {X: r.left, Y: r.top, W: r.width, H: r.height}; })()`)
				from, to, y := box.X+box.W*0.3, box.X+box.W*0.55, box.Y+box.H/2
				p.do(t, chromedp.MouseEvent("mousePressed", from, y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
				for k := 1; k <= 8; k++ {
					p.do(t, chromedp.MouseEvent("mouseMoved", from+(to-from)*float64(k)/8, y, chromedp.ButtonLeft))
				}
				p.do(t, chromedp.MouseEvent("mouseReleased", to, y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
				if s := p.state(t); s.Mode != "window" || s.Win < 2 {
					t.Errorf("mode %s over %d months after dragging a quarter of the timeline, want a window of years", s.Mode, s.Win)
				}
			}},
			{"when pressing Home", func(t *testing.T, p *page) {
				p.do(t, chromedp.Click(chromedp.CSS(`label[for="mode-cumulative"]`)), chromedp.KeyEvent(kb.Home))
			}},
			{"when opening a link to the exact day of an event", func(t *testing.T, p *page) {
				day := ""
				for _, f := range all.Features {
					if f.Properties.DatePrecision == "day" && f.Properties.Start > day {
						day = f.Properties.Start
					}
				}
				if day == "" {
					t.Fatal("no event is dated to the day")
				}
				p.do(t, chromedp.Navigate(base+"/?t="+day), chromedp.WaitReady(chromedp.CSS(`html[data-ready="1"]`)))
			}},
		}
		seen := map[string]bool{}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.move(t, p)
				s := p.state(t)
				if seen[s.T] {
					t.Errorf("time %s was already tested: the move did not move", s.T)
				}
				seen[s.T] = true
				if s.T == s.End {
					t.Fatalf("time still at the end (%s)", s.T)
				}
				query, what := "datetime=../"+s.T, "up to that day"
				if s.Mode == "window" {
					from := windowStart(t, s.T, s.Win)
					query, what = "datetime="+from+"/"+s.T, "from "+from
				}
				want := countAPI(t, base, query)
				if s.Drawn != want {
					t.Errorf("at %s: %d events drawn, the API has %d %s", s.T, s.Drawn, want, what)
				}
				if got := eval[string](t, p, `document.getElementById('now-date').getAttribute('datetime')`); got != s.T {
					t.Errorf("the date shown is %s, want %s", got, s.T)
				}
			})
		}

		t.Run("when playing with the space bar", func(t *testing.T) {
			p.do(t, chromedp.KeyEvent(kb.Home), chromedp.KeyEvent(" "))
			time.Sleep(1500 * time.Millisecond)
			playing := p.state(t)
			p.screenshot(t, "playing.png")
			p.do(t, chromedp.KeyEvent(" "))
			paused := p.state(t)
			if !playing.Playing || paused.Playing {
				t.Errorf("playing %v then %v, want true then false", playing.Playing, paused.Playing)
			}
			if paused.T <= paused.Start {
				t.Errorf("time %s did not advance from %s", paused.T, paused.Start)
			}
			if want := countAPI(t, base, "datetime=../"+paused.T); paused.Drawn != want {
				t.Errorf("paused at %s: %d drawn, the API has %d", paused.T, paused.Drawn, want)
			}
		})
	})

	t.Run("ok, a kind filter shows exactly that kind", func(t *testing.T) {
		p := b.open(t, "/", 1440, 900, false)
		p.do(t,
			chromedp.Click(chromedp.CSS(`.facet-kinds .facet-head button:nth-of-type(2)`)),
			chromedp.Click(chromedp.CSS(`.facet-kinds input[value="attack"]`)),
		)
		s := p.state(t)
		want := countAPI(t, base, "kind=attack")
		if !reflect.DeepEqual(s.Kinds, []string{"attack"}) {
			t.Errorf("kinds %v, want [attack]", s.Kinds)
		}
		if s.Drawn != want || want == 0 {
			t.Errorf("%d attacks drawn, the API has %d", s.Drawn, want)
		}
		if loc := p.settle(t); !strings.Contains(loc, "kind=attack") {
			t.Errorf("the URL %s does not keep the filter", loc)
		}
		if got := eval[string](t, p, `document.querySelector('.facet-kinds input[value="attack"]').closest('label').querySelector('.count').textContent`); got != fmt.Sprint(want) {
			t.Errorf("the attack count reads %q, want %d", got, want)
		}
	})

	t.Run("ok, clicking an event shows what happened and who says so", func(t *testing.T) {
		p := b.open(t, "/", 1440, 900, false)
		var sources struct {
			Sources []struct {
				ID          string `json:"id"`
				Publication string `json:"publication"`
			} `json:"sources"`
		}
		getJSON(t, base+"/api/sources", &sources)
		publication := map[string]string{}
		for _, s := range sources.Sources {
			publication[s.ID] = s.Publication
		}
		type point struct{ X, Y float64 }
		points := eval[map[string]*point](t, p, `(() => {
			const out = {};
			const box = document.getElementById('map').getBoundingClientRect();
			for (const id of `+mustJSON(t, ids(all.Features))+`) {
				const pt = window.westward.eventPoint(id);
				// Keep clear of the zoom buttons, the reach card and the legend.
				if (pt && pt.x > box.left + 70 && pt.x < box.right - 260 && pt.y > box.top + 70 && pt.y < box.bottom - 70) out[id] = pt;
			}
			return out;
		})()`)
		var target *apiFeature
		for i, f := range all.Features {
			pt := points[f.ID]
			if pt == nil || len(f.Properties.Sources) == 0 || len(f.Properties.Sources[0].Quotes) == 0 {
				continue
			}
			alone := true
			for id, q := range points {
				if id != f.ID && q != nil && math.Hypot(q.X-pt.X, q.Y-pt.Y) < 26 {
					alone = false
					break
				}
			}
			if alone {
				target = &all.Features[i]
				break
			}
		}
		if target == nil {
			t.Fatal("no event with a quoted source stands clear enough on the map to click")
		}
		pt := points[target.ID]
		p.do(t, chromedp.MouseClickXY(pt.X, pt.Y))
		s := p.state(t)
		if s.Sel == nil || *s.Sel != target.ID {
			t.Fatalf("selected %v after clicking %s", s.Sel, target.ID)
		}
		text := eval[string](t, p, `(() => { const panel = document.getElementById('panel'); return panel.hidden ? '' : panel.textContent; })()`)
		cite := target.Properties.Sources[0]
		for _, want := range []string{target.Properties.Title, publication[cite.Source], cite.Quotes[0]} {
			if want == "" || !strings.Contains(text, want) {
				t.Errorf("the panel does not show %q", want)
			}
		}
		if loc := p.settle(t); !strings.Contains(loc, "event="+url.QueryEscape(target.ID)) {
			t.Errorf("the URL %s does not keep the selection", loc)
		}
		p.screenshot(t, "panel.png")
		p.do(t, chromedp.KeyEvent(kb.Escape))
		if eval[bool](t, p, `!document.getElementById('panel').hidden`) {
			t.Error("Escape did not close the panel")
		}
	})

	t.Run("ok, the URL restores the whole state", func(t *testing.T) {
		p := b.open(t, "/", 1280, 800, false)
		p.do(t,
			chromedp.Click(chromedp.CSS(`label[for="mode-window"]`)),
			chromedp.Click(chromedp.CSS(`.facet-kinds input[value="threat"]`)),
			chromedp.Click(chromedp.CSS(`.leaflet-control-zoom-in`)),
		)
		eval[bool](t, p, `(() => { const s = document.getElementById('window-len'); s.value = '6'; s.dispatchEvent(new Event('change')); return true; })()`)
		p.do(t, chromedp.KeyEvent(kb.End))
		for range 3 {
			p.do(t, chromedp.KeyEvent(kb.ArrowLeft))
		}
		p.do(t,
			chromedp.Click(chromedp.CSS(`#tab-list`)),
			chromedp.Click(chromedp.CSS(`.event-row`)),
		)
		// the state once the address bar has settled: selecting pans the map, and the URL
		// written after the pan is what a reader shares
		loc := p.settle(t)
		before := p.state(t)
		if before.Mode != "window" || before.Win != 6 || before.Sel == nil || before.View == nil ||
			slices.Contains(before.Kinds, "threat") || before.T == before.End {
			t.Fatalf("the state was not set up: %+v", before)
		}
		p.do(t, chromedp.Navigate(loc), chromedp.WaitReady(chromedp.CSS(`html[data-ready="1"]`)))
		after := p.state(t)
		if !reflect.DeepEqual(before, after) {
			got, _ := json.Marshal(after)
			want, _ := json.Marshal(before)
			t.Errorf("after reload:\n got %s\nwant %s", got, want)
		}
		if again := p.settle(t); again != loc {
			t.Errorf("the URL changed on reload:\n got %s\nwant %s", again, loc)
		}
	})

	t.Run("ok, a 360 px phone gets every control and a bottom sheet", func(t *testing.T) {
		p := b.open(t, "/", 360, 740, true)
		if overflow := eval[int](t, p, `document.documentElement.scrollWidth - window.innerWidth`); overflow > 0 {
			t.Errorf("the page is %d px wider than the screen", overflow)
		}
		type box struct {
			Sel                      string
			Left, Right, Top, Bottom float64
			W, H                     float64
		}
		boxes := eval[[]box](t, p, `['#play', '#step-back', '#step-fwd', '#toggle-sidebar', '#open-about', '.timeline-canvas',
			'#speed', '#window-len', 'label[for="mode-window"]', '.leaflet-control-zoom-in', '#now-date']
			.map((sel) => { const r = document.querySelector(sel).getBoundingClientRect();
				return {Sel: sel, Left: r.left, Right: r.right, Top: r.top, Bottom: r.bottom, W: r.width, H: r.height}; })`)
		for _, b := range boxes {
			if b.W == 0 || b.H == 0 || b.Left < 0 || b.Right > 360 || b.Top < 0 || b.Bottom > 740 {
				t.Errorf("%s is not fully on screen: %+v", b.Sel, b)
			}
		}
		p.screenshot(t, "phone.png")
		p.do(t,
			chromedp.Click(chromedp.CSS(`#toggle-sidebar`)),
			chromedp.Sleep(400*time.Millisecond), // the drawer slides in
			chromedp.Click(chromedp.CSS(`#tab-list`)),
			chromedp.Click(chromedp.CSS(`.event-row`)),
			chromedp.Sleep(300*time.Millisecond),
		)
		sheet := eval[box](t, p, `(() => { const r = document.getElementById('panel').getBoundingClientRect(); return {Sel: '#panel', Left: r.left, Right: r.right, Top: r.top, Bottom: r.bottom, W: r.width, H: r.height}; })()`)
		if sheet.W != 360 || sheet.Bottom < 739 || sheet.Top < 740*0.3 {
			t.Errorf("the panel is not a bottom sheet: %+v", sheet)
		}
		if eval[bool](t, p, `document.body.classList.contains('sidebar-open')`) {
			t.Error("the drawer stayed open over the selected event")
		}
		p.screenshot(t, "phone-panel.png")
	})
}

// TestBrowser_frontEndRules checks the files the browser gets against the rules the page
// must keep: a strict CSP (no inline script or style, no eval), data rendered as text, and a
// size budget for our own JavaScript and CSS.
func TestBrowser_frontEndRules(t *testing.T) {
	var own bytes.Buffer
	tests := []sourceRule{
		{"ok, the map pages' template has no inline script or style", "static/map.html", []*regexp.Regexp{
			regexp.MustCompile(`<script(?:\s+type="module")?\s*>`),
			regexp.MustCompile(`\sstyle=`),
			regexp.MustCompile(`\son[a-z]+=`),
			regexp.MustCompile(`<style`),
			regexp.MustCompile(`(?:src|href)="(?:https?:)?//`),
		}},
		{"ok, the shared modules build the DOM from text", "static/js/core/*.js", []*regexp.Regexp{
			regexp.MustCompile(`\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write`),
			regexp.MustCompile(`\beval\(|new Function\(|setTimeout\(\s*['"]`),
			regexp.MustCompile(`bindPopup\(`),
			regexp.MustCompile(`https?://(?:[a-z]+\.)*(?:cdn|unpkg|googleapis|jsdelivr)`),
		}},
		{"ok, the map's modules build the DOM from text", "static/js/map/*.js", []*regexp.Regexp{
			regexp.MustCompile(`\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write`),
			regexp.MustCompile(`\beval\(|new Function\(|setTimeout\(\s*['"]`),
			regexp.MustCompile(`bindPopup\(`),
			regexp.MustCompile(`https?://(?:[a-z]+\.)*(?:cdn|unpkg|googleapis|jsdelivr)`),
		}},
		{"ok, the pages' wiring build the DOM from text", "static/js/pages/*.js", []*regexp.Regexp{
			regexp.MustCompile(`\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write`),
			regexp.MustCompile(`\beval\(|new Function\(|setTimeout\(\s*['"]`),
			regexp.MustCompile(`bindPopup\(`),
			regexp.MustCompile(`https?://(?:[a-z]+\.)*(?:cdn|unpkg|googleapis|jsdelivr)`),
		}},
		{"ok, styles load nothing from elsewhere", "static/css/*.css", []*regexp.Regexp{
			regexp.MustCompile(`@import|url\(\s*['"]?(?:https?:)?//`),
		}},
	}
	// The editor's and the story's pages count against their own budgets.
	checkSources(t, tests, &own, func(f string) bool {
		return strings.HasSuffix(f, filepath.Join("pages", "editor.js")) || strings.HasSuffix(f, filepath.Join("pages", "story.js"))
	})
	t.Run("ok, the kinds are spelled only where theme.js colours them", func(t *testing.T) {
		// The vocabulary reaches the page from the queryables (core/vocab.js); a kind's value
		// written in any other module is a second copy of it.
		files, err := filepath.Glob("static/js/*/*.js")
		if err != nil || len(files) == 0 {
			t.Fatalf("no modules (%v)", err)
		}
		for _, f := range files {
			if filepath.ToSlash(f) == "static/js/core/theme.js" {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range geo.Kinds {
				if re := regexp.MustCompile(`['"\x60]` + string(k) + `['"\x60]`); re.Match(b) {
					t.Errorf("%s spells the kind %q; read it from core/vocab.js", f, k)
				}
			}
		}
	})
	t.Run("ok, our JavaScript and CSS fit in 150 KB gzipped", func(t *testing.T) {
		if n := gzippedSize(t, own.Bytes()); own.Len() == 0 || n > 150*1024 {
			t.Errorf("%d bytes of JS and CSS, %d gzipped; want some, at most 150 KB", own.Len(), n)
		}
	})
}
