package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/westward/westward/geo"
)

func TestEdit_historyAndRestore(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	mustReplace(t, db, collect(3, 1))
	alice := &geo.User{ID: 0, Username: "alice", Role: geo.RoleEditor}
	u, err := db.CreateUser(ctx, geo.User{Username: "alice", Role: geo.RoleEditor, DisplayName: "Alice L."}, "hash")
	if err != nil {
		t.Fatal(err)
	}
	alice.ID = u.ID
	v0 := db.Version()

	e := collect(4, 9)[3]
	e.ID, e.Title = "new-event", "First title"
	if err := db.CreateEvent(ctx, e, alice); err != nil {
		t.Fatal(err)
	}
	var ge *geo.Error
	if err := db.CreateEvent(ctx, e, alice); !errors.As(err, &ge) || ge.Code != geo.ECONFLICT {
		t.Errorf("creating it again: %v, want ECONFLICT", err)
	}
	e.Tags = []string{"zulu", "alpha"} // typed out of order: a set, stored sorted
	edited := *e
	edited.Title, edited.Tags = "Second title", []string{"changed"}
	if err := db.ReplaceEvent(ctx, e.ID, &edited, nil, alice); err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceEvent(ctx, e.ID, &edited, nil, alice); err != nil { // the same again: no revision
		t.Fatal(err)
	}
	if got, _ := db.FindEventByID(ctx, e.ID); got.Title != "Second title" {
		t.Errorf("title = %q", got.Title)
	}
	if _, total, _ := db.FindEvents(ctx, geo.EventFilter{Query: "second", Limit: 5}); total != 1 {
		t.Errorf("the text index did not follow the edit: %d matches for 'second'", total)
	}
	if err := db.DeleteEvent(ctx, e.ID, nil, alice); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindEventByID(ctx, e.ID); geo.ErrorCode(err) != geo.ENOTFOUND {
		t.Errorf("after delete: %v", err)
	}
	hist, err := db.History(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []geo.Action
	for _, r := range hist {
		actions = append(actions, r.Action)
		if r.By != "Alice L." { // the display name; the public history never shows the login name
			t.Errorf("revision %d by %q, want the display name", r.Revision, r.By)
		}
	}
	if want := []geo.Action{geo.ActionDelete, geo.ActionUpdate, geo.ActionCreate}; !slices.Equal(actions, want) {
		t.Errorf("history = %v, want %v", actions, want)
	}
	if !slices.Equal(hist[1].Changed, []string{"tags", "title"}) {
		t.Errorf("changed = %v, want [tags title]", hist[1].Changed)
	}
	if err := db.RestoreEvent(ctx, e.ID, 1, nil, alice); err != nil {
		t.Fatal(err)
	}
	if restored, _ := db.History(ctx, e.ID); !slices.Equal(restored[0].Changed, []string{"created"}) && restored[0].Action == geo.ActionRestore {
		t.Errorf("restoring a deleted event records %v", restored[0].Changed)
	}
	if err := db.RestoreEvent(ctx, e.ID, 1, nil, alice); err != nil {
		t.Fatal(err)
	}
	if again, _ := db.History(ctx, e.ID); len(again) != 4 {
		t.Errorf("restoring the revision already in place recorded a change: %v", again[0])
	}
	if got, err := db.FindEventByID(ctx, e.ID); err != nil || got.Title != "First title" {
		t.Errorf("restored: %v %v", got, err)
	}
	if err := db.RestoreEvent(ctx, e.ID, 3, nil, alice); err == nil {
		t.Error("restoring a deletion must fail")
	}
	if db.Version() != v0+4 {
		t.Errorf("version advanced %d times, want 4 (create, update, delete, restore)", db.Version()-v0)
	}
	bad := *e
	bad.Citations = []geo.Citation{{SourceID: "nobody", Quotes: []string{"q"}}}
	if err := db.ReplaceEvent(ctx, e.ID, &bad, nil, alice); !errors.As(err, &ge) || ge.Param != "sources[0].source" {
		t.Errorf("unknown source: %v", err)
	}
}

func TestImportEvents_dryRunAndIdempotence(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	base := collect(5, 1)
	mustReplace(t, db, base)
	v0 := db.Version()
	incoming := collect(8, 2)
	for i, e := range incoming {
		e.ID = base[min(i, 4)].ID // the first five replace, the rest …
		if i >= 5 {
			e.ID = "imported-" + string(rune('a'+i))
		}
	}
	incoming[0] = base[0] // … except the first, identical to what is stored
	res, err := db.ImportEvents(ctx, nil, incoming[:4], nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Unchanged) != 1 || len(res.Updated) != 3 || db.Version() != v0 {
		t.Errorf("dry run: %+v, version %d→%d", res, v0, db.Version())
	}
	if got, _ := db.FindEventByID(ctx, base[1].ID); got.Title != base[1].Title {
		t.Error("the dry run changed an event")
	}
	all := append(incoming[:4:4], incoming[5:]...)
	res, err = db.ImportEvents(ctx, nil, all, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Added) != 3 || len(res.Updated) != 3 || len(res.Unchanged) != 1 || db.Version() != v0+1 {
		t.Errorf("import: %+v, version %d", res, db.Version())
	}
	again, err := db.ImportEvents(ctx, nil, all, nil, false)
	if err != nil || len(again.Unchanged) != len(all) || db.Version() != v0+1 {
		t.Errorf("the same import again must change nothing: %+v %v, version %d", again, err, db.Version())
	}
	broken := append(slices.Clone(all), collect(1, 3)...)
	broken[len(broken)-1].Kind = "bombing"
	before, _ := db.CountEvents(ctx)
	if _, err := db.ImportEvents(ctx, nil, broken, nil, false); err == nil {
		t.Fatal("an import with an invalid event succeeded")
	}
	if after, _ := db.CountEvents(ctx); after != before || db.Version() != v0+1 {
		t.Errorf("a failed import changed the data: %d→%d events", before, after)
	}
}

func TestBackup(t *testing.T) {
	db := MustOpen(t)
	mustReplace(t, db, collect(40, 1))
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	copyDB, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	if n, _ := copyDB.CountEvents(context.Background()); n != 40 {
		t.Errorf("the backup holds %d events, want 40", n)
	}
}

func TestEdit_seededEventsKeepTheirOriginal(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	events := collect(3, 1)
	mustReplace(t, db, events)
	original := *events[0]
	edited := original
	edited.Title = "Changed by mistake"
	if err := db.ReplaceEvent(ctx, original.ID, &edited, nil, nil); err != nil {
		t.Fatal(err)
	}
	hist, err := db.History(ctx, original.ID)
	if err != nil || len(hist) != 2 || hist[1].Action != geo.ActionImport || hist[1].By != "system" {
		t.Fatalf("history after the first edit of a seeded event: %+v %v", hist, err)
	}
	if err := db.RestoreEvent(ctx, original.ID, 1, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindEventByID(ctx, original.ID); got.Title != original.Title {
		t.Errorf("restored title %q, want the seeded %q", got.Title, original.Title)
	}
	if err := db.DeleteEvent(ctx, events[1].ID, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.RestoreEvent(ctx, events[1].ID, 1, nil, nil); err != nil {
		t.Errorf("a seeded event deleted before any edit cannot be restored: %v", err)
	}
}

// TestChangedFieldsSeesRemovals checks that a property an edit takes away (an end date) is
// listed as changed, as well as one it adds or alters.
func TestChangedFieldsSeesRemovals(t *testing.T) {
	old := collect(1, 5)[0]
	end, err := geo.ParseDate("2099-01")
	if err != nil {
		t.Fatal(err)
	}
	old.EndDate = &end
	edited := *old
	edited.EndDate = nil
	edited.Place = "Elsewhere"
	got, err := changedFields(old, &edited)
	if err != nil {
		t.Fatal(err)
	}
	// the label and the end day follow the end date
	if want := []string{"date_label", "end", "end_date", "place"}; !slices.Equal(got, want) {
		t.Errorf("changed = %v, want %v", got, want)
	}
}
