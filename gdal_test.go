package main

import (
	"context"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestGDAL_readsTheCollection has GDAL's OGC API – Features driver (Debian's gdal-bin) read
// the events collection: the feature count it reports, and the number of features it pages
// through, must equal the API's numberMatched. QGIS uses the same driver.
func TestGDAL_readsTheCollection(t *testing.T) {
	ogrinfo, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Fatal("ogrinfo not found: install Debian's gdal-bin (.ci/run does)")
	}
	base := startServer(t)
	var fc struct {
		NumberMatched int `json:"numberMatched"`
	}
	getJSON(t, base+"/api/collections/events/items?limit=1", &fc)
	if fc.NumberMatched == 0 {
		t.Fatal("the API serves no events")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ogr := func(args ...string) string {
		t.Helper()
		// GDAL pages with a small page size so that paging is exercised, not just one request.
		cmd := exec.CommandContext(ctx, ogrinfo, append([]string{"-ro", "--config", "OGR_WFS_PAGE_SIZE", "7",
			"-oo", "PAGE_SIZE=7", "OAPIF:" + base + "/api"}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo %v: %v\n%s", args, err, out)
		}
		return string(out)
	}

	summary := ogr("-so", "events")
	m := regexp.MustCompile(`Feature Count: (\d+)`).FindStringSubmatch(summary)
	if m == nil {
		t.Fatalf("no feature count in:\n%s", summary)
	}
	if n, _ := strconv.Atoi(m[1]); n != fc.NumberMatched {
		t.Errorf("ogrinfo reports %d features, the API %d", n, fc.NumberMatched)
	}
	if !strings.Contains(summary, "Geometry: Point") || !strings.Contains(summary, "TEMPORAL_INTERVAL_MIN=") {
		t.Errorf("ogrinfo summary lacks the geometry type or temporal extent:\n%s", summary)
	}

	all := ogr("-al", "-q", "events")
	if n := strings.Count(all, "OGRFeature(events):"); n != fc.NumberMatched {
		t.Errorf("ogrinfo paged through %d features, the API has %d", n, fc.NumberMatched)
	}
	if !strings.Contains(all, "crocus") && !strings.Contains(all, "kerman") {
		t.Errorf("the features ogrinfo read do not include the Crocus or Kerman events")
	}

	// A spatial filter goes to the server as bbox: Turkey's events only.
	turkey := ogr("-al", "-q", "-spat", "26", "36", "45", "42", "events")
	var inTurkey struct {
		NumberMatched int `json:"numberMatched"`
	}
	getJSON(t, base+"/api/collections/events/items?bbox=26,36,45,42&limit=1", &inTurkey)
	if n := strings.Count(turkey, "OGRFeature(events):"); n != inTurkey.NumberMatched || n == 0 {
		t.Errorf("ogrinfo with a spatial filter read %d features, the API's bbox gives %d", n, inTurkey.NumberMatched)
	}
}
