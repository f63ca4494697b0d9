package store

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
)

// TestFeatureFormat_followsTheRender holds featureFormat to the render: it is the digest of the
// probes' features, it changes when any rendered byte changes, and the full probe fills every
// field of geo.Event, so a field added to Event (even one left out when empty) is rendered
// into the digest. Open records it, and a database recorded with another one renders again
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
	full := reflect.ValueOf(*probes[0])
	for i := range full.NumField() {
		if full.Field(i).IsZero() && full.Type().Field(i).Name != "UpdatedAt" {
			t.Errorf("the full probe leaves geo.Event.%s empty: fill it in formatProbes, so its rendering counts",
				full.Type().Field(i).Name)
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
