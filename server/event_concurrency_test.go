package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestWrite_concurrentPatchesToDifferentFieldsBothSurvive sends pairs of PATCHes to different
// fields of one event at the same moment: each answered 200 must still be there afterwards,
// because the merge happens inside the single writer transaction.
func TestWrite_concurrentPatchesToDifferentFieldsBothSurvive(t *testing.T) {
	ed := newEditing(t)
	id := fixtureEvents()[0].ID
	target := "/api/collections/events/items/" + id
	lost := 0
	const pairs = 100
	for i := range pairs {
		var wg sync.WaitGroup
		start := make(chan struct{})
		codes := make([]int, 2)
		for k, body := range []string{
			fmt.Sprintf(`{"properties":{"title":"Title %d"}}`, i),
			fmt.Sprintf(`{"properties":{"summary":"Summary %d."}}`, i),
		} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				codes[k] = ed.do(http.MethodPatch, target, body, ed.asEditor()).Code
			}()
		}
		close(start)
		wg.Wait()
		if codes[0] != http.StatusOK || codes[1] != http.StatusOK {
			t.Fatalf("pair %d: %v, want both 200", i, codes)
		}
		var f struct {
			Properties struct{ Title, Summary string } `json:"properties"`
		}
		rec := ed.do(http.MethodGet, target, "", nil)
		if err := json.Unmarshal(rec.Body.Bytes(), &f); err != nil {
			t.Fatal(err)
		}
		if f.Properties.Title != fmt.Sprintf("Title %d", i) || f.Properties.Summary != fmt.Sprintf("Summary %d.", i) {
			lost++
		}
	}
	if lost != 0 {
		t.Errorf("%d of %d pairs lost an acknowledged change", lost, pairs)
	}
}

// TestWrite_ifMatch checks optimistic concurrency (OGC API – Features Part 4 with HTTP
// preconditions): the ETag of a read is accepted until the event changes, whatever else
// changes meanwhile; a stale one gets 412 and changes nothing, on every write route.
func TestWrite_ifMatch(t *testing.T) {
	ed := newEditing(t)
	events := fixtureEvents()
	id, other := events[0].ID, events[1].ID
	target := "/api/collections/events/items/" + id
	with := func(tag string) map[string]string {
		h := ed.asEditor()
		h["If-Match"] = tag
		return h
	}
	read := ed.do(http.MethodGet, target, "", nil)
	tag := read.Header().Get("ETag")
	if read.Code != http.StatusOK || tag == "" {
		t.Fatalf("GET: %d, ETag %q", read.Code, tag)
	}

	// Another event changes: this event's tag still holds.
	if rec := ed.do(http.MethodPatch, "/api/collections/events/items/"+other, `{"properties":{"title":"Elsewhere"}}`, ed.asEditor()); rec.Code != http.StatusOK {
		t.Fatalf("patch other: %d %s", rec.Code, rec.Body)
	}
	first := ed.do(http.MethodPatch, target, `{"properties":{"title":"First"}}`, with(tag))
	if first.Code != http.StatusOK || first.Header().Get("ETag") == "" || first.Header().Get("ETag") == tag {
		t.Fatalf("patch with a current tag: %d (ETag %q) %s", first.Code, first.Header().Get("ETag"), first.Body)
	}
	if got := ed.do(http.MethodGet, target, "", nil).Header().Get("ETag"); got != first.Header().Get("ETag") {
		t.Errorf("the write answered ETag %q, a GET now answers %q", first.Header().Get("ETag"), got)
	}

	// The old tag is now stale on every write route, and nothing changes.
	for _, tc := range []struct{ name, method, target, body string }{
		{"nok, PATCH", http.MethodPatch, target, `{"properties":{"title":"Second"}}`},
		{"nok, PUT", http.MethodPut, target, eventJSON(t, events[0])},
		{"nok, DELETE", http.MethodDelete, target, ``},
		{"nok, restore", http.MethodPost, target + "/history/1/restore", ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := ed.do(tc.method, tc.target, tc.body, with(tag))
			if p := wantProblem(t, rec, http.StatusPreconditionFailed, "If-Match"); p.Detail == "" {
				t.Error("the 412 does not say what happened")
			}
			var f struct {
				Properties struct{ Title string } `json:"properties"`
			}
			json.Unmarshal(ed.do(http.MethodGet, target, "", nil).Body.Bytes(), &f)
			if f.Properties.Title != "First" {
				t.Errorf("a refused write changed the event: title %q", f.Properties.Title)
			}
		})
	}

	t.Run("ok, the tag a write answered, and *", func(t *testing.T) {
		if rec := ed.do(http.MethodPatch, target, `{"properties":{"title":"Third"}}`, with(first.Header().Get("ETag"))); rec.Code != http.StatusOK {
			t.Errorf("with the write's own tag: %d %s", rec.Code, rec.Body)
		}
		if rec := ed.do(http.MethodPatch, target, `{"properties":{"title":"Fourth"}}`, with("*")); rec.Code != http.StatusOK {
			t.Errorf("with *: %d %s", rec.Code, rec.Body)
		}
		if rec := ed.do(http.MethodPatch, target, `{"properties":{"title":"Fifth"}}`, with(`"stale", `+ed.do(http.MethodGet, target, "", nil).Header().Get("ETag"))); rec.Code != http.StatusOK {
			t.Errorf("with a list holding a current tag: %d %s", rec.Code, rec.Body)
		}
	})
	t.Run("nok, a tag this server never gave", func(t *testing.T) {
		wantProblem(t, ed.do(http.MethodPatch, target, `{"properties":{"title":"X"}}`, with(`"banana"`)), http.StatusBadRequest, "If-Match")
	})
}
