package server

import (
	"encoding/json"
	"net/http"
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
