package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/westward/westward/server/importer"
)

func TestImport_overHTTP(t *testing.T) {
	ed := newEditing(t)
	src := fixtureSources()[0].ID
	csvFile := "id,title,summary,date,kind,actor,attribution,place,country,location_precision,source,quote,killed\n" +
		"csv-one,Imported one,A summary.,2024-02,attack,iskp,claimed,Kerman,IR,city," + src + ",a quote,3\n" +
		"csv-two,=HYPERLINK(x),Another.,2023,threat,unclear,alleged,Turkey,TR,country," + src + ",another quote,\n"
	header := ed.asEditor()
	header["Content-Type"] = "text/csv"
	rec := ed.do(http.MethodPost, "/api/import?format=csv&dry_run=true", csvFile, header)
	var rep importer.Report
	json.Unmarshal(rec.Body.Bytes(), &rep)
	if rec.Code != http.StatusOK || !rep.DryRun || len(rep.Added) != 2 || len(rep.Rejected) != 0 {
		t.Fatalf("dry run: %d %s", rec.Code, rec.Body)
	}
	if get(t, ed.srv, "/api/collections/events/items/csv-one").Code != http.StatusNotFound {
		t.Fatal("the dry run wrote")
	}
	bad := csvFile + "csv-three,Bad,Bad.,2024-13,attack,iskp,claimed,Kerman,IR,city," + src + ",q,\n"
	rec = ed.do(http.MethodPost, "/api/import?format=csv", bad, header)
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"line":4`) {
		t.Fatalf("import with a bad row: %d %s", rec.Code, rec.Body)
	}
	if get(t, ed.srv, "/api/collections/events/items/csv-one").Code != http.StatusNotFound {
		t.Fatal("a refused import wrote")
	}
	rec = ed.do(http.MethodPost, "/api/import?format=csv", csvFile, header)
	json.Unmarshal(rec.Body.Bytes(), &rep)
	if rec.Code != http.StatusOK || len(rep.Added) != 2 {
		t.Fatalf("import: %d %s", rec.Code, rec.Body)
	}
	var f struct {
		Geometry   struct{ Coordinates []float64 }
		Properties map[string]any
	}
	decode(t, get(t, ed.srv, "/api/collections/events/items/csv-one"), &f)
	if lon := f.Geometry.Coordinates[0]; lon < 56.9 || lon > 57.2 || f.Properties["location_precision"] != "city" {
		t.Errorf("Kerman was geocoded to %v (%v)", f.Geometry.Coordinates, f.Properties["location_precision"])
	}
	csvOut := get(t, ed.srv, "/api/collections/events/items.csv?q=hyperlink").Body.String()
	if !strings.Contains(csvOut, "'=HYPERLINK") {
		t.Errorf("the CSV export does not neutralise a formula from an import:\n%s", csvOut)
	}
	rec = ed.do(http.MethodPost, "/api/import?format=csv", csvFile, header)
	json.Unmarshal(rec.Body.Bytes(), &rep)
	if len(rep.Unchanged) != 2 || len(rep.Added)+len(rep.Updated) != 0 {
		t.Errorf("importing the same file again: %s", rec.Body)
	}
	wantProblem(t, ed.do(http.MethodPost, "/api/import?format=xls", csvFile, header), http.StatusBadRequest, "format")
}

// importCSV is a CSV of n new events citing src, for the import tests.
func importCSV(src string, n int) string {
	var b strings.Builder
	b.WriteString("id,title,summary,date,kind,actor,attribution,place,country,location_precision,source,quote,killed\n")
	for i := range n {
		fmt.Fprintf(&b, "csv-%d,Imported %d,A summary of event %d.,2024-02,attack,iskp,claimed,Kerman,IR,city,%s,a quote,3\n", i, i, i, src)
	}
	return b.String()
}

// TestImport_tooLarge checks that a file over the import limit is answered 413 as a problem,
// whether its length is declared or only found by reading (a chunked upload), and that
// nothing of it is imported.
func TestImport_tooLarge(t *testing.T) {
	ed := newEditing(t)
	file := importCSV(fixtureSources()[0].ID, 20)
	ed.srv.cfg.ImportMaxBytes = int64(len(file)) - 1
	tests := []struct {
		name   string
		body   io.Reader
		status int
	}{
		{"nok, declared length over the limit", strings.NewReader(file), http.StatusRequestEntityTooLarge},
		{"nok, unknown length over the limit", io.MultiReader(strings.NewReader(file)), http.StatusRequestEntityTooLarge},
		{"ok, unknown length within the limit", io.MultiReader(strings.NewReader(file[:strings.LastIndex(file[:len(file)-1], "\n")+1])), http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/api/import?format=csv&dry_run=true", tt.body)
			for k, v := range ed.asEditor() {
				req.Header.Set(k, v)
			}
			req.Header.Set("Content-Type", "text/csv")
			rec := httptest.NewRecorder()
			ed.srv.ServeHTTP(rec, req)
			if tt.status != http.StatusOK {
				p := wantProblem(t, rec, tt.status, "")
				if !strings.Contains(p.Detail, "larger than the import limit") {
					t.Errorf("detail %q", p.Detail)
				}
			} else if rec.Code != tt.status {
				t.Fatalf("status %d, want %d\n%s", rec.Code, tt.status, rec.Body)
			}
		})
	}
	if n, _ := ed.db.CountEvents(t.Context()); n != len(fixtureEvents()) {
		t.Errorf("%d events after refused imports, want %d", n, len(fixtureEvents()))
	}
}

// TestImport_outOfStorage fills the database (SQLite's max_page_count, as a full disk would):
// an import is answered 507 "the server is out of storage" and changes nothing.
func TestImport_outOfStorage(t *testing.T) {
	ed := newEditing(t)
	ctx := t.Context()
	before, _ := ed.db.CountEvents(ctx)
	version := ed.db.Version()
	if err := ed.db.SetMaxSize(ctx, 0); err != nil {
		t.Fatal(err)
	}
	header := ed.asEditor()
	header["Content-Type"] = "text/csv"
	rec := ed.do(http.MethodPost, "/api/import?format=csv", importCSV(fixtureSources()[0].ID, 300), header)
	p := wantProblem(t, rec, http.StatusInsufficientStorage, "")
	if p.Detail != "the server is out of storage" {
		t.Errorf("detail %q", p.Detail)
	}
	if after, _ := ed.db.CountEvents(ctx); after != before || ed.db.Version() != version {
		t.Errorf("the failed import changed the data: %d→%d events, version %d→%d", before, after, version, ed.db.Version())
	}
	if got := get(t, ed.srv, "/api/collections/events/items/csv-0"); got.Code != http.StatusNotFound {
		t.Errorf("an event of the failed import: %d", got.Code)
	}
}
