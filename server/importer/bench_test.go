package importer

import (
	"bytes"
	"testing"
)

// BenchmarkReadACLED reads 5,000 generated ACLED rows, about 500 of them geocoded, and reports
// rows per second.
func BenchmarkReadACLED(b *testing.B) {
	const n = 5000
	var file bytes.Buffer
	if err := GenerateACLED(&file, n, 1); err != nil {
		b.Fatal(err)
	}
	im := mustImporter(b)
	data := file.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	reads := 0
	for b.Loop() {
		rows, err := im.Read(bytes.NewReader(data), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(rows) != n {
			b.Fatalf("%d rows, want %d", len(rows), n)
		}
		reads++
	}
	b.ReportMetric(float64(reads*n)/b.Elapsed().Seconds(), "rows/s")
}
