package server

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// TestExport_dataFilesAreTheRoutesAnswers holds each data file of a static export to the
// answer of the route it stands for, and the events file to every event with no paging links.
func TestExport_dataFilesAreTheRoutesAnswers(t *testing.T) {
	srv, _ := newTestServer(t)
	dir := filepath.Join(t.TempDir(), "site")
	n, err := srv.Export(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(allIDs) {
		t.Errorf("Export reports %d events, want %d", n, len(allIDs))
	}
	for target, name := range ExportFiles {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		if target == itemsRoute {
			var fc featureCollection
			if err := json.Unmarshal(b, &fc); err != nil {
				t.Fatal(err)
			}
			ids := fc.ids()
			slices.Sort(ids)
			want := slices.Sorted(slices.Values(allIDs))
			if !slices.Equal(ids, want) || fc.NumberMatched != len(want) || fc.NumberReturned != len(want) || len(fc.Links) != 0 {
				t.Errorf("%s: ids %v, matched %d, returned %d, %d links; want %v, %d, %d, none",
					name, ids, fc.NumberMatched, fc.NumberReturned, len(fc.Links), want, len(want), len(want))
			}
			continue
		}
		if want := get(t, srv, target).Body.Bytes(); !bytes.Equal(b, want) {
			t.Errorf("%s differs from GET %s:\n%s\nwant\n%s", name, target, b, want)
		}
	}
	if _, err := srv.Export(context.Background(), dir); err == nil {
		t.Error("an export into a folder that is not empty must be refused")
	}
}

// TestExport_pageReadsTheExportedFiles holds the front end's one list of data URLs
// (static/js/core/data.js DATA: each API request and its exported file) equal to ExportFiles,
// so that an exported page reads exactly the files an export writes.
func TestExport_pageReadsTheExportedFiles(t *testing.T) {
	src, err := os.ReadFile("../static/js/core/data.js")
	if err != nil {
		t.Fatal(err)
	}
	entry := regexp.MustCompile(`(?m)^\s*\w+: \{ api: '([^']+)', file: '([^']+)' \},?$`)
	page := map[string]string{}
	for _, m := range entry.FindAllSubmatch(src, -1) {
		page["/"+string(m[1])] = string(m[2])
	}
	if len(page) == 0 {
		t.Fatal("data.js lists no data URLs")
	}
	for target, file := range ExportFiles {
		if got, ok := page[target]; !ok || got != file {
			t.Errorf("ExportFiles[%q] = %q; data.js has %q (listed: %v)", target, file, got, ok)
		}
	}
	for target, file := range page {
		if _, ok := ExportFiles[target]; !ok {
			t.Errorf("data.js reads %s from %s, which ExportFiles does not write", target, file)
		}
	}
}
