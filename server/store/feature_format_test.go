package store

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestFeatureFormat_followsTheRender holds featureFormat to the render: it is the digest of the
// probes' features, it changes when any rendered byte changes, and every field of geo.Event
// is rendered into the digest (the full probe fills those left out when empty), so adding a
// field to Event changes the format by itself. Open records it, and a database recorded with another one renders again
// (TestFeatureFormatAndMissingFeatures).
func TestFeatureFormat_followsTheRender(t *testing.T) {
	probes := formatProbes()
	if got := renderDigest(probes); got != featureFormat || len(got) != 16 {
		t.Errorf("featureFormat %q, digest of the probes %q", featureFormat, got)
	}
	changed := formatProbes()
	changed[1].Notes = "another note"
	if renderDigest(changed) == featureFormat {
		t.Error("a change to a rendered field left the format as it was")
	}
	// A field written even when empty is in every probe's render; one left out when empty
	// ("omitempty") counts only if the full probe fills it.
	full := reflect.ValueOf(*probes[0])
	for i := range full.NumField() {
		field := full.Type().Field(i)
		if full.Field(i).IsZero() && strings.Contains(field.Tag.Get("json"), "omitempty") && field.Name != "UpdatedAt" {
			t.Errorf("the full probe leaves geo.Event.%s empty, and it is not rendered when empty: fill it in formatProbes",
				field.Name)
		}
	}
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var stored string
	if err := db.read.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'feature_format'`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != featureFormat {
		t.Errorf("Open recorded format %q, want %q", stored, featureFormat)
	}
}
