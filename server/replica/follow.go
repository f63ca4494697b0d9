package replica

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"

	"github.com/benbjohnson/litestream"
	_ "modernc.org/sqlite" // the journal-mode switch below
)

// Follow restores the database at dbPath from the replica if it does not exist, then keeps
// applying the replica's new transactions to it until ctx ends (Litestream's follow mode).
//
// It must run in its own process (`westward restore --follow`): Litestream writes the pages
// under SQLite's POSIX file locks, which only exclude other processes, so a server reading the
// same file excludes the follower, and the follower the server, only across a process
// boundary.
func Follow(ctx context.Context, rawURL, dbPath string) error {
	client, err := Client(rawURL)
	if err != nil {
		return err
	}
	if err := client.Init(ctx); err != nil {
		return err
	}
	if _, err := os.Stat(dbPath); os.IsNotExist(err) {
		txid, err := Restore(ctx, rawURL, dbPath)
		if err != nil {
			return err
		}
		// The restored file says WAL; the follower writes pages into the file itself, which
		// readers see only in rollback-journal mode (the mode the follower's pages say too).
		if err := rollbackJournal(ctx, dbPath); err != nil {
			return err
		}
		if err := litestream.WriteTXIDFile(dbPath, ltxTXID(txid)); err != nil {
			return err
		}
	}
	r := litestream.NewReplicaWithClient(nil, client)
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = dbPath
	opt.Follow = true
	opt.FollowInterval = FollowInterval
	return r.Restore(ctx, opt)
}

// rollbackJournal switches the database at path out of WAL mode.
func rollbackJournal(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return err
	}
	defer db.Close()
	var mode string
	if err := db.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode); err != nil {
		return fmt.Errorf("restore: leave WAL mode: %w", err)
	}
	return db.Close()
}

// FollowerStatus says how far the database at dbPath, kept by Follow, is behind the replica:
// Lag is the age of the oldest transaction on the replica it has not applied yet.
func FollowerStatus(ctx context.Context, client litestream.ReplicaClient, dbPath string) (Status, error) {
	local, err := litestream.ReadTXIDFile(dbPath)
	if err != nil {
		return Status{}, err
	}
	r := litestream.NewReplicaWithClient(nil, client)
	remote, err := newestTXID(ctx, r)
	if err != nil {
		return Status{}, err
	}
	st := Status{Local: uint64(local), Remote: uint64(remote)}
	if remote <= local {
		return st, nil
	}
	itr, err := client.LTXFiles(ctx, 0, local+1, false)
	if err != nil {
		return st, err
	}
	defer itr.Close()
	for itr.Next() {
		if info := itr.Item(); info.MaxTXID > local {
			st.Lag = time.Since(info.CreatedAt)
			break
		}
	}
	return st, itr.Err()
}
