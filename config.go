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

	File         string // import: the file to read; backup: the file to write
	Username     string // user add|disable|enable, token add|list: whose
	Role         string // user add: admin or editor
	DisplayName  string // user add: the name the public history shows (default: the role)
	PasswordFile string // user add: the file holding the password, "-" for standard input
	TokenName    string // token add: what the token is for
	Days         int    // token add: days until the token expires (0: the default)
	TokenID      int64  // token revoke: which token
	Format       string // import: csv, geojson, acled or "" (detect)
	DryRun       bool   // import: report and change nothing
	ImportUser   string // import: record the changes as this user ("" is the system)

	Replicate   string // serve: the Litestream replica URL the database streams to (or, read-only, follows)
	ReadOnly    bool   // serve: serve the public routes from a database that follows --replicate
	Primary     string // serve --read-only: the primary's public URL, named when a write is refused
	MetricsAddr string // serve: where /metrics listens ("" is off)
	From        string // restore: the replica URL to restore from
	Follow      bool   // restore: keep applying the replica's new transactions until stopped
}

// commandUsage is the usage line a command prints when its arguments are wrong.
var commandUsage = map[string]string{
	"export":       "westward export [--db PATH] DIR",
	"import":       "westward import [--db PATH] [--format csv|geojson|acled] [--dry-run] [--user NAME] FILE",
	"backup":       "westward backup [--db PATH] FILE",
	"restore":      "westward restore --from URL [--follow] DB",
	"user add":     "westward user add --username NAME --role admin|editor --password-file FILE|- [--display-name NAME] [--db PATH]",
	"user disable": "westward user disable|enable --username NAME [--db PATH]",
	"user enable":  "westward user disable|enable --username NAME [--db PATH]",
	"token add":    "westward token add --username NAME --name LABEL [--days N] [--db PATH]",
	"token list":   "westward token list [--username NAME] [--db PATH]",
	"token revoke": "westward token revoke --id N [--db PATH]",
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

// parseConfig reads flags over environment defaults for one command: the one parser of every
// command, admin commands included ("user add", "token add", "token list", "import", ...). Each command
// has the common flags and its own; export, import and backup take one positional argument.
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
	switch name {
	case "serve":
		fs.StringVar(&c.Replicate, "replicate", env("WESTWARD_REPLICATE", ""), "stream the database to this Litestream replica URL (file:///dir or s3://bucket/path); with --read-only, follow it")
		fs.BoolVar(&c.ReadOnly, "read-only", env("WESTWARD_READ_ONLY", "") == "true", "serve the public routes from a database restored from --replicate and kept following it; refuse writes")
		fs.StringVar(&c.Primary, "primary", env("WESTWARD_PRIMARY", ""), "with --read-only: the primary's public URL, named when a write is refused")
		fs.StringVar(&c.MetricsAddr, "metrics-addr", env("WESTWARD_METRICS_ADDR", ""), "serve Prometheus /metrics on this separate address (default: off)")
	case "restore":
		fs.StringVar(&c.From, "from", env("WESTWARD_REPLICATE", ""), "the Litestream replica URL to restore from")
		fs.BoolVar(&c.Follow, "follow", false, "keep applying the replica's new transactions until stopped")
	case "generate":
		fs.IntVar(&c.Events, "events", 10000, "how many synthetic events")
		fs.Int64Var(&c.Seed, "seed", 1, "random seed (the same seed gives the same data)")
		fs.BoolVar(&c.ACLED, "acled", false, "write N ACLED-style CSV rows to standard output (for timing imports)")
	case "user add":
		fs.StringVar(&c.Username, "username", "", "the user's name")
		fs.StringVar(&c.Role, "role", "editor", "admin or editor")
		fs.StringVar(&c.PasswordFile, "password-file", "-", `file holding the password on its first line ("-": standard input)`)
		fs.StringVar(&c.DisplayName, "display-name", "", "the name the public history shows (default: the role)")
	case "user disable", "user enable":
		fs.StringVar(&c.Username, "username", "", "the user's name")
	case "token add":
		fs.StringVar(&c.Username, "username", "", "whose token")
		fs.StringVar(&c.TokenName, "name", "", "what the token is for")
		fs.IntVar(&c.Days, "days", 0, "days until the token expires (default 90, at most 365)")
	case "token list":
		fs.StringVar(&c.Username, "username", "", "only this user's tokens (default: everyone's)")
	case "token revoke":
		fs.Int64Var(&c.TokenID, "id", 0, "the token's id, from token list")
	case "import":
		fs.StringVar(&c.Format, "format", "", "csv, geojson or acled (default: detected from the file)")
		fs.BoolVar(&c.DryRun, "dry-run", false, "report what would change and change nothing")
		fs.StringVar(&c.ImportUser, "user", "", "record the changes as this user (default: system)")
	}
	if err := fs.Parse(args); err != nil {
		if u, ok := commandUsage[name]; ok {
			fmt.Fprintln(stderr, "usage:", u)
		}
		return nil, errUsage
	}
	switch name {
	case "export", "import", "backup", "restore":
		if fs.NArg() != 1 {
			fmt.Fprintln(stderr, "usage:", commandUsage[name])
			return nil, errUsage
		}
		switch name {
		case "export":
			c.Dir = fs.Arg(0)
		case "restore":
			c.DB = fs.Arg(0)
		default:
			c.File = fs.Arg(0)
		}
	default:
		if fs.NArg() == 0 {
			break
		}
		fmt.Fprintf(stderr, "westward %s: unexpected argument %q\n", name, fs.Arg(0))
		return nil, errUsage
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if (name == "user add" || name == "user disable" || name == "user enable") && c.Username == "" {
		return nil, fmt.Errorf("--username: required")
	}
	if name == "restore" && c.From == "" {
		return nil, fmt.Errorf("--from: the replica URL to restore from is required")
	}
	if c.ReadOnly && c.Replicate == "" {
		return nil, fmt.Errorf("--read-only: needs --replicate, the replica to follow")
	}
	if c.Primary != "" {
		if u, err := url.Parse(c.Primary); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("--primary: %q is not an http(s) URL", c.Primary)
		}
	}
	if name == "token revoke" && c.TokenID < 1 {
		return nil, fmt.Errorf("--id: a token id from `westward token list` is required")
	}
	return c, nil
}

func (c *Config) logger(w io.Writer) *slog.Logger {
	var lvl slog.Level
	lvl.UnmarshalText([]byte(c.LogLevel))
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: lvl}))
}
