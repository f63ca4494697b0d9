package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestEditor_editorsNeverLoseWork drives issue 12's editor side: two tabs editing one event
// (the second save meets the conflict view, reapplies, and both changes survive), an import
// with a bad row previewed and then imported with its valid rows only, and a new event whose
// id the form derives from its date, place and kind as the importer would.
func TestEditor_editorsNeverLoseWork(t *testing.T) {
	site := startEditorSite(t)
	b := startBrowser(t, site.base)
	source := editorSourceID(t, site.base)
	var list struct {
		Features []struct {
			ID string `json:"id"`
		} `json:"features"`
	}
	getJSON(t, site.base+"/api/collections/events/items?limit=1", &list)
	if len(list.Features) != 1 {
		t.Fatal("the seed has no events")
	}
	id := list.Features[0].ID
	itemPath := "/api/collections/events/items/" + id
	first := b.editorOpen(t, "/editor?event="+id, 1280, 900, false,
		editorExpect{"/api/me", http.StatusUnauthorized}, editorExpect{itemPath + "/history", http.StatusNotFound})
	editorSignIn(t, first, site.username, editorPassword)
	editorWait(t, first, `!document.getElementById('work-inner').hidden && document.querySelector('[data-param="title"]') !== null && document.querySelector('[data-param="title"]').value !== ''`, "the event in the first tab")

	t.Run("ok, a second editor's save meets the conflict view, reapplies, and both changes survive", func(t *testing.T) {
		second := b.editorOpen(t, "/editor?event="+id, 1280, 900, false,
			editorExpect{itemPath, http.StatusPreconditionFailed}, editorExpect{itemPath + "/history", http.StatusNotFound})
		editorWait(t, second, `!document.getElementById('work-inner').hidden && document.querySelector('[data-param="title"]') !== null && document.querySelector('[data-param="title"]').value !== ''`, "the event in the second tab")
		before, _ := editorFetch(t, site.base, id)
		const theirTitle = "Title changed in the first tab"
		const mySummary = "Summary typed in the second tab, which must not be lost."
		// both tabs have the event open; the first saves a new title
		editorType(t, first, `[data-param="title"]`, theirTitle)
		editorSave(t, first, "is-ok: Saved.")
		// the second, opened before that save, changes the summary
		editorType(t, second, `[data-param="summary"]`, mySummary)
		second.do(t, chromedp.Click(chromedp.CSS(`#save-event`)))
		editorWait(t, second, `document.querySelector('dialog#conflict[open]') !== null`, "the conflict view")
		row := editorJS[map[string]string](t, second, `() => {
			const r = document.querySelector('#conflict tr[data-field="title"]');
			return r ? { then: r.querySelector('.conflict-then').textContent, now: r.querySelector('.conflict-now').textContent } : {};
		}`)
		if row["then"] != before.Properties.Title || row["now"] != theirTitle {
			t.Errorf("the conflict view shows the title %v; want %q → %q", row, before.Properties.Title, theirTitle)
		}
		if mine := eval[string](t, second, `document.querySelector('#conflict .conflict-mine').textContent`); mine != "You changed: Summary." {
			t.Errorf("the conflict view says %q of the editor's changes", mine)
		}
		if typed := eval[string](t, second, `document.querySelector('[data-param="summary"]').value`); typed != mySummary {
			t.Errorf("under the conflict view the summary reads %q; the typed text was lost", typed)
		}
		second.screenshot(t, "editor-conflict.png")
		second.do(t, chromedp.Click(chromedp.CSS(`#conflict [data-answer="reapply"]`)))
		editorWait(t, second, `document.getElementById('form-status').classList.contains('is-ok')`, "the reapplied save")
		got, ok := editorFetch(t, site.base, id)
		if !ok || got.Properties.Title != theirTitle || got.Properties.Summary != mySummary {
			t.Errorf("after reapplying the API has title %q and summary %q; want both changes", got.Properties.Title, got.Properties.Summary)
		}
		if shown := eval[string](t, second, `document.querySelector('[data-param="title"]').value`); shown != theirTitle {
			t.Errorf("after reapplying the second tab shows the title %q, want the first tab's", shown)
		}
		// and the second tab's next save carries the new ETag: no conflict with itself
		editorType(t, second, `[data-param="summary"]`, mySummary+" Again.")
		editorSave(t, second, "is-ok: Saved.")
	})

	t.Run("ok, an import with a bad row is previewed, then its valid rows imported", func(t *testing.T) {
		p := first
		dir := t.TempDir()
		header := "id,title,summary,date,kind,actor,attribution,place,country,longitude,latitude,location_precision,source,quote\n"
		good := "skip-browser-good,Arrests in Tehran,Police detained four people.,2023-05-02,arrest,iskp,alleged,Tehran,IR,,,," + source + ",police detained four suspects in Tehran\n"
		bad := "skip-browser-bad,Coordinates without a precision,Summary.,2023-05-03,arrest,iskp,alleged,Tehran,IR,51.42,35.69,," + source + ",a quote\n"
		file := filepath.Join(dir, "one-bad.csv")
		if err := os.WriteFile(file, []byte(header+good+bad), 0o600); err != nil {
			t.Fatal(err)
		}
		p.do(t, chromedp.Click(chromedp.CSS(`#open-import`)))
		editorWait(t, p, `document.querySelector('dialog.dialog-import[open]') !== null`, "the import dialog")
		if href := eval[string](t, p, `document.getElementById('import-template').getAttribute('href')`); href != "/api/import/template.csv" {
			t.Errorf("the template link is %q", href)
		}
		p.do(t, chromedp.Click(chromedp.CSS(`#import-columns summary`)))
		editorWait(t, p, `document.querySelector('#import-columns tr[data-column="location_precision"]') !== null`, "the column reference")
		if n := eval[int](t, p, `document.querySelectorAll('#import-columns tbody tr').length`); n != 21 {
			t.Errorf("the column reference lists %d columns, want 21", n)
		}
		p.do(t, chromedp.SetUploadFiles(chromedp.CSS(`#import-file`), []string{file}))
		editorWait(t, p, `!document.getElementById('import-check').disabled`, "the file to be chosen")
		p.do(t, chromedp.Click(chromedp.CSS(`#import-check`)))
		editorWait(t, p, `document.querySelector('#import-preview') !== null`, "the preview")
		rows := eval[[]string](t, p, `[...document.querySelectorAll('#import-preview tbody tr')].map((r) => [...r.cells].map((c) => c.textContent).join('|'))`)
		if len(rows) != 2 || !strings.HasPrefix(rows[0], "Rejected|3|skip-browser-bad|") || !strings.Contains(rows[0], "location_precision is empty") ||
			rows[1] != "Add||skip-browser-good|" {
			t.Errorf("the preview reads %q", rows)
		}
		if run := eval[bool](t, p, `document.getElementById('import-run').disabled`); !run {
			t.Error("the all-or-nothing import is offered for a file with a rejected row")
		}
		if _, ok := editorFetch(t, site.base, "skip-browser-good"); ok {
			t.Fatal("the dry run imported")
		}
		editorWait(t, p, `!document.getElementById('import-skip').hidden && !document.getElementById('import-skip').disabled`, "the skip-invalid choice")
		p.do(t, chromedp.Click(chromedp.CSS(`#import-skip`)))
		editorWait(t, p, `document.querySelector('dialog.dialog-import .form-status').classList.contains('is-ok')`, "the import")
		if status := eval[string](t, p, `document.querySelector('dialog.dialog-import .form-status').textContent`); !strings.Contains(status, "1 rejected row was skipped") {
			t.Errorf("after the import the status reads %q", status)
		}
		if _, ok := editorFetch(t, site.base, "skip-browser-good"); !ok {
			t.Error("the valid row was not imported")
		}
		if _, ok := editorFetch(t, site.base, "skip-browser-bad"); ok {
			t.Error("the rejected row was imported")
		}
		p.do(t, chromedp.Click(chromedp.CSS(`dialog.dialog-import .dialog-close`)))
	})

	t.Run("ok, a new event's id comes from its date, place and kind until the editor types one", func(t *testing.T) {
		p := first
		editorClick(t, p, `#new-event`)
		editorWait(t, p, `document.getElementById('form-title').textContent === 'New event'`, "the empty form")
		editorType(t, p, `.date-group[data-param="date"] .ed-input-day`, "3")
		editorSet(t, p, `.date-group[data-param="date"] .date-month select`, "01")
		editorType(t, p, `.date-group[data-param="date"] .ed-input-year`, "2024")
		editorType(t, p, `#event-place`, "Kerman")
		editorSet(t, p, `[data-param="kind"]`, "attack")
		editorWait(t, p, `document.querySelector('[data-param="id"]').value === '2024-01-03-kerman-attack'`,
			fmt.Sprintf("the derived id (now %q)", eval[string](t, p, `document.querySelector('[data-param="id"]').value`)))
		editorType(t, p, `[data-param="id"]`, "my-own-id")
		editorSet(t, p, `[data-param="kind"]`, "arrest")
		if got := eval[string](t, p, `document.querySelector('[data-param="id"]').value`); got != "my-own-id" {
			t.Errorf("after the editor typed an id it reads %q", got)
		}
	})
}
