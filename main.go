// Command westward serves a map of how events spread over time: an OGC API – Features service
// over a SQLite database and a Leaflet front end, both in this one binary.
//
//	westward [serve]       start the server (the default)
//	westward seed          (re)load the embedded dataset in one transaction
//	westward export DIR    write a self-contained static site of the map and stories
//	westward generate      write a synthetic dataset of N events (for benchmarks)
//	westward user add      add an admin or editor (password from a file or standard input)
//	westward user disable  stop a user signing in or using tokens (enable lets them back)
//	westward token add     print a new API token for scripts
//	westward token list    list unexpired API tokens; token revoke --id N revokes one
//	westward import FILE   add or update events from CSV, GeoJSON or an ACLED export
//	westward backup FILE   write a consistent snapshot of the database while it runs
//	westward restore      rebuild a database from a Litestream replica (--follow: and keep following it)
//	westward healthcheck   ask a running server whether it is healthy (for containers)
//	westward version       print the version
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"syscall"
)

// version is set at build time: go build -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr, nil); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintln(os.Stderr, "westward:", err)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

// run is the whole program, with its surroundings passed in so that tests can run it: the
// arguments, the environment, the output streams and, for serve, a channel that receives the
// listening address once the server accepts connections.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, ready chan<- string) error {
	cmd := "serve"
	if len(args) > 0 && !slices.Contains([]string{"-h", "-help", "--help"}, args[0]) && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return runServe(ctx, args, getenv, stderr, ready)
	case "seed":
		return runSeed(ctx, args, getenv, stdout, stderr)
	case "user":
		return runUser(ctx, args, getenv, stdout, stderr)
	case "token":
		return runToken(ctx, args, getenv, stdout, stderr)
	case "import":
		return runImport(ctx, args, getenv, stdout, stderr)
	case "restore":
		return runRestore(ctx, args, getenv, stdout, stderr)
	case "backup":
		return runBackup(ctx, args, getenv, stdout, stderr)
	case "export":
		return runExport(ctx, args, getenv, stdout, stderr)
	case "generate":
		return runGenerate(ctx, args, getenv, stdout, stderr)
	case "healthcheck":
		return runHealthcheck(ctx, args, getenv, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "westward", version)
		return nil
	default:
		fmt.Fprintf(stderr, "westward: unknown command %q\n\n%s", cmd, usage)
		return errUsage
	}
}

const usage = `Usage:
  westward [serve] [--addr ADDR] [--db PATH] [--base-url URL] [--tile-url TEMPLATE --tile-attribution TEXT]
                   [--replicate URL [--read-only [--primary URL]]] [--metrics-addr ADDR]
  westward seed [--db PATH]
  westward export [--db PATH] DIR
  westward generate --events N [--db PATH] [--seed S]
  westward user add --username NAME --role admin|editor [--password-file FILE|-] [--display-name NAME] [--db PATH]
  westward user disable|enable --username NAME [--db PATH]
  westward token add --username NAME --name LABEL [--days N] [--db PATH]
  westward token list [--username NAME] [--db PATH]
  westward token revoke --id N [--db PATH]
  westward import [--db PATH] [--format csv|geojson|acled] [--dry-run] [--user NAME] FILE
  westward backup [--db PATH] FILE
  westward restore --from URL [--follow] DB
  westward healthcheck [--addr ADDR]
  westward version

Environment: WESTWARD_ADDR, WESTWARD_DB, WESTWARD_BASE_URL, WESTWARD_TILE_URL,
WESTWARD_TILE_ATTRIBUTION, WESTWARD_LOG_LEVEL, WESTWARD_REPLICATE, WESTWARD_READ_ONLY,
WESTWARD_PRIMARY, WESTWARD_METRICS_ADDR. Flags win over the environment.
`
