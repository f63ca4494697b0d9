package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/westward/westward/geo"
	"github.com/westward/westward/geo/gazetteer"
	"github.com/westward/westward/server/auth"
	"github.com/westward/westward/server/importer"
	"github.com/westward/westward/server/store"
)

// runUser handles `westward user add --username NAME --role admin|editor --password-file F`.
// The password is read from a file, or from standard input with "-", never from the command
// line where other users of the machine could see it.
func runUser(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(stderr, "usage: westward user add --username NAME --role admin|editor --password-file FILE|- [--db PATH]")
		return errUsage
	}
	fs := flag.NewFlagSet("westward user add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", envOr(getenv, "WESTWARD_DB", "westward.db"), "SQLite database path")
	username := fs.String("username", "", "the user's name")
	role := fs.String("role", "editor", "admin or editor")
	pwFile := fs.String("password-file", "-", `file holding the password on its first line ("-": standard input)`)
	if err := fs.Parse(args[1:]); err != nil {
		return errUsage
	}
	if *username == "" {
		return fmt.Errorf("--username: required")
	}
	password, err := readPassword(*pwFile)
	if err != nil {
		return err
	}
	hash, err := auth.DefaultHasher.Hash(password)
	if err != nil {
		return err
	}
	d, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer d.Close()
	u, err := d.CreateUser(ctx, *username, geo.Role(*role), hash)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %s %q\n", u.Role, u.Username)
	return nil
}

func readPassword(path string) (string, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return "", err
		}
		defer f.Close()
		r = f
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// runToken handles `westward token add --username NAME --name LABEL`: it prints a new API
// token for scripts, once; the database keeps only its hash.
func runToken(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(stderr, "usage: westward token add --username NAME --name LABEL [--db PATH]")
		return errUsage
	}
	fs := flag.NewFlagSet("westward token add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", envOr(getenv, "WESTWARD_DB", "westward.db"), "SQLite database path")
	username := fs.String("username", "", "whose token")
	name := fs.String("name", "", "what the token is for")
	if err := fs.Parse(args[1:]); err != nil {
		return errUsage
	}
	d, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer d.Close()
	u, _, err := d.UserPassword(ctx, *username)
	if err != nil {
		return fmt.Errorf("--username: %w", err)
	}
	token := auth.NewToken()
	if err := d.CreateAPIToken(ctx, u.ID, *name, auth.HashToken(token)); err != nil {
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}

// runBackup writes a consistent snapshot of the database to FILE, safely while the server runs.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("westward backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", envOr(getenv, "WESTWARD_DB", "westward.db"), "SQLite database path")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: westward backup [--db PATH] FILE")
		return errUsage
	}
	out := fs.Arg(0)
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("backup: %s exists; choose a new file", out)
	}
	d, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Backup(ctx, out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", *db, out)
	return nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// runImport handles `westward import [--format csv|geojson|acled] [--dry-run] [--user NAME] FILE`:
// it reads the file, geocodes offline where rows lack coordinates, and imports every row in
// one transaction, or nothing. The report lists rows added, updated, unchanged and rejected.
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("westward import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", envOr(getenv, "WESTWARD_DB", "westward.db"), "SQLite database path")
	format := fs.String("format", "", "csv, geojson or acled (default: detected from the file)")
	dryRun := fs.Bool("dry-run", false, "report what would change and change nothing")
	username := fs.String("user", "", "record the changes as this user (default: system)")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: westward import [--db PATH] [--format csv|geojson|acled] [--dry-run] [--user NAME] FILE")
		return errUsage
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	// A dry run changes nothing, not even the stored country names.
	open := openStore
	if *dryRun {
		open = openAsIs
	}
	d, atlas, err := open(ctx, *db)
	if err != nil {
		return err
	}
	defer d.Close()
	var by *geo.User
	if *username != "" {
		if by, _, err = d.UserPassword(ctx, *username); err != nil {
			return fmt.Errorf("--user: %w", err)
		}
	}
	gz, err := gazetteer.Load()
	if err != nil {
		return err
	}
	start := time.Now()
	im := &importer.Importer{Atlas: atlas, Gazetteer: gz}
	b, err := im.ReadBatch(f, importer.Format(*format), *dryRun)
	if err == nil {
		var res *store.ImportResult
		if res, err = d.ImportEvents(ctx, b.Sources, b.Events, by, *dryRun); err == nil {
			b.Report.Record(res.Added, res.Updated, res.Unchanged)
		}
	}
	if b != nil {
		rep := b.Report
		verb := "imported"
		switch {
		case *dryRun:
			verb = "would import"
		case err != nil:
			verb = "refused (nothing changed)"
		}
		fmt.Fprintf(stdout, "%s %d rows in %s: %d added, %d updated, %d unchanged, %d rejected\n", verb, rep.Rows,
			time.Since(start).Round(time.Millisecond), len(rep.Added), len(rep.Updated), len(rep.Unchanged), len(rep.Rejected))
		for _, r := range rep.Rejected {
			fmt.Fprintf(stdout, "  rejected line %d %s: %s\n", r.Line, r.ID, r.Reason)
		}
	}
	return err
}
