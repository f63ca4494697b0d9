package store

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestBackup_failedLeavesNoFile makes VACUUM INTO fail half way, on a damaged page of a
// table it copies last, and a rename fail after a complete copy: neither may leave a file
// behind, at the backup's name or any other.
func TestBackup_failedLeavesNoFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "damaged.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustReplace(t, db, collect(40, 1))
	// a table of a few dozen pages, written after the schema's own tables
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE filler (b BLOB)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 100)
		INSERT INTO filler SELECT randomblob(3000) FROM n`); err != nil {
		t.Fatal(err)
	}
	var root, pageSize int64
	if err := db.write.QueryRowContext(ctx, `SELECT rootpage FROM sqlite_schema WHERE name = 'filler'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := db.write.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	db.Close() // checkpoints the WAL into the file
	// damage the filler table's root page: an invalid b-tree page type
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte{0x7f}, (root-1)*pageSize); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	intact := MustOpen(t)
	mustReplace(t, intact, collect(10, 1))
	tests := []struct {
		name   string
		db     *DB
		target func(dir string) string
	}{
		{"nok, a damaged page stops the copy", db, func(dir string) string { return filepath.Join(dir, "backup.db") }},
		{"nok, the copy completes but the rename fails", intact, func(dir string) string {
			// a folder that is not empty cannot be replaced by a file
			p := filepath.Join(dir, "backup.db")
			if err := os.MkdirAll(filepath.Join(p, "keep"), 0o755); err != nil {
				t.Fatal(err)
			}
			return p
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			target := tt.target(dir)
			before := listDir(t, dir)
			if err := tt.db.Backup(ctx, target); err == nil {
				t.Fatal("the backup succeeded")
			}
			if after := listDir(t, dir); !slices.Equal(after, before) {
				t.Errorf("a failed backup left %v (before: %v)", after, before)
			}
		})
	}
}

func listDir(tb testing.TB, dir string) []string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
