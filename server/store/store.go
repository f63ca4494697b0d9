// Package store keeps Westward's events in SQLite (modernc.org/sqlite, no cgo): embedded,
// numbered migrations; one writer connection and a pool of readers; an R*Tree over space and
// time and an FTS5 index for text search.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open Westward database.
type DB struct {
	path  string
	write *sql.DB // one connection: SQLite allows one writer at a time
	read  *sql.DB // many connections, sized to the cores

	// version caches the dataset version so that ETags cost no query; writes through this DB
	// update it at once and Refresh picks up writes made by other processes.
	version atomic.Int64

	// names are the stored country names features carry (see SetCountryNames).
	names atomic.Pointer[countryNames]

	// readOnly: opened by OpenReadOnly; write and read are then the same pool.
	readOnly bool

	// Now returns the current time; tests may replace it.
	Now func() time.Time
}

// Open opens (creating if needed) the database at path and brings its schema up to date.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("store: empty database path")
	}
	dsn := func(txlock, synchronous string) string {
		q := url.Values{}
		// busy_timeout first: every later pragma may have to wait for a lock. A 4 MB page
		// cache per connection (SQLite's default is 2 MB) keeps hot index pages out of
		// read(2) calls; with four readers that is at most 16 MB, outside the Go heap.
		for _, p := range []string{"busy_timeout(5000)", "journal_mode(WAL)", "synchronous(" + synchronous + ")", "foreign_keys(ON)", "cache_size(-4000)"} {
			q.Add("_pragma", p)
		}
		q.Set("_txlock", txlock)
		return "file:" + path + "?" + q.Encode()
	}
	db := &DB{path: path, Now: time.Now}
	db.names.Store(&countryNames{})
	var err error
	// FULL on the writer: the WAL is synced at every commit, so a save the client was told
	// succeeded survives a power cut (NORMAL only survives a crash of the process). Readers
	// commit nothing, so theirs does not matter.
	if db.write, err = sql.Open("sqlite", dsn("immediate", "FULL")); err != nil {
		return nil, err
	}
	db.write.SetMaxOpenConns(1)
	if db.read, err = sql.Open("sqlite", dsn("deferred", "NORMAL")); err != nil {
		db.write.Close()
		return nil, err
	}
	db.read.SetMaxOpenConns(max(4, 2*runtime.NumCPU()))
	db.read.SetMaxIdleConns(max(4, 2*runtime.NumCPU()))
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: migrate %s: %w", path, err)
	}
	if err := db.loadNames(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.renderOnOpen(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: render features of %s: %w", path, err)
	}
	if err := db.Refresh(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	if db.readOnly {
		return db.read.Close()
	}
	werr := db.write.Close()
	rerr := db.read.Close()
	if werr != nil {
		return werr
	}
	return rerr
}

// Path is the database file's path.
func (db *DB) Path() string { return db.path }

// migrate applies, in order, each embedded migration not yet recorded, each in its own
// transaction together with its record. Migrations are never edited once released.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`); err != nil {
		return err
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	// A database migrated by a newer build may hold data this one would write wrongly (a
	// column it does not know to keep up to date): refuse it rather than corrupt it.
	var newest int
	if err := db.write.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&newest); err != nil {
		return err
	}
	if newest > len(names) {
		return fmt.Errorf("the database has schema version %d, newer than this build's %d: use a newer westward", newest, len(names))
	}
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		n, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its number", base)
		}
		if err := db.applyMigration(ctx, n, base, name); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, version int, base, name string) error {
	body, err := migrationFS.ReadFile(name)
	if err != nil {
		return err
	}
	// One connection for the whole migration: a rebuild's foreign_keys pragma must hold for
	// exactly the transaction it surrounds.
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// A migration that rebuilds a table (SQLite's twelve-step procedure) turns foreign keys off
	// around its transaction, so dropping the old table cascades into nothing; the pragma is a
	// no-op inside a transaction, hence outside it.
	rebuild := strings.HasPrefix(string(body), "-- westward:foreign_keys=off")
	if rebuild {
		if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var done int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&done); err != nil {
		return err
	}
	if done > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if rebuild {
		if err := foreignKeyCheck(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		version, base, db.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// foreignKeyCheck fails if any row references a row that does not exist: a rebuild ran with
// foreign keys off and must leave none behind.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return err
		}
		return fmt.Errorf("foreign key check: a row of %s references a missing row of %s", table, parent)
	}
	return rows.Err()
}

// Migrations lists the applied migrations' names in order.
func (db *DB) Migrations(ctx context.Context) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Version is the dataset version: it advances on every change, so caches keyed by it are
// never stale. It costs no query.
func (db *DB) Version() int64 { return db.version.Load() }

// Refresh rereads the dataset version, for changes made by another process (a `westward
// seed` run while the server is up).
func (db *DB) Refresh(ctx context.Context) error {
	var s string
	if err := db.read.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'dataset_version'`).Scan(&s); err != nil {
		return fmt.Errorf("store: read dataset version: %w", err)
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("store: dataset version %q: %w", s, err)
	}
	if v <= db.version.Load() {
		return nil
	}
	// Another process wrote, and may have stored other country names: take them before the
	// new version, so nothing is cached under it with the old ones.
	if err := db.loadNames(ctx); err != nil {
		return err
	}
	// Only ever forward: a read begun before one of our own commits must not undo it.
	for {
		cur := db.version.Load()
		if v <= cur || db.version.CompareAndSwap(cur, v) {
			return nil
		}
	}
}

// bumpVersion advances the dataset version inside tx; the cached copy follows on commit.
func bumpVersion(ctx context.Context, tx *sql.Tx) (int64, error) {
	var v int64
	err := tx.QueryRowContext(ctx, `UPDATE meta SET value = CAST(value AS INTEGER) + 1
		WHERE key = 'dataset_version' RETURNING CAST(value AS INTEGER)`).Scan(&v)
	return v, err
}

// commitChange advances the dataset version in tx and commits it. The process then takes the
// country names the transaction saw (another process may have changed them) before the new
// version, so nothing is cached under that version with older names.
func (db *DB) commitChange(ctx context.Context, tx *sql.Tx) (int64, error) {
	names, err := readNames(ctx, tx)
	if err != nil {
		return 0, err
	}
	v, err := bumpVersion(ctx, tx)
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	db.names.Store(&names)
	db.version.Store(v)
	return v, nil
}

// Ping checks that the database answers, for the health endpoint.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}

// OutOfStorage reports whether err is SQLite's "database or disk is full" (SQLITE_FULL): the
// disk, or the database's page limit (SetMaxSize), left no room. The write that met it failed
// whole, so nothing of it was saved; the server tells the client so (507) rather than
// "internal error".
func OutOfStorage(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_FULL
}

// SetMaxSize caps the database at about maxBytes (SQLite's max_page_count on the writer; it
// never goes below the current size): a write that would grow it further fails as on a full
// disk. Tests use it to fill the disk deterministically.
func (db *DB) SetMaxSize(ctx context.Context, maxBytes int64) error {
	var pageSize int64
	if err := db.write.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&pageSize); err != nil {
		return err
	}
	_, err := db.write.ExecContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, max(1, maxBytes/pageSize)))
	return err
}

// ReadStats are the read pool's statistics: WaitCount and WaitDuration say how often and how
// long queries waited for a free connection (for the metrics).
func (db *DB) ReadStats() sql.DBStats { return db.read.Stats() }

// Size is the bytes the database holds on disk: the file and its write-ahead log.
func (db *DB) Size() int64 {
	var n int64
	for _, p := range []string{db.path, db.path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}
