package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/westward/westward/geo/country"
	"github.com/westward/westward/seed"
	"github.com/westward/westward/server"
	"github.com/westward/westward/server/importer"
	"github.com/westward/westward/server/store"
	"github.com/westward/westward/static"
)

// runServe opens the database (seeding it when it holds no events), starts the server and,
// when ctx ends (SIGTERM, Ctrl-C), lets open requests finish before it returns.
func runServe(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer, ready chan<- string) error {
	cfg, err := parseConfig("serve", args, getenv, stderr)
	if err != nil {
		return err
	}
	log := cfg.logger(stderr)
	if getenv("GOMEMLIMIT") == "" {
		// A soft heap limit keeps the resident size of a small server small under load: the
		// collector works harder near it instead of letting the heap double.
		debug.SetMemoryLimit(serveMemoryLimit)
	}
	atlas, err := loadAtlas()
	if err != nil {
		return err
	}
	db, replication, closeDB, err := openReplicated(ctx, cfg, log, stderr)
	if err != nil {
		return err
	}
	defer closeDB()
	if n, err := db.CountEvents(ctx); err != nil {
		return err
	} else if n == 0 && !cfg.ReadOnly {
		v, err := loadSeed(ctx, db)
		if err != nil {
			return err
		}
		log.Info("loaded the embedded dataset into an empty database", slog.String("db", cfg.DB), slog.Int64("dataset_version", v))
	}
	srv, err := server.New(server.Config{
		BaseURL: cfg.BaseURL, TileURL: cfg.TileURL, TileAttribution: cfg.TileAttribution, Version: version,
		ReadOnly: cfg.ReadOnly, Primary: cfg.Primary, Replication: replication, Metrics: cfg.MetricsAddr != "",
	}, db, atlas, static.FS, log)
	if err != nil {
		return err
	}
	if cfg.MetricsAddr != "" {
		if err := serveMetrics(ctx, cfg.MetricsAddr, srv.MetricsHandler(), log); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	log.Info("listening", slog.String("url", "http://"+addr), slog.String("db", cfg.DB), slog.String("version", version))
	go refreshVersion(ctx, db, log)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready <- addr
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return <-errc
}

// serveMemoryLimit is the Go heap's soft limit unless GOMEMLIMIT says otherwise.
const serveMemoryLimit = 64 << 20

// refreshVersion picks up, every two seconds, dataset changes made by another process (a
// `westward seed` while the server runs), so ETags and cached responses follow them.
func refreshVersion(ctx context.Context, db *store.DB, log *slog.Logger) {
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := db.Refresh(ctx); err != nil && ctx.Err() == nil {
				log.Warn("refresh dataset version", slog.String("error", err.Error()))
			}
		}
	}
}

// loadSeed replaces the database's dataset with the embedded one: sources, events and
// stories, in one transaction.
func loadSeed(ctx context.Context, db *store.DB) (int64, error) {
	sources, events, err := seed.Load()
	if err != nil {
		return 0, err
	}
	stories, err := seed.LoadStories(events)
	if err != nil {
		return 0, err
	}
	return db.ReplaceDataset(ctx, store.Dataset{Sources: sources, Events: slices.Values(events), Stories: stories})
}

// openStore opens the database at path for a command that writes events, and gives it the
// atlas's country names first, so that the features it stores are named as the server names
// them. (When the names differ from the stored ones every feature is rendered again, so
// commands that only read use openAsIs.)
func openStore(ctx context.Context, path string) (*store.DB, *country.Atlas, error) {
	db, atlas, err := openAsIs(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	if err := db.SetCountryNames(ctx, atlas.Names()); err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, atlas, nil
}

// openAsIs opens the database at path and loads the atlas, without storing its names: for
// commands that must not rewrite the stored features (Open still migrates the schema).
func openAsIs(ctx context.Context, path string) (*store.DB, *country.Atlas, error) {
	atlas, err := loadAtlas()
	if err != nil {
		return nil, nil, err
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	return db, atlas, nil
}

// loadAtlas reads the Natural Earth country shapes the basemap draws, to name countries.
func loadAtlas() (*country.Atlas, error) {
	b, err := static.FS.ReadFile("vendor/world-atlas/countries-50m.json")
	if err != nil {
		return nil, err
	}
	return country.Parse(b)
}

// runExport writes the database's dataset, the front end and its libraries as a static site.
func runExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig("export", args, getenv, stderr)
	if err != nil {
		return err
	}
	// Export reads; only an empty database gets the embedded dataset (and the names with it).
	db, atlas, err := openAsIs(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if n, err := db.CountEvents(ctx); err != nil {
		return err
	} else if n == 0 {
		if err := db.SetCountryNames(ctx, atlas.Names()); err != nil {
			return err
		}
		if _, err := loadSeed(ctx, db); err != nil {
			return err
		}
	}
	// The export requests its own routes; a log line for each would say nothing to the user.
	log := cfg.logger(stderr)
	if !log.Enabled(ctx, slog.LevelDebug) {
		log = slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	srv, err := server.New(server.Config{TileURL: cfg.TileURL, TileAttribution: cfg.TileAttribution, Version: version},
		db, atlas, static.FS, log)
	if err != nil {
		return err
	}
	n, err := srv.Export(ctx, cfg.Dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "exported %d events to %s: serve that folder with any static file server\n", n, cfg.Dir)
	return nil
}

// runSeed replaces the database's dataset with the embedded one, in one transaction.
func runSeed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig("seed", args, getenv, stderr)
	if err != nil {
		return err
	}
	db, _, err := openStore(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := loadSeed(ctx, db)
	if err != nil {
		return err
	}
	n, err := db.CountEvents(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seeded %s: %d events, dataset version %d\n", cfg.DB, n, v)
	return nil
}

// runGenerate replaces the database's dataset with N synthetic events, for benchmarks.
func runGenerate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig("generate", args, getenv, stderr)
	if err != nil {
		return err
	}
	if cfg.Events < 1 {
		return fmt.Errorf("--events: want at least 1, got %d", cfg.Events)
	}
	if cfg.ACLED {
		return importer.GenerateACLED(stdout, cfg.Events, cfg.Seed)
	}
	db, _, err := openStore(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	v, err := db.ReplaceAll(ctx, seed.SyntheticSources(), seed.Synthetic(cfg.Events, cfg.Seed))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "generated %d synthetic events in %s into %s (dataset version %d)\n",
		cfg.Events, time.Since(start).Round(time.Millisecond), cfg.DB, v)
	return nil
}

// runHealthcheck asks the server at --addr for /healthz and fails unless it answers 200. It
// needs no shell or curl, so a minimal container image can use it.
func runHealthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig("healthcheck", args, getenv, stderr)
	if err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("unhealthy: %w", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 1024))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("unhealthy: %s %s", res.Status, strings.TrimSpace(string(body)))
	}
	fmt.Fprintln(stdout, strings.TrimSpace(string(body)))
	return nil
}
