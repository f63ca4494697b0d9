// Package replica streams the SQLite database to a replica and rebuilds it from one, through
// Litestream's library (github.com/benbjohnson/litestream, Apache 2.0): Westward writes no
// replication of its own. A replica is named by a URL: file:///path/to/dir for a directory
// (another disk, a network mount) or s3://bucket/path for any S3-compatible store (credentials
// from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; ?endpoint=host for MinIO and the like).
package replica

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/benbjohnson/litestream"
	_ "github.com/benbjohnson/litestream/file" // file:// replicas
	_ "github.com/benbjohnson/litestream/s3"   // s3:// replicas
	"github.com/superfly/ltx"
)

// MonitorInterval is how often Litestream reads new commits out of the write-ahead log, and
// SyncInterval how often it ships them to the replica.
const (
	MonitorInterval = 250 * time.Millisecond
	SyncInterval    = time.Second
)

// MaxLoss is the replication window: a save acknowledged more than this (plus the upload's own
// time) before the primary is lost is on the replica.
const MaxLoss = MonitorInterval + SyncInterval

// FollowInterval is how often a read-only replica polls the replica for new transactions.
const FollowInterval = time.Second

// Client opens the replica named by rawURL, checking the URL before anything is opened.
func Client(rawURL string) (litestream.ReplicaClient, error) {
	if !strings.Contains(rawURL, "://") {
		return nil, fmt.Errorf("%q is not a replica URL (file:///dir or s3://bucket/path)", rawURL)
	}
	c, err := litestream.NewReplicaClientFromURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("%q: %w", rawURL, err)
	}
	return c, nil
}

// Primary streams one database to its replica while the server runs.
type Primary struct {
	store   *litestream.Store
	db      *litestream.DB
	replica *litestream.Replica
	synced  atomic.Int64 // unix nanoseconds of the last sync that left the replica caught up
}

// Start begins replicating the database at dbPath to rawURL. Call it before the application
// opens the database and Close it after the application closed it (Litestream must not close
// while other connections are open).
func Start(ctx context.Context, dbPath, rawURL string, log *slog.Logger) (*Primary, error) {
	client, err := Client(rawURL)
	if err != nil {
		return nil, err
	}
	db := litestream.NewDB(dbPath)
	db.MonitorInterval = MonitorInterval
	if log != nil {
		db.SetLogger(log.With(slog.String("subsystem", "litestream")))
	}
	r := litestream.NewReplicaWithClient(db, client)
	r.SyncInterval = SyncInterval
	db.Replica = r
	s := litestream.NewStore([]*litestream.DB{db}, litestream.CompactionLevels{
		{Level: 0},
		{Level: 1, Interval: 30 * time.Second},
	})
	if log != nil {
		s.Logger = log.With(slog.String("subsystem", "litestream"))
	}
	if err := s.Open(ctx); err != nil {
		return nil, fmt.Errorf("replicate: %w", err)
	}
	p := &Primary{store: s, db: db, replica: r}
	p.synced.Store(time.Now().UnixNano())
	return p, nil
}

// Close ships what is left and stops replicating.
func (p *Primary) Close(ctx context.Context) error {
	return p.store.Close(ctx)
}

// Status is how far a replica is behind its primary, for /healthz and the metrics.
type Status struct {
	// Local and Remote are the newest transaction ids here and on the replica.
	Local, Remote uint64
	// Lag is how long the side that is behind has been behind (zero when caught up).
	Lag time.Duration
}

// Status compares the database's position with the replica's: Lag is the time since the
// replica last held everything the database held.
func (p *Primary) Status() Status {
	pos, err := p.db.Pos()
	if err != nil {
		return Status{}
	}
	rpos := p.replica.Pos()
	now := time.Now()
	if rpos.TXID >= pos.TXID {
		p.synced.Store(now.UnixNano())
		return Status{Local: uint64(pos.TXID), Remote: uint64(rpos.TXID)}
	}
	return Status{Local: uint64(pos.TXID), Remote: uint64(rpos.TXID), Lag: now.Sub(time.Unix(0, p.synced.Load()))}
}

// Restore rebuilds the database at dbPath, which must not exist, from the replica's newest
// state, and returns the transaction id it restored to.
func Restore(ctx context.Context, rawURL, dbPath string) (uint64, error) {
	client, err := Client(rawURL)
	if err != nil {
		return 0, err
	}
	if _, err := os.Stat(dbPath); err == nil {
		return 0, fmt.Errorf("%s exists: restore writes a new database, move the old one away first", dbPath)
	}
	if err := client.Init(ctx); err != nil {
		return 0, err
	}
	r := litestream.NewReplicaWithClient(nil, client)
	txid, err := newestTXID(ctx, r)
	if err != nil {
		return 0, err
	}
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = dbPath
	opt.TXID = txid
	opt.IntegrityCheck = litestream.IntegrityCheckQuick
	if err := r.Restore(ctx, opt); err != nil {
		if errors.Is(err, litestream.ErrTxNotAvailable) || errors.Is(err, litestream.ErrNoSnapshots) {
			return 0, fmt.Errorf("%s holds no database yet: %w", rawURL, err)
		}
		return 0, err
	}
	return uint64(txid), nil
}

// newestTXID is the newest transaction any level of the replica holds.
func newestTXID(ctx context.Context, r *litestream.Replica) (ltx.TXID, error) {
	var newest ltx.TXID
	for level := 0; level <= litestream.SnapshotLevel; level++ {
		info, err := r.MaxLTXFileInfo(ctx, level)
		if err != nil {
			return 0, err
		}
		newest = max(newest, info.MaxTXID)
	}
	if newest == 0 {
		return 0, fmt.Errorf("the replica holds no database yet")
	}
	return newest, nil
}

func ltxTXID(v uint64) ltx.TXID { return ltx.TXID(v) }
