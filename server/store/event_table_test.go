package store

import (
	"testing"

	"github.com/westward/westward/geo"
)

// TestEventTableHasEnumColumns holds every enumerated field of geo.EventEnums to a column of the
// same name that is read back: the WHERE clause filters on that column by the field's property.
func TestEventTableHasEnumColumns(t *testing.T) {
	read := map[string]bool{}
	for _, c := range eventTable {
		read[c.name] = c.into != nil
	}
	for _, f := range geo.EventEnums {
		if !read[f.Property] {
			t.Errorf("geo.EventEnums has %s; eventTable has no column of that name that reads it back", f.Property)
		}
	}
}
