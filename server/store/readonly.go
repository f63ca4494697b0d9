package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"time"
)

// OpenReadOnly opens the database at path, kept by another process (a Litestream follower),
// for reads only: nothing is migrated or rendered (the primary did that), no connection may
// write, and no connection is kept idle. The follower writes pages into the file itself, and
// a fresh connection is the one way a reader is certain to see them rather than pages it
// cached before.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(5000)", "query_only(ON)", "cache_size(-4000)"} {
		q.Add("_pragma", p)
	}
	q.Set("mode", "ro")
	db := &DB{path: path, Now: time.Now}
	db.names.Store(&countryNames{})
	pool, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	pool.SetMaxOpenConns(max(4, 2*runtime.NumCPU()))
	pool.SetMaxIdleConns(0)
	db.read, db.write, db.readOnly = pool, pool, true
	if err := db.loadNames(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.Refresh(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// ReadOnly reports whether the database was opened with OpenReadOnly.
func (db *DB) ReadOnly() bool { return db.readOnly }
