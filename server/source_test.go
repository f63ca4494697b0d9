package server

import (
	"testing"

	"github.com/westward/westward/geo"
)

// TestSources checks the sources list, ordered by id, with authors and dates.
func TestSources(t *testing.T) {
	srv, _ := newTestServer(t)
	var body struct {
		Sources []geo.Source `json:"sources"`
	}
	getJSON(t, srv, "/api/sources", "application/json", &body)
	want := fixtureSources()
	if got, w := mustJSON(t, body.Sources), mustJSON(t, want); got != w {
		t.Errorf("sources\n got %s\nwant %s", got, w)
	}
}
