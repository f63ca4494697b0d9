package main

import (
	"bufio"
	"context"
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
		fmt.Fprintln(stderr, "usage:", commandUsage["user add"])
		return errUsage
	}
	cfg, err := parseConfig("user add", args[1:], getenv, stderr)
	if err != nil {
		return err
	}
	password, err := readPassword(cfg.PasswordFile)
	if err != nil {
		return err
	}
	hash, err := auth.DefaultHasher.Hash(password)
	if err != nil {
		return err
	}
	d, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	u, err := d.CreateUser(ctx, cfg.Username, geo.Role(cfg.Role), hash)
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
		fmt.Fprintln(stderr, "usage:", commandUsage["token add"])
		return errUsage
	}
	cfg, err := parseConfig("token add", args[1:], getenv, stderr)
	if err != nil {
		return err
	}
	d, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	u, _, err := d.UserPassword(ctx, cfg.Username)
	if err != nil {
		return fmt.Errorf("--username: %w", err)
	}
	token := auth.NewToken()
	if err := d.CreateAPIToken(ctx, u.ID, cfg.TokenName, auth.HashToken(token)); err != nil {
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}

// runBackup writes a consistent snapshot of the database to FILE, safely while the server runs.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig("backup", args, getenv, stderr)
	if err != nil {
		return err
	}
	out := cfg.File
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("backup: %s exists; choose a new file", out)
	}
	d, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Backup(ctx, out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", cfg.DB, out)
	return nil
}

// runImport handles `westward import [--format csv|geojson|acled] [--dry-run] [--user NAME] FILE`:
// it reads the file, geocodes offline where rows lack coordinates, and imports every row in
// one transaction, or nothing. The report lists rows added, updated, unchanged and rejected.
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig("import", args, getenv, stderr)
	if err != nil {
		return err
	}
	f, err := os.Open(cfg.File)
	if err != nil {
		return err
	}
	defer f.Close()
	// A dry run changes nothing, not even the stored country names.
	open := openStore
	if cfg.DryRun {
		open = openAsIs
	}
	d, atlas, err := open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	var by *geo.User
	if cfg.ImportUser != "" {
		if by, _, err = d.UserPassword(ctx, cfg.ImportUser); err != nil {
			return fmt.Errorf("--user: %w", err)
		}
	}
	gz, err := gazetteer.Load()
	if err != nil {
		return err
	}
	start := time.Now()
	im := &importer.Importer{Atlas: atlas, Gazetteer: gz}
	b, err := im.ReadBatch(f, importer.Format(cfg.Format), cfg.DryRun)
	if err == nil {
		var res *store.ImportResult
		if res, err = d.ImportEvents(ctx, b.Sources, b.Events, by, cfg.DryRun); err == nil {
			b.Report.Record(res.Added, res.Updated, res.Unchanged)
		}
	}
	if b != nil {
		rep := b.Report
		verb := "imported"
		switch {
		case cfg.DryRun:
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
