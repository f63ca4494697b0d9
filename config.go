package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
)

// Config is everything the commands read from flags and the environment.
type Config struct {
	Addr            string
	DB              string
	BaseURL         string
	TileURL         string
	TileAttribution string
	LogLevel        string
	Events          int    // generate: how many
	Seed            int64  // generate: random seed
	Dir             string // export: where to
	ACLED           bool   // generate: write ACLED-style CSV rows to standard output instead
}

// Validate checks a Config before anything is opened.
func (c *Config) Validate() error {
	if c.DB == "" {
		return fmt.Errorf("--db: a database path is required")
	}
	if c.Addr == "" {
		return fmt.Errorf("--addr: a listen address is required")
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--base-url: %q is not an http(s) URL", c.BaseURL)
		}
	}
	if c.TileURL != "" {
		if !strings.HasPrefix(c.TileURL, "https://") && !strings.HasPrefix(c.TileURL, "http://") ||
			!strings.Contains(c.TileURL, "{z}") || !strings.Contains(c.TileURL, "{x}") || !strings.Contains(c.TileURL, "{y}") {
			return fmt.Errorf("--tile-url: %q is not a tile URL template with {z}, {x} and {y}", c.TileURL)
		}
		if c.TileAttribution == "" {
			return fmt.Errorf("--tile-attribution: a tile layer needs its attribution")
		}
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return fmt.Errorf("--log-level: %q is not debug, info, warn or error", c.LogLevel)
	}
	return nil
}

// parseConfig reads flags over environment defaults for one command.
func parseConfig(name string, args []string, getenv func(string) string, stderr io.Writer) (*Config, error) {
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	c := &Config{}
	fs := flag.NewFlagSet("westward "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", env("WESTWARD_ADDR", "localhost:8080"), "listen address (host:port)")
	fs.StringVar(&c.DB, "db", env("WESTWARD_DB", "westward.db"), "SQLite database path (created if missing)")
	fs.StringVar(&c.BaseURL, "base-url", env("WESTWARD_BASE_URL", ""), "public base URL for API links (default: from each request)")
	fs.StringVar(&c.TileURL, "tile-url", env("WESTWARD_TILE_URL", ""), "optional raster tile URL template (off by default: the map stays offline)")
	fs.StringVar(&c.TileAttribution, "tile-attribution", env("WESTWARD_TILE_ATTRIBUTION", ""), "attribution for the tile layer")
	fs.StringVar(&c.LogLevel, "log-level", env("WESTWARD_LOG_LEVEL", "info"), "debug, info, warn or error")
	if name == "generate" {
		fs.IntVar(&c.Events, "events", 10000, "how many synthetic events")
		fs.Int64Var(&c.Seed, "seed", 1, "random seed (the same seed gives the same data)")
		fs.BoolVar(&c.ACLED, "acled", false, "write N ACLED-style CSV rows to standard output (for timing imports)")
	}
	if err := fs.Parse(args); err != nil {
		return nil, errUsage
	}
	if name == "export" {
		if fs.NArg() != 1 {
			fmt.Fprintf(stderr, "westward export: want one folder to write to\n")
			return nil, errUsage
		}
		c.Dir = fs.Arg(0)
	} else if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "westward %s: unexpected argument %q\n", name, fs.Arg(0))
		return nil, errUsage
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Config) logger(w io.Writer) *slog.Logger {
	var lvl slog.Level
	lvl.UnmarshalText([]byte(c.LogLevel))
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: lvl}))
}
