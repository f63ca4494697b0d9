package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/westward/westward/geo"
)

// The browser tests of sharing, embedding and the story: the embed reproduces a shared view,
// the Share dialog's code and oEmbed's html work on another origin, the story walks its
// chapters by keyboard and deep link, and a static export needs no server at all.

func TestEmbed_reproducesTheSharedState(t *testing.T) {
	base := startServer(t)
	b := startBrowser(t, base)
	var all apiCollection
	getJSON(t, base+"/api/collections/events/items?limit=10000", &all)
	const day, from = "2023-06-30", "2021-07-01"
	sel := pickEvent(t, all.Features, base, from, day)
	title := ""
	for _, f := range all.Features {
		if f.ID == sel {
			title = f.Properties.Title
		}
	}
	want := countAPI(t, base, "actor=iskp&kind=attack,arrest,foiled_plot&datetime="+from+"/"+day)

	t.Run("ok, time, window, filters, event and view come from the URL; hidden controls stay hidden", func(t *testing.T) {
		p := b.open(t, "/embed?t="+day+"&mode=window&w=24&kind=attack,foiled_plot,arrest&actor=iskp&event="+sel+
			"&map=4/44/42&legend=0&timeline=0&filters=0&theme=dark", 800, 600, false)
		s := eval[embedState](t, p, `window.westward.state()`)
		if s.T != day || s.Mode != "window" || s.Win != 24 {
			t.Errorf("time %s %s %d, want %s window 24", s.T, s.Mode, s.Win, day)
		}
		if !reflect.DeepEqual(s.Kinds, []string{"arrest", "attack", "foiled_plot"}) || !reflect.DeepEqual(s.Actors, []string{"iskp"}) ||
			s.Attributions != nil || s.Countries != nil {
			t.Errorf("filters kinds %v actors %v attributions %v countries %v", s.Kinds, s.Actors, s.Attributions, s.Countries)
		}
		if s.Sel == nil || *s.Sel != sel {
			t.Errorf("selected %v, want %s", s.Sel, sel)
		}
		if s.View == nil || s.View.Zoom != 4 || s.View.Lat != 44 || s.View.Lng != 42 {
			t.Errorf("view %+v, want 4/44/42", s.View)
		}
		if s.Drawn != want || want == 0 {
			t.Errorf("%d events drawn, the API has %d for that window and those filters", s.Drawn, want)
		}
		if s.Embed == nil || s.Embed.Legend || s.Embed.Timeline || s.Embed.Filters || s.Embed.Theme != "dark" {
			t.Errorf("embed options %+v", s.Embed)
		}
		type look struct {
			Theme, Background, Panel, When, Credit, Target, Rel string
			Legend, Timebar, Sidebar, Toggle, Header, Zoom      bool
		}
		got := eval[look](t, p, `(() => {
			const shown = (sel) => { const n = document.querySelector(sel); return !!n && n.getClientRects().length > 0; };
			const credit = document.getElementById('embed-credit');
			const panel = document.getElementById('panel');
			return {
				Theme: document.documentElement.dataset.theme, Background: getComputedStyle(document.body).backgroundColor,
				Panel: panel.hidden ? '' : panel.textContent, When: document.getElementById('embed-when').textContent,
				Credit: credit.href, Target: credit.target, Rel: credit.rel,
				Legend: shown('.legend'), Timebar: shown('#timebar'), Sidebar: shown('#sidebar'), Toggle: shown('#toggle-sidebar'),
				Header: shown('.topbar'), Zoom: shown('.leaflet-control-zoom'),
			};
		})()`)
		if got.Theme != "dark" || got.Background != "rgb(21, 24, 28)" {
			t.Errorf("theme %q, background %s: not dark", got.Theme, got.Background)
		}
		if got.Legend || got.Timebar || got.Sidebar || got.Toggle || got.Header || !got.Zoom {
			t.Errorf("visible: legend %v, time bar %v, sidebar %v, filters button %v, header %v, zoom %v; want only zoom",
				got.Legend, got.Timebar, got.Sidebar, got.Toggle, got.Header, got.Zoom)
		}
		if !strings.Contains(got.Panel, title) {
			t.Errorf("the event panel does not show %q", title)
		}
		if got.When != "Jul 2021 – Jun 2023" {
			t.Errorf("the time caption reads %q", got.When)
		}
		credit, err := url.Parse(got.Credit)
		if err != nil || credit.Path != "/" || credit.Query().Get("t") != day || credit.Query().Get("event") != sel ||
			credit.Query().Get("kind") != "arrest,attack,foiled_plot" || got.Target != "_blank" || !strings.Contains(got.Rel, "noopener") {
			t.Errorf("the credit links to %s (target %q, rel %q), want the full map in this state in a new tab", got.Credit, got.Target, got.Rel)
		}
		if eval[bool](t, p, `document.cookie !== '' || localStorage.length > 0 || sessionStorage.length > 0`) {
			t.Error("the embed stored something")
		}
		p.screenshot(t, "embed-dark.png")
	})

	t.Run("ok, the default embed shows the legend and the time bar and leaves the wheel to the page", func(t *testing.T) {
		p := b.open(t, "/embed?t="+day+"&kind=attack,foiled_plot,arrest&actor=iskp&map=3.5/45/45", 900, 600, false)
		if !eval[bool](t, p, `!!document.querySelector('.legend') && document.getElementById('timebar').getClientRects().length > 0 && document.documentElement.dataset.theme === 'light'`) {
			t.Error("the default embed lacks the legend or the time bar, or is not light")
		}
		wheel := func(p *page) float64 {
			box := eval[struct{ X, Y float64 }](t, p, `(() => { const r = document.getElementById('map').getBoundingClientRect(); return {X: r.left + r.width / 2, Y: r.top + r.height / 2}; })()`)
			p.do(t, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseWheel, box.X, box.Y, func(e *input.DispatchMouseEventParams) { e.DeltaX, e.DeltaY = 0.01, -300 }))
			time.Sleep(700 * time.Millisecond)
			return eval[float64](t, p, `window.westward.state().view.zoom`)
		}
		if z := wheel(p); z != 3.5 {
			t.Errorf("the scroll wheel zoomed the embed to %g", z)
		}
		p.screenshot(t, "embed.png")
		q := b.open(t, "/embed?t="+day+"&map=3.5/45/45&scroll=1", 900, 600, false)
		if z := wheel(q); z <= 3.5 {
			t.Errorf("with scroll=1 the wheel left the zoom at %g", z)
		}
	})

	t.Run("ok, a bare URL opens on the month in which the last event could have happened, and the frontier is ISKP's own", func(t *testing.T) {
		// Reach counts an event from the last day its date could be, so the map opens where
		// every event shown is also counted.
		latest := ""
		for _, f := range all.Features {
			latest = max(latest, f.Properties.End)
		}
		day, err := time.Parse(time.DateOnly, latest)
		if err != nil {
			t.Fatal(err)
		}
		monthEnd := time.Date(day.Year(), day.Month()+1, 0, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		var spread struct {
			Frontier []struct {
				Date       string  `json:"date"`
				DistanceKm float64 `json:"distance_km"`
			} `json:"frontier"`
		}
		getJSON(t, base+"/api/spread?actor=iskp", &spread)
		if len(spread.Frontier) == 0 {
			t.Fatal("ISKP has no frontier")
		}
		far := spread.Frontier[len(spread.Frontier)-1]
		p := b.open(t, "/embed", 900, 600, false)
		s := p.state(t)
		reach := eval[string](t, p, `document.querySelector('.frontier-km').textContent`)
		if s.T != monthEnd || s.End != monthEnd {
			t.Errorf("a bare embed opens on %s (end %s), want the end of the month the last event could fall in, %s", s.T, s.End, monthEnd)
		}
		if want := fmt.Sprintf("%d km", int(far.DistanceKm+0.5)); strings.ReplaceAll(reach, ",", "") != want {
			t.Errorf("the frontier reads %q, want ISKP's %s", reach, want)
		}
		q := b.open(t, "/embed?t="+s.Start, 900, 600, false)
		if got := eval[string](t, q, `document.querySelector('.frontier-km').textContent`); s.Start < spread.Frontier[0].Date && got != "—" {
			t.Errorf("on %s, before ISKP's first event (%s), the frontier reads %q", s.Start, spread.Frontier[0].Date, got)
		}
	})

	t.Run("ok, filters=1 adds a drawer whose filters change the map", func(t *testing.T) {
		p := b.open(t, "/embed?t="+day+"&filters=1&legend=0", 700, 560, false)
		before := p.state(t)
		p.do(t, chromedp.Click(chromedp.CSS(`#toggle-sidebar`)), chromedp.Sleep(350*time.Millisecond),
			chromedp.Click(chromedp.CSS(`.facet-kinds input[value="attack"]`)))
		after := p.state(t)
		var others []string // every kind but attack, from the one vocabulary
		for _, k := range geo.Kinds {
			if k != geo.KindAttack {
				others = append(others, string(k))
			}
		}
		if want := countAPI(t, base, "kind="+strings.Join(others, ",")+"&datetime=../"+day); after.Drawn != want || after.Drawn >= before.Drawn {
			t.Errorf("after hiding attacks %d drawn (before %d), the API has %d", after.Drawn, before.Drawn, want)
		}
		p.screenshot(t, "embed-filters.png")
	})

	t.Run("ok, autoplay plays from the start up to the shared time and stops there", func(t *testing.T) {
		p := b.open(t, "/embed?t=2019-12-31&speed=16&autoplay=1", 800, 500, false)
		if s := p.state(t); !s.Playing || s.T >= "2019-12-31" {
			t.Errorf("after load: playing %v at %s, want playing before 2019-12-31", s.Playing, s.T)
		}
		stopped := eval[bool](t, p, `new Promise((resolve) => { let n = 0; const check = () => { const s = window.westward.state();
			if (!s.playing || ++n > 200) resolve(!s.playing && s.t === '2019-12-31'); else setTimeout(check, 50); }; check(); })`)
		if !stopped {
			t.Errorf("autoplay did not stop at 2019-12-31: %+v", p.state(t))
		}
	})

	t.Run("ok, theme=auto follows the reader's dark setting", func(t *testing.T) {
		p := b.open(t, "/embed?theme=auto", 600, 400, false)
		if got := eval[string](t, p, `document.documentElement.dataset.theme`); got != "light" {
			t.Errorf("theme %q in a light browser", got)
		}
		if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}}); err != nil {
			t.Fatal(err)
		}
		p.do(t, chromedp.Reload())
		p.ready(t)
		if got := eval[string](t, p, `document.documentElement.dataset.theme`); got != "dark" {
			t.Errorf("theme %q in a dark browser", got)
		}
	})

	t.Run("ok, a story chapter sets time, filters, view and highlights", func(t *testing.T) {
		p := b.open(t, "/embed?story=westward&chapter=iran&timeline=0", 900, 600, false)
		s := eval[embedState](t, p, `window.westward.state()`)
		if s.Chapter == nil || *s.Chapter != "iran" || s.Mode != "window" || !reflect.DeepEqual(s.Countries, []string{"IR"}) || len(s.Highlighted) != 7 {
			t.Errorf("chapter %v: mode %s, countries %v, %d highlighted; want iran, window, [IR], 7", s.Chapter, s.Mode, s.Countries, len(s.Highlighted))
		}
		// A chapter that names no actor shows every actor's events (the reach card says so).
		if want := countAPI(t, base, "actor=iskp,is,is_inspired,unclear&country=IR&datetime=../"+s.T); s.Drawn > want || s.Drawn == 0 {
			t.Errorf("%d events drawn for Iran up to %s (the API has %d up to then)", s.Drawn, s.T, want)
		}
	})
}

func TestShare_dialogCodeWorksOnAnotherOrigin(t *testing.T) {
	base := startServer(t)
	b := startBrowser(t, base)
	host := startHost(t)

	p := b.open(t, "/?t=2022-12-31&mode=window&w=12&kind=attack,foiled_plot&map=4/42/40", 1280, 860, false)
	mapState := p.state(t)
	permalink := p.settle(t)

	t.Run("ok, the dialog is a labelled modal with the permalink", func(t *testing.T) {
		p.do(t, chromedp.Click(chromedp.CSS(`#open-share`)))
		type dlg struct {
			Open, Modal        bool
			Label, Focus, Link string
		}
		d := eval[dlg](t, p, `(() => { const d = document.getElementById('share');
			return {Open: d.open, Modal: d.matches(':modal'), Label: document.getElementById(d.getAttribute('aria-labelledby')).textContent,
				Focus: document.activeElement.id, Link: document.getElementById('share-link').value}; })()`)
		if !d.Open || !d.Modal || d.Label != "Share this view" || d.Focus != "share-link" {
			t.Errorf("dialog %+v, want an open modal labelled 'Share this view' with the link focused", d)
		}
		if d.Link != permalink {
			t.Errorf("permalink %s, want the page's URL %s", d.Link, permalink)
		}
		for i := range 30 {
			p.do(t, chromedp.KeyEvent(kb.Tab))
			if !eval[bool](t, p, `document.getElementById('share').contains(document.activeElement)`) {
				t.Fatalf("Tab %d left the dialog for %s", i+1, eval[string](t, p, `document.activeElement.outerHTML.slice(0, 80)`))
			}
		}
		p.do(t, chromedp.KeyEvent(kb.Escape))
		if eval[bool](t, p, `document.getElementById('share').open`) || eval[string](t, p, `document.activeElement.id`) != "open-share" {
			t.Error("Escape did not close the dialog and return to the Share button")
		}
	})

	p.do(t, chromedp.Click(chromedp.CSS(`#open-share`)))
	fixed := eval[string](t, p, `document.getElementById('share-code').value`)
	p.screenshot(t, "share-dialog.png")
	p.do(t, chromedp.Click(chromedp.CSS(`#embed-responsive`)))
	responsive := eval[string](t, p, `document.getElementById('share-code').value`)

	t.Run("ok, the embed code is an iframe of this view with a link to the full map", func(t *testing.T) {
		for _, want := range []string{`<iframe src="` + base + `/embed?`, `title="Westward map: `, `width="100%"`, `height="600"`,
			`loading="lazy"`, `frameborder="0"`, `t=2022-12-31`, `kind=attack,foiled_plot`, `map=4/42/40`, `>View the full map</a>`} {
			if !strings.Contains(fixed, want) {
				t.Errorf("the embed code lacks %s:\n%s", want, fixed)
			}
		}
		for _, want := range []string{`<div data-westward-embed><iframe `, `height=auto`, `<script src="` + base + `/embed.js" async></script>`} {
			if !strings.Contains(responsive, want) {
				t.Errorf("the responsive code lacks %s:\n%s", want, responsive)
			}
		}
	})

	t.Run("ok, the dialog fits a 360 px phone", func(t *testing.T) {
		p := b.open(t, "/?t=2022-12-31", 360, 740, true)
		p.do(t, chromedp.Click(chromedp.CSS(`#open-share`)))
		type fit struct{ Left, Right, Overflow float64 }
		got := eval[fit](t, p, `(() => { const d = document.getElementById('share'); const r = d.getBoundingClientRect();
			return {Left: r.left, Right: r.right, Overflow: d.scrollWidth - d.clientWidth}; })()`)
		if got.Left < 0 || got.Right > 360 || got.Overflow > 0 {
			t.Errorf("the dialog does not fit the phone: %+v", got)
		}
		p.screenshot(t, "share-dialog-phone.png")
	})

	allowed := []string{hostOf(t, base), hostOf(t, host.srv.URL)}
	t.Run("ok, the iframe on another origin shows the same view", func(t *testing.T) {
		h := b.watch(t, host.put("fixed", fixed), 1100, 900, false, allowed...)
		s := frameState(t, h.page)
		if s.T != mapState.T || s.Mode != mapState.Mode || s.Win != mapState.Win || !reflect.DeepEqual(s.Kinds, mapState.Kinds) ||
			!reflect.DeepEqual(s.View, mapState.View) || s.Drawn != mapState.Drawn {
			t.Errorf("the embed shows %+v, the map showed %+v", s.pageState, mapState)
		}
		if got := eval[float64](t, h.page, `document.querySelector('iframe').getBoundingClientRect().height`); got != 600 {
			t.Errorf("the fixed iframe is %g px high, want 600", got)
		}
	})

	t.Run("ok, the responsive iframe takes the height the embed reports", func(t *testing.T) {
		res, err := http.Get(base + "/embed.js")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
			t.Fatalf("GET /embed.js: %s %s; the server must serve static/embed.js (static/static.go's go:embed needs *.js)", res.Status, res.Header.Get("Content-Type"))
		}
		h := b.watch(t, host.put("responsive", responsive), 1100, 900, false, allowed...)
		s := frameState(t, h.page)
		if s.Embed == nil || !s.Embed.AutoHeight {
			t.Fatalf("the embed is not in auto-height mode: %+v", s.Embed)
		}
		content := frameEval[float64](t, h.page, `Math.ceil(document.body.getBoundingClientRect().height)`)
		got := eval[float64](t, h.page, `new Promise((resolve) => { const f = document.querySelector('iframe'); let n = 0;
			const check = () => { const hh = f.getBoundingClientRect().height; if (hh !== 600 || ++n > 100) resolve(hh); else setTimeout(check, 50); }; check(); })`)
		reported := eval[[]float64](t, h.page, `window.heights`)
		if got == 600 || got != content || len(reported) == 0 || reported[len(reported)-1] != content {
			t.Errorf("iframe %g px, embed content %g px, reported %v: the iframe must take the reported content height", got, content, reported)
		}
		// Messages from another origin or of another shape change nothing.
		frameEval[bool](t, h.page, `(parent.postMessage({type: 'westward:height', height: '900'}, '*'),
			parent.postMessage({type: 'westward:resize', height: 900}, '*'), parent.postMessage('westward:height 900', '*'), true)`)
		eval[bool](t, h.page, `(window.postMessage({type: 'westward:height', height: 321}, '*'), true)`)
		time.Sleep(400 * time.Millisecond)
		if after := eval[float64](t, h.page, `document.querySelector('iframe').getBoundingClientRect().height`); after != got {
			t.Errorf("a stray message resized the iframe from %g to %g px", got, after)
		}
		h.screenshot(t, "embed-host.png")
	})
}

func TestEmbed_oEmbed(t *testing.T) {
	base := startServer(t)
	b := startBrowser(t, base)
	host := startHost(t)
	view := base + "/?t=2024-03-31&mode=window&w=6&country=RU,IR,TR&map=4/45/48"
	type oembed struct {
		Version      string `json:"version"`
		Type         string `json:"type"`
		ProviderName string `json:"provider_name"`
		ProviderURL  string `json:"provider_url"`
		Title        string `json:"title"`
		HTML         string `json:"html"`
		Width        int    `json:"width"`
		Height       int    `json:"height"`
	}
	get := func(t *testing.T, query string) (*http.Response, oembed) {
		t.Helper()
		res, err := http.Get(base + "/oembed?" + query)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var o oembed
		body, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode == 200 {
			if err := json.Unmarshal(body, &o); err != nil {
				t.Fatalf("%s: %v", body, err)
			}
		}
		return res, o
	}

	var answer oembed
	t.Run("ok, a map URL gets a rich response framing the embed of the same view", func(t *testing.T) {
		res, o := get(t, "format=json&url="+url.QueryEscape(view))
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("status %d, type %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if o.Version != "1.0" || o.Type != "rich" || o.ProviderName != "Westward" || o.ProviderURL != base+"/" || o.Width <= 0 || o.Height <= 0 || o.Title == "" {
			t.Errorf("response %+v", o)
		}
		if !strings.Contains(o.HTML, `<iframe src="`+base+`/embed?t=2024-03-31&amp;mode=window`) {
			t.Errorf("html %s does not frame the embed of the view", o.HTML)
		}
		answer = o
	})
	t.Run("ok, maxwidth bounds the width", func(t *testing.T) {
		if _, o := get(t, "format=json&maxwidth=500&url="+url.QueryEscape(view)); o.Width != 500 {
			t.Errorf("width %d, want 500", o.Width)
		}
	})
	t.Run("nok, an unsupported format is 501", func(t *testing.T) {
		if res, _ := get(t, "format=xml&url="+url.QueryEscape(view)); res.StatusCode != 501 {
			t.Errorf("status %d, want 501", res.StatusCode)
		}
	})
	t.Run("ok, its html on another origin shows that view", func(t *testing.T) {
		if answer.HTML == "" {
			t.Skip("no oEmbed answer")
		}
		h := b.watch(t, host.put("oembed", answer.HTML), 1000, 800, false, hostOf(t, base), hostOf(t, host.srv.URL))
		s := frameState(t, h.page)
		if s.T != "2024-03-31" || s.Mode != "window" || s.Win != 6 || !reflect.DeepEqual(s.Countries, []string{"IR", "RU", "TR"}) ||
			s.View == nil || s.View.Zoom != 4 || s.View.Lat != 45 || s.View.Lng != 48 {
			t.Errorf("the oEmbed frame shows %+v", s.pageState)
		}
		if want := countAPI(t, base, "country=RU,IR,TR&datetime=2023-10-01/2024-03-31"); s.Drawn != want {
			t.Errorf("%d drawn, the API has %d", s.Drawn, want)
		}
	})
}

func TestStory_navigation(t *testing.T) {
	base := startServer(t)
	b := startBrowser(t, base)
	chapters := storyChapters(t, base)
	story := func(p *page) embedState { return eval[embedState](t, p, `window.westward.state()`) }
	heading := func(p *page) string {
		return eval[string](t, p, `document.getElementById('chapter-title').textContent`)
	}

	t.Run("ok, the keyboard walks the chapters and the URL keeps the chapter", func(t *testing.T) {
		p := b.open(t, "/story", 1440, 900, false)
		if s := story(p); s.Chapter == nil || *s.Chapter != chapters[0].ID || s.Index != 0 || s.Chapters != len(chapters) {
			t.Fatalf("opened on %+v, want chapter %s of %d", s.Chapter, chapters[0].ID, len(chapters))
		}
		if got := eval[string](t, p, `document.getElementById('progress-text').textContent`); got != fmt.Sprintf("1 / %d", len(chapters)) {
			t.Errorf("progress reads %q", got)
		}
		p.do(t, chromedp.KeyEvent(kb.ArrowRight))
		s := story(p)
		loc := p.settle(t)
		if s.Chapter == nil || *s.Chapter != chapters[1].ID || heading(p) != chapters[1].Title {
			t.Fatalf("→ showed %v %q, want %s", s.Chapter, heading(p), chapters[1].ID)
		}
		if u, _ := url.Parse(loc); u.Query().Get("chapter") != chapters[1].ID {
			t.Errorf("the URL %s does not name chapter %s", loc, chapters[1].ID)
		}
		if !reflect.DeepEqual(s.Highlighted, chapters[1].Events) {
			t.Errorf("highlighted %v, want the chapter's events %v", s.Highlighted, chapters[1].Events)
		}
		if want := "2021-07-31"; chapters[1].Datetime == "2018/2021-07" && s.T != want {
			t.Errorf("chapter 2 shows %s, want %s", s.T, want)
		}
		p.do(t, chromedp.Navigate(loc))
		p.ready(t)
		if s := story(p); s.Chapter == nil || *s.Chapter != chapters[1].ID {
			t.Errorf("after reload the story shows %v, want %s", s.Chapter, chapters[1].ID)
		}
		p.do(t, chromedp.KeyEvent(kb.ArrowLeft))
		if s := story(p); s.Index != 0 {
			t.Errorf("← went to chapter %d, want 0", s.Index)
		}
		p.do(t, chromedp.KeyEvent(kb.PageDown), chromedp.KeyEvent(kb.PageDown))
		if s := story(p); s.Index != 2 {
			t.Errorf("PageDown twice went to chapter %d, want 2", s.Index)
		}
		p.do(t, chromedp.KeyEvent(kb.PageUp))
		if s := story(p); s.Index != 1 {
			t.Errorf("PageUp went to chapter %d, want 1", s.Index)
		}
		p.do(t, chromedp.Click(chromedp.CSS(`#next-chapter`)))
		if s := story(p); s.Index != 2 {
			t.Errorf("Next went to chapter %d, want 2", s.Index)
		}
	})

	last := chapters[len(chapters)-1]
	t.Run("ok, a deep link opens its chapter and its events open with their sources", func(t *testing.T) {
		p := b.open(t, "/story?chapter=iran", 1440, 900, false)
		s := story(p)
		if s.Chapter == nil || *s.Chapter != "iran" || s.Mode != "window" || !reflect.DeepEqual(s.Countries, []string{"IR"}) {
			t.Fatalf("deep link showed %+v", s)
		}
		if got := eval[string](t, p, `document.getElementById('progress-text').textContent`); got != fmt.Sprintf("5 / %d", len(chapters)) {
			t.Errorf("progress reads %q", got)
		}
		p.do(t, chromedp.Click(chromedp.CSS(`.cited-event`)), chromedp.Sleep(300*time.Millisecond))
		s = story(p)
		text := eval[string](t, p, `document.getElementById('panel').hidden ? '' : document.getElementById('panel').textContent`)
		if s.Sel == nil || !strings.Contains(text, "Source") {
			t.Errorf("clicking a cited event selected %v and the panel reads %.80q", s.Sel, text)
		}
		p.screenshot(t, "story.png")
		p.do(t, chromedp.KeyEvent(kb.Escape), chromedp.KeyEvent(kb.End))
		if s := story(p); s.Chapter == nil || *s.Chapter != last.ID {
			t.Errorf("End went to %v, want %s", s.Chapter, last.ID)
		}
	})

	t.Run("ok, presenter mode toggles with P", func(t *testing.T) {
		p := b.open(t, "/story?chapter=early-2024", 1440, 900, false)
		p.do(t, chromedp.KeyEvent("p"), chromedp.Sleep(500*time.Millisecond))
		if !eval[bool](t, p, `document.body.classList.contains('is-presenting') && window.westward.state().presenting`) {
			t.Fatal("P did not enter presenter mode")
		}
		if got := eval[string](t, p, `getComputedStyle(document.querySelector('.narrative p')).fontSize`); got != "22px" {
			t.Errorf("presenter narrative is %s, want 22px", got)
		}
		p.screenshot(t, "story-presenter.png")
		p.do(t, chromedp.KeyEvent("p"), chromedp.Sleep(300*time.Millisecond))
		if eval[bool](t, p, `document.body.classList.contains('is-presenting')`) {
			t.Error("P did not leave presenter mode")
		}
		p.do(t, chromedp.Click(chromedp.CSS(`#presenter`)), chromedp.Sleep(300*time.Millisecond))
		if eval[string](t, p, `document.getElementById('presenter').getAttribute('aria-pressed')`) != "true" {
			t.Error("the Present button does not say it is pressed")
		}
	})

	t.Run("ok, a 360 px phone shows the map, the chapter and the buttons", func(t *testing.T) {
		p := b.open(t, "/story?chapter=turkey", 360, 740, true)
		if overflow := eval[int](t, p, `document.documentElement.scrollWidth - window.innerWidth`); overflow > 0 {
			t.Errorf("the page is %d px wider than the screen", overflow)
		}
		type box struct{ Left, Right, Top, Bottom, W, H float64 }
		for _, sel := range []string{"#prev-chapter", "#next-chapter", "#chapter-select", "#map", "#chapter-title", "#presenter"} {
			b := eval[box](t, p, `(() => { const r = document.querySelector('`+sel+`').getBoundingClientRect(); return {Left: r.left, Right: r.right, Top: r.top, Bottom: r.bottom, W: r.width, H: r.height}; })()`)
			if b.W == 0 || b.H == 0 || b.Left < 0 || b.Right > 360 || b.Top < 0 || b.Bottom > 740 {
				t.Errorf("%s is not on screen: %+v", sel, b)
			}
		}
		p.screenshot(t, "story-phone.png")
	})

	t.Run("ok, printing lays out every chapter with its map", func(t *testing.T) {
		p := b.open(t, "/story", 1000, 1300, false)
		if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		type printed struct{ Chapters, Maps, Paths, Marks int }
		// The print media query reports its change on a later frame: wait for the print view.
		got := eval[printed](t, p, `new Promise((resolve) => { let n = 0; const check = () => {
			const count = (sel) => document.querySelectorAll(sel).length;
			if (count('.print-chapter') === 0 && ++n < 100) { setTimeout(check, 50); return; }
			resolve({Chapters: count('.print-chapter'), Maps: count('.print-chapter svg.snapshot'),
				Paths: count('.print-chapter svg.snapshot path'), Marks: count('.print-chapter svg.snapshot circle')}); }; check(); })`)
		if got.Chapters != len(chapters) || got.Maps != len(chapters) || got.Paths < len(chapters) || got.Marks < len(chapters) {
			t.Errorf("print view %+v, want %d chapters each with a drawn map", got, len(chapters))
		}
		p.screenshot(t, "story-print.png")
		yes := true
		pdf, err := chromedp.Call(p.ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PrintBackground: &yes, PreferCSSPageSize: &yes})
		if err != nil {
			t.Fatal(err)
		}
		// A title page, then one page per chapter.
		if pages := regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf.Data, -1); len(pages) != len(chapters)+1 {
			t.Errorf("the printout has %d pages, want %d", len(pages), len(chapters)+1)
		}
		dir := os.Getenv("WESTWARD_ARTIFACTS")
		if dir == "" {
			dir = filepath.Join("testdata", "screenshots")
		}
		if err := os.WriteFile(filepath.Join(dir, "story-print.pdf"), pdf.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	})
}

// TestBrowser_exportedSite serves `westward export` with a plain file server, from a
// sub-folder, and checks that the map, the story and the embed work without any /api request.
func TestBrowser_exportedSite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	dbPath := filepath.Join(t.TempDir(), "w.db")
	if err := run(context.Background(), []string{"export", "--db", dbPath, dir}, noEnv, io.Discard, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	var fc apiCollection
	raw, err := os.ReadFile(filepath.Join(dir, "data", "events.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &fc); err != nil || len(fc.Features) == 0 {
		t.Fatalf("events.geojson: %v (%d features)", err, len(fc.Features))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/usb/westward/", http.StripPrefix("/usb/westward/", http.FileServer(http.Dir(dir))))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	base := "http://" + ln.Addr().String()
	b := startBrowser(t, base)
	noAPI := func(t *testing.T, w *watchedPage) {
		t.Helper()
		reqs := w.requested()
		if len(reqs) == 0 {
			t.Fatal("no request recorded")
		}
		for _, r := range reqs {
			u, err := url.Parse(r)
			if err != nil || strings.HasPrefix(u.Path, "/api") || strings.Contains(u.Path, "/api/") || (u.Host != "" && u.Host != ln.Addr().String()) {
				t.Errorf("the exported site requested %s", r)
			}
		}
	}

	t.Run("ok, the map shows every event", func(t *testing.T) {
		w := b.watch(t, base+"/usb/westward/", 1280, 800, false, ln.Addr().String())
		w.ready(t)
		iskp := 0
		for _, f := range fc.Features {
			if f.Properties.Actor == "iskp" {
				iskp++
			}
		}
		if s := w.state(t); s.Drawn != iskp || s.Total != len(fc.Features) {
			t.Errorf("drawn %d of %d, want ISKP's %d of %d", s.Drawn, s.Total, iskp, len(fc.Features))
		}
		if n := eval[int](t, w.page, `document.querySelectorAll('.country-label').length`); n == 0 {
			t.Error("no basemap labels: the basemap did not load")
		}
		noAPI(t, w)
	})
	t.Run("ok, the story shows its chapters", func(t *testing.T) {
		w := b.watch(t, base+"/usb/westward/story.html", 1280, 800, false, ln.Addr().String())
		w.ready(t)
		first := eval[embedState](t, w.page, `window.westward.state()`)
		w.do(t, chromedp.KeyEvent(kb.ArrowRight))
		second := eval[embedState](t, w.page, `window.westward.state()`)
		if first.Chapters != 10 || first.Index != 0 || second.Index != 1 || eval[string](t, w.page, `document.getElementById('chapter-title').textContent`) == "" {
			t.Errorf("story: %d chapters, index %d then %d", first.Chapters, first.Index, second.Index)
		}
		noAPI(t, w)
	})
	t.Run("ok, the embed reads its options", func(t *testing.T) {
		w := b.watch(t, base+"/usb/westward/embed.html?t=2022-06-30&theme=dark&legend=0", 800, 500, false, ln.Addr().String())
		w.ready(t)
		if s := w.state(t); s.T != "2022-06-30" || s.Drawn == 0 {
			t.Errorf("embed state %+v", s)
		}
		noAPI(t, w)
	})
}

// TestShare_frontEndRules holds the new pages and modules to the map's rules: no inline
// script or style, nothing from other hosts, data rendered as text.
func TestShare_frontEndRules(t *testing.T) {
	html := []*regexp.Regexp{
		regexp.MustCompile(`<script(?:\s+type="module")?\s*>`),
		regexp.MustCompile(`\sstyle=`),
		regexp.MustCompile(`\son[a-z]+=`),
		regexp.MustCompile(`<style`),
		regexp.MustCompile(`(?:src|href)="(?:https?:)?//`),
		regexp.MustCompile(`(?:src|href)="/`),
	}
	js := []*regexp.Regexp{
		regexp.MustCompile(`\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write`),
		regexp.MustCompile(`\beval\(|new Function\(|setTimeout\(\s*['"]`),
		regexp.MustCompile(`bindPopup\(`),
		regexp.MustCompile(`fetch\(\s*['"\x60]/`),
		regexp.MustCompile(`https?://(?:[a-z]+\.)*(?:cdn|unpkg|googleapis|jsdelivr)`),
	}
	tests := []sourceRule{
		{"ok, pages have no inline script or style and only relative URLs", "static/*.html", html},
		{"ok, the shared scripts build the DOM from text and fetch relative URLs", "static/js/core/*.js", js},
		{"ok, the map's scripts build the DOM from text and fetch relative URLs", "static/js/map/*.js", js},
		{"ok, the map's and story's pages build the DOM from text and fetch relative URLs", "static/js/pages/[is]*.js", js},
		{"ok, the story's scripts build the DOM from text", "static/js/story/*.js", js},
		{"ok, the host-page script builds no markup", "static/embed.js", js},
		{"ok, styles load nothing from elsewhere", "static/css/*.css", []*regexp.Regexp{regexp.MustCompile(`@import|url\(\s*['"]?(?:https?:)?//`)}},
	}
	checkSources(t, tests, io.Discard, func(f string) bool { return strings.HasSuffix(f, "editor.html") })
}
