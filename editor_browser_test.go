package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The editor's browser tests sign in as a real editor on the real server, drive the form as
// an editor would, and check each change in the public API. They reuse the map's browser
// (startBrowser) and page helpers (do, eval, screenshot).

func TestEditor_browserAddsCorrectsRestoresAndDeletes(t *testing.T) {
	site := startEditorSite(t)
	b := startBrowser(t, site.base)
	source := editorSourceID(t, site.base)
	const id = "kerman-memorial-bombing-test-2024"
	const title = "Twin bombings at the Kerman memorial procession"
	itemPath := "/api/collections/events/items/" + id
	p := b.editorOpen(t, "/editor", 1280, 900, false,
		editorExpect{"/api/me", http.StatusUnauthorized},
		editorExpect{"/api/login", http.StatusUnauthorized},
		editorExpect{itemPath, http.StatusBadRequest},
	)

	t.Run("nok, a wrong password is refused on the form", func(t *testing.T) {
		p.screenshot(t, "editor-login.png")
		editorSignIn(t, p, site.username, "not the password")
		editorWait(t, p, `document.querySelector('.login-error').textContent !== ''`, "the sign-in error")
		if msg := eval[string](t, p, `document.querySelector('.login-error').textContent`); !strings.Contains(msg, "wrong user name or password") {
			t.Errorf("the sign-in error reads %q", msg)
		}
	})

	t.Run("ok, signing in shows every event", func(t *testing.T) {
		editorSignIn(t, p, site.username, editorPassword)
		total := countAPI(t, site.base, "actor=iskp,is,is_inspired,unclear")
		editorWait(t, p, fmt.Sprintf(`document.querySelectorAll('#event-rows .event-row').length === %d`, min(total, 200)), "the event list")
		if who := eval[string](t, p, `document.getElementById('who').textContent`); !strings.Contains(who, "edith") {
			t.Errorf("the header shows %q, want the user name", who)
		}
		editorType(t, p, `#event-search`, "Kerman")
		want := countAPI(t, site.base, "actor=iskp,is,is_inspired,unclear&q=Kerman")
		editorWait(t, p, fmt.Sprintf(`document.getElementById('list-summary').textContent.includes('matching') && document.querySelectorAll('#event-rows .event-row').length === %d`, want), "the search")
		if want == 0 || want == total {
			t.Errorf("the search for Kerman matches %d of %d events; want some, not all", want, total)
		}
		editorType(t, p, `#event-search`, " ")
		editorWait(t, p, fmt.Sprintf(`document.querySelectorAll('#event-rows .event-row').length === %d`, min(total, 200)), "the full list again")
	})

	t.Run("ok, a new event made through the form reaches the public API", func(t *testing.T) {
		editorClick(t, p, `#new-event`)
		editorWait(t, p, `!document.getElementById('work-inner').hidden && document.getElementById('form-title').textContent === 'New event'`, "the empty form")
		editorType(t, p, `[data-param="title"]`, title)
		editorType(t, p, `[data-param="id"]`, id)
		editorType(t, p, `[data-param="summary"]`, "Two suicide bombers struck the crowd at the memorial for Qasem Soleimani in Kerman.")
		editorSet(t, p, `[data-param="kind"]`, "attack")
		editorSet(t, p, `[data-param="actor"]`, "iskp")
		editorSet(t, p, `[data-param="attribution"]`, "claimed")
		editorType(t, p, `.date-group[data-param="date"] .ed-input-day`, "3")
		editorSet(t, p, `.date-group[data-param="date"] .date-month select`, "01")
		editorType(t, p, `.date-group[data-param="date"] .ed-input-year`, "2024")
		if got := eval[string](t, p, `document.querySelector('.date-group[data-param="date"] .date-label').textContent`); got != "3 January 2024" {
			t.Errorf("the date reads %q, want 3 January 2024", got)
		}

		editorType(t, p, `#event-place`, "Kerman")
		editorWait(t, p, `document.querySelector('#event-place').getAttribute('aria-expanded') === 'true' && document.querySelectorAll('.ed-field-place .geocode-option').length > 0`, "place candidates")
		candidates := eval[[]string](t, p, `[...document.querySelectorAll('.ed-field-place .geocode-option')].map((o) => o.textContent)`)
		if !strings.Contains(candidates[0], "Iran (IR)") || !strings.Contains(candidates[0], "city") {
			t.Errorf("the first candidate for Kerman is %q, want the Iranian city", candidates[0])
		}
		if credit := eval[string](t, p, `document.querySelector('.ed-field-place .geocode-credit').textContent`); credit != "Place names: GeoNames, CC BY 4.0" {
			t.Errorf("the gazetteer credit reads %q", credit)
		}
		p.screenshot(t, "editor-geocode.png")
		p.do(t, chromedp.Click(chromedp.CSS(`.ed-field-place .geocode-option[data-country="IR"]`)))
		picked := editorJS[map[string]string](t, p, `() => ({
			place: document.querySelector('[data-param="place"]').value,
			country: document.querySelector('[data-param="country"]').value,
			precision: document.querySelector('[data-param="location_precision"]').value,
			lat: document.querySelector('[data-param="geometry"] input[name="lat"]').value,
			lon: document.querySelector('[data-param="geometry"] input[name="lon"]').value,
			pin: String(document.querySelectorAll('.minimap .minimap-pin').length),
		})`)
		if picked["place"] != "Kerman" || picked["country"] != "IR" || picked["precision"] != "city" || picked["lat"] == "" || picked["lon"] == "" || picked["pin"] != "1" {
			t.Errorf("picking Kerman filled %v", picked)
		}

		editorSet(t, p, `[data-param="sources[0].source"]`, source)
		editorType(t, p, `[data-param="sources[0].quotes[0]"]`, "two explosions near the cemetery in Kerman killed dozens")
		if wc := eval[string](t, p, `document.querySelector('[data-param="sources[0].quotes[0]"]').closest('.ed-field').querySelector('.word-count').textContent`); wc != "9 of 30 words" {
			t.Errorf("the word count reads %q, want 9 of 30 words", wc)
		}
		editorClick(t, p, `[data-param="sources[0].figures"] .ed-add`)
		editorSet(t, p, `[data-param="sources[0].figures[0].measure"]`, "killed")
		editorType(t, p, `[data-param="sources[0].figures[0].value"]`, "95")
		editorSet(t, p, `[data-param="sources[0].figures[0].qualifier"]`, "at_least")
		editorType(t, p, `[data-param="tags"]`, "kerman, browser-test")
		p.screenshot(t, "editor-form.png")

		editorSave(t, p, "is-ok: Created.")
		got, ok := editorFetch(t, site.base, id)
		if !ok {
			t.Fatal("the new event is not in the API")
		}
		pr := got.Properties
		if pr.Title != title || pr.Place != "Kerman" || pr.Country != "IR" || pr.Date != "2024-01-03" || pr.Kind != "attack" || pr.LocationPrecision != "city" {
			t.Errorf("the API has %+v", pr)
		}
		if c := got.Geometry.Coordinates; len(c) != 2 || math.Abs(c[0]-57.08) > 0.05 || math.Abs(c[1]-30.28) > 0.05 {
			t.Errorf("the point is %v, want Kerman's (57.08, 30.28)", c)
		}
		if len(pr.Sources) != 1 || pr.Sources[0].Source != source || len(pr.Sources[0].Quotes) != 1 || !strings.HasPrefix(pr.Sources[0].Quotes[0], "two explosions") ||
			len(pr.Sources[0].Figures) != 1 || pr.Sources[0].Figures[0].Value != 95 || pr.Sources[0].Figures[0].Qualifier != "at_least" {
			t.Errorf("the API has the sources %+v", pr.Sources)
		}
		if strings.Join(pr.Tags, ",") != "browser-test,kerman" {
			t.Errorf("tags %v", pr.Tags)
		}
		editorWait(t, p, fmt.Sprintf(`document.querySelector('#event-rows .event-row[data-id=%q][aria-current="true"]') !== null`, id), "the new event in the list")
		editorWait(t, p, `document.querySelectorAll('#history-list .revision').length === 1`, "one revision")
		if loc := eval[string](t, p, `location.search`); loc != "?event="+id {
			t.Errorf("the URL keeps %q, want ?event=%s", loc, id)
		}
		if meta := eval[string](t, p, `document.getElementById('last-changed').textContent`); !strings.HasPrefix(meta, "Last changed") {
			t.Errorf("the form says %q, want when it last changed", meta)
		}
	})

	t.Run("ok, dragging the pin moves the point, and Discard puts it back", func(t *testing.T) {
		type point struct{ X, Y float64 }
		pin := editorJS[point](t, p, `() => {
			document.querySelector('.minimap').scrollIntoView({ block: 'center' });
			const r = document.querySelector('.minimap .minimap-pin').getBoundingClientRect();
			return { X: r.left + r.width / 2, Y: r.top + r.height / 2 };
		}`)
		before := eval[string](t, p, `document.querySelector('input[name="lat"]').value + ',' + document.querySelector('input[name="lon"]').value`)
		p.do(t, chromedp.MouseEvent("mousePressed", pin.X, pin.Y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
		for k := 1; k <= 6; k++ {
			p.do(t, chromedp.MouseEvent("mouseMoved", pin.X+float64(10*k), pin.Y+float64(6*k), chromedp.ButtonLeft))
		}
		p.do(t, chromedp.MouseEvent("mouseReleased", pin.X+60, pin.Y+36, chromedp.ButtonLeft, chromedp.ClickCount(1)))
		after := eval[string](t, p, `document.querySelector('input[name="lat"]').value + ',' + document.querySelector('input[name="lon"]').value`)
		var lat0, lon0, lat1, lon1 float64
		if _, err := fmt.Sscanf(before+","+after, "%g,%g,%g,%g", &lat0, &lon0, &lat1, &lon1); err != nil {
			t.Fatalf("coordinates %q then %q: %v", before, after, err)
		}
		if !(lat1 < lat0 && lon1 > lon0) {
			t.Errorf("dragging the pin right and down moved the point from %s to %s", before, after)
		}
		if eval[bool](t, p, `document.getElementById('discard-event').disabled`) {
			t.Error("Discard is disabled after the pin moved")
		}
		p.do(t, chromedp.Click(chromedp.CSS(`#discard-event`)))
		if got := eval[string](t, p, `document.querySelector('input[name="lat"]').value + ',' + document.querySelector('input[name="lon"]').value`); got != before {
			t.Errorf("after Discard the point is %s, want %s", got, before)
		}
	})

	t.Run("nok, an empty title is shown next to the title and focused", func(t *testing.T) {
		editorType(t, p, `[data-param="title"]`, "")
		editorSave(t, p, "is-error")
		state := editorJS[map[string]string](t, p, `() => {
			const input = document.querySelector('[data-param="title"]');
			const err = input.closest('.ed-field').querySelector('.ed-error');
			return { error: err.hidden ? '' : err.textContent, focused: String(document.activeElement === input),
				invalid: input.getAttribute('aria-invalid') || '', described: String((input.getAttribute('aria-describedby') || '').includes(err.id)) };
		}`)
		if state["error"] != "is required" || state["focused"] != "true" || state["invalid"] != "true" || state["described"] != "true" {
			t.Errorf("after saving without a title: %v", state)
		}
		p.screenshot(t, "editor-validation.png")
		if got, _ := editorFetch(t, site.base, id); got.Properties.Title != title {
			t.Errorf("the refused save changed the title to %q", got.Properties.Title)
		}
	})

	t.Run("ok, an edit is saved and shows in the history", func(t *testing.T) {
		editorType(t, p, `[data-param="title"]`, title+" (corrected)")
		editorSave(t, p, "is-ok: Saved.")
		if got, _ := editorFetch(t, site.base, id); got.Properties.Title != title+" (corrected)" {
			t.Errorf("the API title is %q after the edit", got.Properties.Title)
		}
		editorWait(t, p, `document.querySelectorAll('#history-list .revision').length === 2`, "two revisions")
		revs := eval[[]string](t, p, `[...document.querySelectorAll('#history-list .revision')].map((r) => r.textContent)`)
		if !strings.Contains(revs[0], "Revision 2") || !strings.Contains(revs[0], "Changed title") || !strings.Contains(revs[0], "by "+editorDisplayName) ||
			!strings.Contains(revs[1], "Revision 1") || !strings.Contains(revs[1], "Created") {
			t.Errorf("the history reads %q", revs)
		}
		editorWait(t, p, `document.getElementById('last-changed').textContent.includes('by `+editorDisplayName+`')`, "who changed it last")
		p.screenshot(t, "editor-history.png")
	})

	t.Run("ok, revision 1 can be viewed and restored", func(t *testing.T) {
		editorClick(t, p, `.revision[data-revision="1"] .view-revision`)
		editorWait(t, p, `document.querySelector('dialog.dialog-revision[open] .revision-details') !== null`, "revision 1")
		text := eval[string](t, p, `document.querySelector('dialog.dialog-revision[open]').textContent`)
		if !strings.Contains(text, title) || strings.Contains(text, "(corrected)") || !strings.Contains(text, "two explosions") {
			t.Errorf("revision 1 shows %q", text)
		}
		p.screenshot(t, "editor-revision.png")
		p.do(t, chromedp.Click(chromedp.CSS(`dialog.dialog-revision[open] .dialog-close`)))
		editorClick(t, p, `.revision[data-revision="1"] .restore-revision`)
		editorConfirm(t, p)
		editorWait(t, p, `document.getElementById('form-status').classList.contains('is-ok') && document.querySelectorAll('#history-list .revision').length === 3`, "the restore")
		if got, _ := editorFetch(t, site.base, id); got.Properties.Title != title {
			t.Errorf("after restoring revision 1 the API title is %q, want %q", got.Properties.Title, title)
		}
		if v := eval[string](t, p, `document.querySelector('[data-param="title"]').value`); v != title {
			t.Errorf("after restoring the form shows %q", v)
		}
		if a := eval[string](t, p, `document.querySelector('#history-list .revision').dataset.action`); a != "restore" {
			t.Errorf("the newest revision is a %q, want restore", a)
		}
	})

	t.Run("ok, a point outside its country is saved only once confirmed", func(t *testing.T) {
		editorType(t, p, `[data-param="country"]`, "TR")
		editorSave(t, p, "")
		text := editorJS[string](t, p, `() => { const d = document.querySelector('dialog.dialog-ask[open]'); return d ? d.textContent : ''; }`)
		if !strings.Contains(text, "outside TR") || !strings.Contains(text, "it is in IR") {
			t.Fatalf("no confirmation for a point outside its country: %q", text)
		}
		p.screenshot(t, "editor-outside-country.png")
		editorConfirm(t, p)
		editorWait(t, p, `document.getElementById('form-status').classList.contains('is-ok')`, "the confirmed save")
		if got, _ := editorFetch(t, site.base, id); got.Properties.Country != "TR" {
			t.Errorf("the API country is %q after confirming, want TR", got.Properties.Country)
		}
	})

	t.Run("ok, a deleted event leaves the API and keeps its history", func(t *testing.T) {
		editorClick(t, p, `#delete-event`)
		editorConfirm(t, p)
		editorWait(t, p, `!document.getElementById('deleted-note').hidden && document.querySelector('#history-list .revision[data-action="delete"]') !== null`, "the deletion")
		if _, ok := editorFetch(t, site.base, id); ok {
			t.Error("the deleted event is still in the API")
		}
		editorWait(t, p, fmt.Sprintf(`document.querySelector('#event-rows .event-row[data-id=%q]') === null`, id), "the event to leave the list")
		if n := eval[int](t, p, `document.querySelectorAll('#history-list .restore-revision').length`); n != 4 {
			t.Errorf("%d revisions offer a restore after the delete, want the 4 before it", n)
		}
		p.screenshot(t, "editor-deleted.png")
	})

	t.Run("ok, an import is checked first and applied only without rejects", func(t *testing.T) {
		dir := t.TempDir()
		header := "id,title,summary,date,end_date,kind,actor,attribution,place,country,longitude,latitude,location_precision,tags,notes,source,quote,killed,injured,detained\n"
		good := "import-browser-test,Arrests in Tehran after an import,Police detained four people.,2023-05-02,,arrest,iskp,alleged,Tehran,IR,51.42,35.69,city,import-test,," + source + ",police detained four suspects in Tehran,,,4\n"
		bad := "import-browser-bad,A row with a bad date,Summary.,2023-13-02,,arrest,iskp,alleged,Tehran,IR,51.42,35.69,city,,," + source + ",a quote,,,\n"
		withReject := filepath.Join(dir, "with-reject.csv")
		clean := filepath.Join(dir, "clean.csv")
		if err := os.WriteFile(withReject, []byte(header+good+bad), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(clean, []byte(header+good), 0o600); err != nil {
			t.Fatal(err)
		}
		p.do(t, chromedp.Click(chromedp.CSS(`#open-import`)))
		editorWait(t, p, `document.querySelector('dialog.dialog-import[open]') !== null`, "the import dialog")
		p.do(t, chromedp.SetUploadFiles(chromedp.CSS(`#import-file`), []string{withReject}))
		editorWait(t, p, `!document.getElementById('import-check').disabled`, "the file to be chosen")
		if f := eval[string](t, p, `document.getElementById('import-format').value`); f != "csv" {
			t.Errorf("a .csv file is taken as %q", f)
		}
		p.do(t, chromedp.Click(chromedp.CSS(`#import-check`)))
		editorWait(t, p, `document.querySelector('#import-report .import-summary') !== null`, "the dry run")
		report := eval[string](t, p, `document.getElementById('import-report').innerText`)
		if !strings.Contains(report, "1 would be added") || !strings.Contains(report, "1 rejected") ||
			!strings.Contains(report, "import-browser-bad") || !strings.Contains(report, "2023-13-02") || !strings.Contains(report, "import-browser-test") ||
			strings.Contains(report, "null") {
			t.Errorf("the dry run reads %q", report)
		}
		if run := editorJS[map[string]any](t, p, `() => { const b = document.getElementById('import-run'); return { disabled: b.disabled, text: b.textContent }; }`); run["disabled"] != true || run["text"] != "Import" {
			t.Errorf("with a rejected row the import button is %v; want a disabled Import", run)
		}
		p.screenshot(t, "editor-import.png")
		if _, ok := editorFetch(t, site.base, "import-browser-test"); ok {
			t.Fatal("the dry run imported the event")
		}
		p.do(t, chromedp.SetUploadFiles(chromedp.CSS(`#import-file`), []string{clean}))
		p.do(t, chromedp.Click(chromedp.CSS(`#import-check`)))
		editorWait(t, p, `!document.getElementById('import-run').disabled`, "a clean dry run")
		if label := eval[string](t, p, `document.getElementById('import-run').textContent`); label != "Import 1 event" {
			t.Errorf("the import button reads %q", label)
		}
		p.do(t, chromedp.Click(chromedp.CSS(`#import-run`)))
		editorWait(t, p, `document.getElementById('import-report').innerText.includes('1 were added')`, "the import")
		got, ok := editorFetch(t, site.base, "import-browser-test")
		if !ok || got.Properties.Title != "Arrests in Tehran after an import" {
			t.Errorf("after the import the API has %+v (found %v)", got.Properties, ok)
		}
		p.do(t, chromedp.Click(chromedp.CSS(`dialog.dialog-import[open] .dialog-close`)))
		editorWait(t, p, `document.querySelector('#event-rows .event-row[data-id="import-browser-test"]') !== null`, "the imported event in the list")
	})

	t.Run("ok, a 360 px phone gets the list, then the whole form", func(t *testing.T) {
		// The seeded events have no recorded history yet: the server answers 404.
		phone := b.editorOpen(t, "/editor", 360, 740, true, editorExpect{"/api/collections/events/items/*/history", http.StatusNotFound})
		editorWait(t, phone, `document.querySelectorAll('#event-rows .event-row').length > 0`, "the list on a phone")
		if overflow := eval[int](t, phone, `document.documentElement.scrollWidth - window.innerWidth`); overflow > 0 {
			t.Errorf("the list is %d px wider than the screen", overflow)
		}
		phone.screenshot(t, "editor-phone-list.png")
		phone.do(t, chromedp.Click(chromedp.CSS(`#event-rows .event-row`)))
		editorWait(t, phone, `!document.getElementById('work-inner').hidden && document.querySelector('[data-param="title"]').value !== ''`, "the form on a phone")
		outside := eval[[]string](t, phone, `[...document.querySelectorAll('#event-form input, #event-form select, #event-form textarea, #event-form button')]
			.filter((n) => n.offsetParent !== null)
			.filter((n) => { const r = n.getBoundingClientRect(); return r.width === 0 || r.left < 0 || r.right > window.innerWidth; })
			.map((n) => n.dataset.param || n.name || n.id || n.textContent)`)
		if len(outside) > 0 {
			t.Errorf("controls not within the 360 px screen: %v", outside)
		}
		if eval[bool](t, phone, `getComputedStyle(document.getElementById('event-list')).display !== 'none'`) {
			t.Error("the list still covers the screen under the form")
		}
		phone.screenshot(t, "editor-phone-form.png")
		phone.do(t, chromedp.Click(chromedp.CSS(`.back-button`)))
		editorWait(t, phone, `getComputedStyle(document.getElementById('event-list')).display !== 'none'`, "the list again")
	})
}

// xssCorpus is markup and script in every shape a field might be mistaken for.
var xssCorpus = []string{
	`<img src=x onerror="window.__xss=1">`,
	`<script>window.__xss=1</script>`,
	`"><svg onload=window.__xss=1>`,
	`javascript:window.__xss=1`,
	`{{constructor.constructor('window.__xss=1')()}}`,
}

func TestEditor_hostileTextStaysText(t *testing.T) {
	site := startEditorSite(t)
	source := editorSourceID(t, site.base)
	const id = "hostile-text-check"
	feature := func(title string) map[string]any {
		quotes := make([]string, len(xssCorpus))
		copy(quotes, xssCorpus)
		return map[string]any{
			"type": "Feature", "id": id,
			"geometry": map[string]any{"type": "Point", "coordinates": []float64{57.07879, 30.28321}},
			"properties": map[string]any{
				"title": title, "summary": strings.Join(xssCorpus, " "), "date": "2024-01-03",
				"kind": "attack", "actor": "iskp", "attribution": "claimed",
				"place": xssCorpus[2], "country": "IR", "location_precision": "city",
				"tags":  []string{"xss-check"},
				"notes": xssCorpus[1] + " " + xssCorpus[4],
				"sources": []map[string]any{{"source": source, "quotes": quotes,
					"figures": []map[string]any{{"measure": "killed", "value": 3, "qualifier": "about", "subject": xssCorpus[3]}}}},
				"links": []map[string]any{{"role": "origin", "place": xssCorpus[3], "country": "AF",
					"coordinates": []float64{69.18, 34.52}, "location_precision": "city", "source": source, "quote": xssCorpus[0]}},
			},
		}
	}
	send := func(method, path string, body any, want int) {
		t.Helper()
		req, err := http.NewRequest(method, site.base+path, strings.NewReader(mustJSON(t, body)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+site.token)
		req.Header.Set("Content-Type", "application/geo+json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		msg, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != want {
			t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, msg)
		}
	}
	send(http.MethodPost, "/api/collections/events/items", feature(xssCorpus[0]), http.StatusCreated)
	send(http.MethodPut, "/api/collections/events/items/"+id, feature(xssCorpus[2]), http.StatusOK)

	b := startBrowser(t, site.base)
	// noScriptRan waits for late handlers (an image's onerror fires after its load fails),
	// then checks that none of the payloads ran.
	noScriptRan := func(t *testing.T, p *page, where string) {
		t.Helper()
		time.Sleep(400 * time.Millisecond)
		if ran := eval[bool](t, p, `typeof window.__xss !== 'undefined'`); ran {
			t.Errorf("%s: a payload ran", where)
		}
		if n := eval[int](t, p, `document.querySelectorAll('img[src="x"], svg[onload], body script:not([src])').length`); n != 0 {
			t.Errorf("%s: %d elements were made from data", where, n)
		}
	}
	visible := func(t *testing.T, p *page, sel, where string, want ...string) {
		t.Helper()
		text := editorJS[string](t, p, `(sel) => { const n = document.querySelector(sel); return n ? n.innerText : ''; }`, sel)
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q is not shown as text in %s", where, w, sel)
			}
		}
	}

	t.Run("ok, the editor's list, form and history show the payloads as text", func(t *testing.T) {
		p := b.editorOpen(t, "/editor", 1280, 900, false, editorExpect{"/api/me", http.StatusUnauthorized})
		editorSignIn(t, p, site.username, editorPassword)
		editorWait(t, p, fmt.Sprintf(`document.querySelector('#event-rows .event-row[data-id=%q]') !== null`, id), "the event in the list")
		visible(t, p, fmt.Sprintf(`#event-rows .event-row[data-id=%q]`, id), "list", xssCorpus[2])
		noScriptRan(t, p, "list")
		editorClick(t, p, fmt.Sprintf(`#event-rows .event-row[data-id=%q]`, id))
		editorWait(t, p, `document.querySelectorAll('#history-list .revision').length === 2`, "the form and its history")
		values := editorJS[map[string]string](t, p, `() => Object.fromEntries([...document.querySelectorAll('#event-form [data-param]')]
			.filter((n) => 'value' in n && n.tagName !== 'BUTTON' && n.tagName !== 'FIELDSET').map((n) => [n.dataset.param, n.value]))`)
		wantValues := map[string]string{
			"title": xssCorpus[2], "summary": strings.Join(xssCorpus, " "), "place": xssCorpus[2],
			"notes": xssCorpus[1] + " " + xssCorpus[4], "links[0].place": xssCorpus[3], "links[0].quote": xssCorpus[0],
			"sources[0].figures[0].subject": xssCorpus[3],
		}
		for i, q := range xssCorpus {
			wantValues[fmt.Sprintf("sources[0].quotes[%d]", i)] = q
		}
		for k, v := range wantValues {
			if values[k] != v {
				t.Errorf("form field %s holds %q, want %q", k, values[k], v)
			}
		}
		visible(t, p, `#form-title`, "form heading", xssCorpus[2])
		noScriptRan(t, p, "form")
		p.screenshot(t, "editor-xss-form.png")
		editorClick(t, p, `.revision[data-revision="1"] .view-revision`)
		editorWait(t, p, `document.querySelector('dialog.dialog-revision[open] .revision-details') !== null`, "revision 1")
		visible(t, p, `dialog.dialog-revision[open]`, "revision", append([]string{xssCorpus[0], xssCorpus[1] + " " + xssCorpus[4]}, xssCorpus...)...)
		noScriptRan(t, p, "revision")
		p.screenshot(t, "editor-xss-revision.png")
	})

	t.Run("ok, the public map's panel and list show the payloads as text", func(t *testing.T) {
		p := b.open(t, "/?event="+url.QueryEscape(id), 1440, 900, false)
		editorWait(t, p, `!document.getElementById('panel').hidden`, "the event panel")
		visible(t, p, `#panel`, "panel", xssCorpus...)
		noScriptRan(t, p, "panel")
		visible(t, p, `#panel`, "panel", "Last changed")
		p.do(t, chromedp.Click(chromedp.CSS(`#panel .change-log-toggle`)))
		editorWait(t, p, `document.querySelector('#panel .change-log li') !== null`, "the public change log")
		visible(t, p, `#panel .change-log`, "public change log", "create by "+editorDisplayName)
		if log := eval[string](t, p, `document.querySelector('#panel .change-log').textContent`); strings.Contains(log, site.username) {
			t.Errorf("the public change log names the login name %q: %q", site.username, log)
		}
		p.screenshot(t, "editor-xss-map-panel.png")
		p.do(t, chromedp.Click(chromedp.CSS(`#tab-list`)))
		editorWait(t, p, fmt.Sprintf(`document.querySelector('.event-list .event-row[data-id=%q]') !== null`, id), "the public list")
		visible(t, p, fmt.Sprintf(`.event-list .event-row[data-id=%q]`, id), "public list", xssCorpus[2])
		noScriptRan(t, p, "public list")
	})

	for _, at := range []string{"/embed?event=" + url.QueryEscape(id), "/story"} {
		t.Run("ok, "+at+" shows the payloads as text where it has them", func(t *testing.T) {
			res, err := http.Get(site.base + at)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode == http.StatusNotFound {
				t.Skipf("%s is not served yet", at)
			}
			p := b.editorOpen(t, at, 1280, 800, false)
			if eval[bool](t, p, `(() => { const panel = document.getElementById('panel'); return panel !== null && !panel.hidden; })()`) {
				visible(t, p, `#panel`, at+" panel", xssCorpus...)
			}
			noScriptRan(t, p, at)
			p.screenshot(t, "editor-xss-"+strings.Trim(strings.SplitN(at, "?", 2)[0], "/")+".png")
		})
	}
}

// TestEditor_frontEndRules holds the editor's files to the page's rules: no inline script or
// style, nothing loaded from elsewhere, data rendered as text, and a size budget.
func TestEditor_frontEndRules(t *testing.T) {
	var own bytes.Buffer
	tests := []sourceRule{
		{"ok, editor.html has no inline script or style", "static/editor.html", []*regexp.Regexp{
			regexp.MustCompile(`<script(?:\s+type="module")?\s*>`),
			regexp.MustCompile(`\sstyle=`),
			regexp.MustCompile(`\son[a-z]+=`),
			regexp.MustCompile(`<style`),
			regexp.MustCompile(`(?:src|href)="(?:https?:)?//`),
		}},
		{"ok, the editor's scripts build the DOM from text and talk to this origin only", "static/js/editor/*.js", []*regexp.Regexp{
			regexp.MustCompile(`\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser`),
			regexp.MustCompile(`\beval\(|new Function\(|setTimeout\(\s*['"]|setInterval\(\s*['"]`),
			regexp.MustCompile(`bindPopup\(|bindTooltip\(|setAttribute\(\s*['"](?:style|on[a-z]+)['"]`),
			regexp.MustCompile(`https?://|fetch\(\s*['"]//`),
			regexp.MustCompile(`window\.confirm|\balert\(|\bprompt\(`),
		}},
		{"ok, the editor's page builds the DOM from text and talks to this origin only", "static/js/pages/editor.js", []*regexp.Regexp{
			regexp.MustCompile(`\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser`),
			regexp.MustCompile(`\beval\(|new Function\(|setTimeout\(\s*['"]|setInterval\(\s*['"]`),
			regexp.MustCompile(`bindPopup\(|bindTooltip\(|setAttribute\(\s*['"](?:style|on[a-z]+)['"]`),
			regexp.MustCompile(`https?://|fetch\(\s*['"]//`),
			regexp.MustCompile(`window\.confirm|\balert\(|\bprompt\(`),
		}},
		{"ok, the editor's styles load nothing from elsewhere", "static/css/editor.css", []*regexp.Regexp{
			regexp.MustCompile(`@import|url\(`),
		}},
	}
	checkSources(t, tests, &own, nil)
	t.Run("ok, every module the page loads is preloaded", func(t *testing.T) {
		html, err := os.ReadFile("static/editor.html")
		if err != nil {
			t.Fatal(err)
		}
		files, err := filepath.Glob("static/js/editor/*.js")
		if err != nil || len(files) == 0 {
			t.Fatalf("no editor modules (%v)", err)
		}
		for _, f := range append(files, "static/js/pages/editor.js") {
			rel := filepath.ToSlash(strings.TrimPrefix(f, "static"))
			if want := `href="` + rel + `"`; !bytes.Contains(html, []byte(want)) {
				t.Errorf("editor.html does not preload %s", rel)
			}
		}
	})
	t.Run("ok, the editor's JavaScript and CSS fit in 40 KB gzipped", func(t *testing.T) {
		if n := gzippedSize(t, own.Bytes()); own.Len() == 0 || n > 40*1024 {
			t.Errorf("%d bytes of editor JS and CSS, %d gzipped; want some, at most 40 KB", own.Len(), n)
		}
	})
}
