package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"time"

	"github.com/westward/westward/server/replica"
	"github.com/westward/westward/server/store"
)

// runRestore rebuilds a database from a Litestream replica (`westward restore --from URL DB`)
// or, with --follow, also keeps applying the replica's new transactions until stopped: the
// process a read-only server starts beside itself.
func runRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig("restore", args, getenv, stderr)
	if err != nil {
		return err
	}
	if cfg.Follow {
		return replica.Follow(ctx, cfg.From, cfg.DB)
	}
	txid, err := replica.Restore(ctx, cfg.From, cfg.DB)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s from %s (transaction %d)\n", cfg.DB, cfg.From, txid)
	return nil
}

// startFollower starts `westward restore --follow` for a read-only server and waits until the
// database it restores is there. The follower runs in its own process (see replica.Follow)
// and stops with ctx, or with this process if it dies.
func startFollower(ctx context.Context, cfg *Config, stderr io.Writer) (wait func() error, err error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, self, "restore", "--follow", "--from", cfg.Replicate, cfg.DB)
	cmd.Stdout, cmd.Stderr = stderr, stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	stopWithParent(cmd)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.After(2 * time.Minute)
	for {
		if _, err := os.Stat(cfg.DB + "-txid"); err == nil {
			return func() error { return <-done }, nil
		}
		select {
		case err := <-done:
			return nil, fmt.Errorf("--read-only: the follower stopped: %v", err)
		case <-deadline:
			return nil, errors.New("--read-only: the replica was not restored within 2 minutes")
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// openReplicated opens the database for serve: as the primary, replicating when --replicate
// is set, or, with --read-only, as a copy that follows the replica. closeAll closes the
// database and then replication, in the order Litestream needs.
func openReplicated(ctx context.Context, cfg *Config, log *slog.Logger, stderr io.Writer) (db *store.DB, status func(context.Context) (replica.Status, error), closeAll func(), err error) {
	switch {
	case cfg.ReadOnly:
		client, err := replica.Client(cfg.Replicate)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("--replicate: %w", err)
		}
		fctx, stop := context.WithCancel(context.WithoutCancel(ctx))
		wait, err := startFollower(fctx, cfg, stderr)
		if err != nil {
			stop()
			return nil, nil, nil, err
		}
		if db, err = store.OpenReadOnly(ctx, cfg.DB); err != nil {
			stop()
			wait()
			return nil, nil, nil, err
		}
		status = func(ctx context.Context) (replica.Status, error) { return replica.FollowerStatus(ctx, client, cfg.DB) }
		return db, status, func() { db.Close(); stop(); wait() }, nil
	case cfg.Replicate != "":
		p, err := replica.Start(ctx, cfg.DB, cfg.Replicate, log)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("--replicate: %w", err)
		}
		db, _, err := openStore(ctx, cfg.DB)
		if err != nil {
			p.Close(context.Background())
			return nil, nil, nil, err
		}
		log.Info("replicating", slog.String("replica", cfg.Replicate), slog.Duration("sync_interval", replica.SyncInterval))
		status = func(context.Context) (replica.Status, error) { return p.Status(), nil }
		return db, status, func() { db.Close(); p.Close(context.Background()) }, nil
	default:
		db, _, err := openStore(ctx, cfg.DB)
		if err != nil {
			return nil, nil, nil, err
		}
		return db, nil, func() { db.Close() }, nil
	}
}

// serveMetrics serves h on addr, apart from the public listener, until ctx ends.
func serveMetrics(ctx context.Context, addr string, h http.Handler, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("--metrics-addr: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Info("metrics", slog.String("url", "http://"+ln.Addr().String()+"/metrics"))
	go srv.Serve(ln)
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	return nil
}
