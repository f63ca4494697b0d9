package server

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/westward/westward/geo"
)

func TestStories(t *testing.T) {
	srv, db := newTestServer(t)
	ctx := context.Background()
	sources := fixtureSources()
	events := fixtureEvents()
	story := geo.Story{ID: "demo", Title: "Demo", Chapters: []geo.Chapter{
		{ID: "one", Title: "One", Narrative: "First.", Datetime: "2015/2020", Mode: "cumulative",
			View: geo.View{Center: [2]float64{60, 35}, Zoom: 4}, Events: []string{events[0].ID}, Filters: map[string]string{"actor": "iskp"}},
		{ID: "two", Title: "Two", Narrative: "Second.", Datetime: "2024-03", Mode: "window",
			View: geo.View{Center: [2]float64{37.6, 55.8}, Zoom: 6}, Events: []string{events[1].ID, events[2].ID}},
	}}
	if _, err := db.ReplaceDataset(ctx, storeDataset(sources, events, story)); err != nil {
		t.Fatal(err)
	}
	var list struct{ Stories []geo.Story }
	decode(t, get(t, srv, "/api/stories"), &list)
	if len(list.Stories) != 1 || len(list.Stories[0].Chapters) != 2 || list.Stories[0].Chapters[1].Events[1] != events[2].ID ||
		list.Stories[0].Chapters[0].Filters["actor"] != "iskp" || list.Stories[0].Chapters[1].View.Zoom != 6 {
		t.Errorf("stories = %+v", list.Stories)
	}
	if rec := get(t, srv, "/api/stories/nope"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown story: %d", rec.Code)
	}
	bad := story
	bad.Chapters = slices.Clone(story.Chapters)
	bad.Chapters[0].Events = []string{"no-such-event"}
	if _, err := db.ReplaceDataset(ctx, storeDataset(sources, events, bad)); err == nil {
		t.Error("a story citing a missing event was accepted")
	}
	decode(t, get(t, srv, "/api/stories/demo"), &story)
	if story.Chapters[0].Events[0] != events[0].ID {
		t.Errorf("the failed load changed the stored story: %+v", story)
	}
}
