package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/westward/westward/server/importer"
)

// TestImport_skipInvalid imports the valid rows of a file with a bad one when asked to, and
// reports the bad one; the default still imports nothing.
func TestImport_skipInvalid(t *testing.T) {
	ed := newEditing(t)
	src := fixtureSources()[0].ID
	file := "id,title,summary,date,kind,actor,attribution,place,country,source,quote\n" +
		"skip-one,Imported one,A summary.,2024-02,attack,iskp,claimed,Kerman,IR," + src + ",a quote\n" +
		"skip-bad,Bad,Bad.,2024-13,attack,iskp,claimed,Kerman,IR," + src + ",q\n"
	header := ed.asEditor()
	header["Content-Type"] = "text/csv"
	for _, tc := range []struct {
		name, query string
		expectCode  int
		expectFound bool
	}{
		{name: "nok, bad flag", query: "skip_invalid=yes", expectCode: http.StatusBadRequest},
		{name: "ok, all or nothing by default", query: "", expectCode: http.StatusBadRequest},
		{name: "ok, skip_invalid=false is the default", query: "skip_invalid=false", expectCode: http.StatusBadRequest},
		{name: "ok, dry run with skip_invalid writes nothing", query: "dry_run=true&skip_invalid=true", expectCode: http.StatusOK},
		{name: "ok, skip_invalid imports the valid row", query: "skip_invalid=true", expectCode: http.StatusOK, expectFound: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := ed.do(http.MethodPost, "/api/import?format=csv&"+tc.query, file, header)
			if rec.Code != tc.expectCode {
				t.Fatalf("code %d, want %d: %s", rec.Code, tc.expectCode, rec.Body)
			}
			found := get(t, ed.srv, "/api/collections/events/items/skip-one").Code == http.StatusOK
			if found != tc.expectFound {
				t.Fatalf("skip-one stored: %v, want %v", found, tc.expectFound)
			}
			if tc.expectCode != http.StatusOK {
				if tc.query == "skip_invalid=yes" && !strings.Contains(rec.Body.String(), `"skip_invalid"`) {
					t.Errorf("the problem does not name skip_invalid: %s", rec.Body)
				}
				return
			}
			var rep importer.Report
			json.Unmarshal(rec.Body.Bytes(), &rep)
			if len(rep.Added) != 1 || rep.Added[0] != "skip-one" || len(rep.Rejected) != 1 || rep.Rejected[0].Line != 3 || rep.Rejected[0].ID != "skip-bad" {
				t.Errorf("report %s", rec.Body)
			}
			if get(t, ed.srv, "/api/collections/events/items/skip-bad").Code != http.StatusNotFound {
				t.Error("the rejected row was stored")
			}
		})
	}
}

// TestImport_columnsAndTemplate serves the column table and a template whose header is it.
func TestImport_columnsAndTemplate(t *testing.T) {
	ed := newEditing(t)
	var cols []importer.Column
	decode(t, get(t, ed.srv, "/api/import/columns"), &cols)
	if len(cols) != len(importer.Columns) || cols[3].Name != "date" || !cols[3].Required || cols[3].Example == "" {
		t.Fatalf("columns %+v", cols)
	}
	rec := get(t, ed.srv, "/api/import/template.csv")
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") ||
		!strings.HasPrefix(rec.Body.String(), strings.Join(names, ",")+"\n") {
		t.Fatalf("template: %d %q %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
}

// TestImport_derivedID answers the id the importer gives a row without one.
func TestImport_derivedID(t *testing.T) {
	ed := newEditing(t)
	for _, tc := range []struct {
		name, query, expectBody string
		expectCode              int
	}{
		{name: "ok, date place kind", query: "date=2024-03-22&place=Kerman&kind=attack", expectCode: 200, expectBody: `{"id":"2024-03-22-kerman-attack"}`},
		{name: "nok, bad date", query: "date=2024-13&place=Kerman&kind=attack", expectCode: 400, expectBody: `"parameter":"date"`},
		{name: "nok, unknown parameter", query: "date=2024&place=Kerman&kinds=attack", expectCode: 400, expectBody: `kinds`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := ed.do(http.MethodGet, "/api/import/id?"+tc.query, "", ed.asEditor())
			if rec.Code != tc.expectCode || !strings.Contains(rec.Body.String(), tc.expectBody) {
				t.Errorf("%d %s; want %d with %s", rec.Code, rec.Body, tc.expectCode, tc.expectBody)
			}
		})
	}
}
