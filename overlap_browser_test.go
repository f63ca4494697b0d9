package main

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowser_overlap checks that every marker is reachable from the map: a click over
// overlapping markers offers the events under the pointer, topmost first, and on a phone a
// small marker is a touch target of at least 24 px.
func TestBrowser_overlap(t *testing.T) {
	base := startServer(t)
	b := startBrowser(t, base)
	const crocus, synagogue = "crocus-city-hall-attack-2024", "moscow-synagogue-plot-2024"
	type point struct{ X, Y float64 }

	t.Run("ok, a click at the centre of the Crocus disc reaches Crocus through the chooser", func(t *testing.T) {
		// Moscow in the middle of the map, clear of the reach card, zoomed out as far as a
		// first view of the whole data: the synagogue plot's small marker covers Crocus's centre.
		p := b.open(t, "/?map=2.5/55.75/37.6", 1440, 900, false)
		pts := eval[map[string]*point](t, p, `({c: window.westward.eventPoint('`+crocus+`'), s: window.westward.eventPoint('`+synagogue+`')})`)
		c, s := pts["c"], pts["s"]
		if c == nil || s == nil {
			t.Fatalf("Crocus at %v, the synagogue plot at %v: both must be drawn", c, s)
		}
		if d := math.Hypot(c.X-s.X, c.Y-s.Y); d > 5.5 {
			t.Fatalf("the synagogue plot is drawn %.1f px from Crocus's centre; the scenario needs it on top of Crocus", d)
		}
		p.do(t, chromedp.MouseClickXY(c.X, c.Y))
		time.Sleep(300 * time.Millisecond)
		if !eval[bool](t, p, `Boolean(document.querySelector('.event-chooser .chooser-pick'))`) {
			sel := "nothing"
			if s := p.state(t).Sel; s != nil {
				sel = *s
			}
			t.Fatalf("no chooser over Crocus and the synagogue plot; the click selected %s", sel)
		}
		if sel := p.state(t).Sel; sel != nil {
			t.Errorf("the click selected %s before the reader chose", *sel)
		}
		head := eval[string](t, p, `document.querySelector('.event-chooser .chooser-head').textContent`)
		offered := eval[[]string](t, p, `[...document.querySelectorAll('.event-chooser .chooser-pick')].map((b) => b.dataset.id)`)
		if head != countText(len(offered), "event here", "events here") || len(offered) < 2 {
			t.Errorf("the chooser says %q over %d events", head, len(offered))
		}
		// Topmost first: the small synagogue marker is drawn over Crocus, so it comes first.
		if ci, si := slices.Index(offered, crocus), slices.Index(offered, synagogue); ci < 0 || si < 0 || si > ci {
			t.Errorf("the chooser offers %v, want the synagogue plot before Crocus", offered)
		}
		if eval[string](t, p, `document.activeElement.dataset.id || ''`) != offered[0] {
			t.Error("the chooser does not take the focus on its first event")
		}
		p.do(t, chromedp.KeyEvent(kb.Escape))
		if eval[bool](t, p, `Boolean(document.querySelector('.event-chooser'))`) {
			t.Error("Escape does not close the chooser")
		}
		p.do(t, chromedp.MouseClickXY(c.X, c.Y), chromedp.WaitVisible(chromedp.CSS(`.event-chooser .chooser-pick`)))
		p.do(t, chromedp.Click(chromedp.CSS(`.event-chooser .chooser-pick[data-id="`+crocus+`"]`)))
		time.Sleep(200 * time.Millisecond)
		if sel := p.state(t).Sel; sel == nil || *sel != crocus {
			t.Errorf("selected %v after choosing Crocus", sel)
		}
		if eval[bool](t, p, `Boolean(document.querySelector('.event-chooser'))`) {
			t.Error("the chooser stays open after a choice")
		}
		p.screenshot(t, "overlap-chooser.png")
	})

	t.Run("ok, a click on a lone marker selects it at once", func(t *testing.T) {
		p := b.open(t, "/", 1440, 900, false)
		id := loneEvent(t, p, base, 40)
		pt := eval[point](t, p, `window.westward.eventPoint('`+id+`')`)
		p.do(t, chromedp.MouseClickXY(pt.X, pt.Y))
		time.Sleep(200 * time.Millisecond)
		if sel := p.state(t).Sel; sel == nil || *sel != id {
			t.Errorf("selected %v after clicking lone %s", sel, id)
		}
		if eval[bool](t, p, `Boolean(document.querySelector('.event-chooser'))`) {
			t.Error("a chooser opened over a single event")
		}
	})

	t.Run("ok, on a phone a small marker answers a tap 11 px from its centre", func(t *testing.T) {
		p := b.open(t, "/", 390, 844, true)
		if !eval[bool](t, p, `matchMedia('(pointer: coarse)').matches`) {
			t.Fatal("the emulated phone does not report a coarse pointer")
		}
		id := loneEvent(t, p, base, 40)
		pt := eval[point](t, p, `window.westward.eventPoint('`+id+`')`)
		p.do(t, chromedp.MouseClickXY(pt.X+11, pt.Y))
		time.Sleep(200 * time.Millisecond)
		if sel := p.state(t).Sel; sel == nil || *sel != id {
			t.Errorf("selected %v after a tap 11 px right of %s", sel, id)
		}
	})
}

// loneEvent is an ISKP event without a death toll, so drawn with the smallest marker
// (radius 4 px), with no other marker within clear pixels, inside the map and clear of its
// controls.
func loneEvent(t *testing.T, p *page, base string, clear float64) string {
	t.Helper()
	var all struct {
		Features []struct {
			ID         string `json:"id"`
			Properties struct {
				Casualties struct {
					Killed any `json:"killed"`
				} `json:"casualties"`
			} `json:"properties"`
		} `json:"features"`
	}
	getJSON(t, base+"/api/collections/events/items?limit=10000&actor=iskp", &all)
	var small, every []string
	for _, f := range all.Features {
		every = append(every, f.ID)
		if f.Properties.Casualties.Killed == nil {
			small = append(small, f.ID)
		}
	}
	id := eval[string](t, p, `(() => {
		const ids = `+mustJSON(t, small)+`;
		const all = `+mustJSON(t, every)+`;
		const box = document.getElementById('map').getBoundingClientRect();
		const pts = all.map((id) => [id, window.westward.eventPoint(id)]).filter(([, p]) => p);
		for (const [id, p] of pts) {
			if (!ids.includes(id)) continue;
			if (p.x < box.left + 70 || p.x > box.right - 70 || p.y < box.top + 90 || p.y > box.bottom - 160) continue;
			if (document.elementFromPoint(p.x, p.y) !== document.querySelector('#map .leaflet-events-pane canvas')) continue;
			if (pts.every(([other, q]) => other === id || Math.hypot(q.x - p.x, q.y - p.y) >= `+mustJSON(t, clear)+`)) return id;
		}
		return '';
	})()`)
	if id == "" {
		t.Fatal("no event stands clear enough on the map to click")
	}
	return id
}
