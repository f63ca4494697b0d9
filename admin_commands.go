package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/westward/westward/geo"
	"github.com/westward/westward/geo/gazetteer"
	"github.com/westward/westward/server/auth"
	"github.com/westward/westward/server/importer"
	"github.com/westward/westward/server/store"
)

// runUser handles `westward user add --username NAME --role admin|editor --password-file F
// [--display-name NAME]` and `westward user disable|enable --username NAME`. The password is
// read from a file, or from standard input with "-", never from the command line where other
// users of the machine could see it. Disabling ends the user's sessions and stops their
// tokens; it is how an operator locks out an account without a signed-in admin.
func runUser(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "disable" && args[0] != "enable") {
		fmt.Fprintln(stderr, "usage:", commandUsage["user add"])
		fmt.Fprintln(stderr, "      ", commandUsage["user disable"])
		return errUsage
	}
	cfg, err := parseConfig("user "+args[0], args[1:], getenv, stderr)
	if err != nil {
		return err
	}
	if args[0] != "add" {
		return setUserDisabled(ctx, cfg, args[0] == "disable", stdout)
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
	u, err := d.CreateUser(ctx, geo.User{Username: cfg.Username, Role: geo.Role(cfg.Role), DisplayName: cfg.DisplayName}, hash)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %s %q\n", u.Role, u.Username)
	return nil
}

func setUserDisabled(ctx context.Context, cfg *Config, disabled bool, stdout io.Writer) error {
	d, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	u, _, err := d.UserPassword(ctx, cfg.Username)
	if err != nil {
		return fmt.Errorf("--username: %w", err)
	}
	if u, err = d.UpdateUser(ctx, u.ID, store.UserUpdate{Disabled: &disabled}); err != nil {
		return err
	}
	verb := "enabled"
	if u.Disabled {
		verb = "disabled"
	}
	fmt.Fprintf(stdout, "%s %s %q\n", verb, u.Role, u.Username)
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

// runToken handles `westward token add --username NAME --name LABEL [--days N]`, which prints
// a new API token for scripts once (the database keeps only its hash), `westward token list
// [--username NAME]` and `westward token revoke --id N`.
func runToken(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list" && args[0] != "revoke") {
		for _, c := range []string{"token add", "token list", "token revoke"} {
			fmt.Fprintln(stderr, "usage:", commandUsage[c])
		}
		return errUsage
	}
	cfg, err := parseConfig("token "+args[0], args[1:], getenv, stderr)
	if err != nil {
		return err
	}
	d, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	switch args[0] {
	case "list":
		return listTokens(ctx, d, cfg.Username, stdout)
	case "revoke":
		if err := d.RevokeAPIToken(ctx, cfg.TokenID, 0); err != nil {
			return fmt.Errorf("--id: %w", err)
		}
		fmt.Fprintf(stdout, "revoked token %d\n", cfg.TokenID)
		return nil
	}
	u, _, err := d.UserPassword(ctx, cfg.Username)
	if err != nil {
		return fmt.Errorf("--username: %w", err)
	}
	expires, err := auth.TokenExpiry(d.Now(), cfg.Days)
	if err != nil {
		return fmt.Errorf("--days: %w", err)
	}
	token := auth.NewToken()
	if _, err := d.CreateAPIToken(ctx, u.ID, cfg.TokenName, auth.HashToken(token), expires, auth.MaxTokensPerUser); err != nil {
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}

// listTokens prints the unexpired tokens of one user, or of everyone, one a line, tab-separated
// with a header: id, user, name, created, expires, last used ("-" if never).
func listTokens(ctx context.Context, d *store.DB, username string, stdout io.Writer) error {
	var owner int64
	if username != "" {
		u, _, err := d.UserPassword(ctx, username)
		if err != nil {
			return fmt.Errorf("--username: %w", err)
		}
		owner = u.ID
	}
	ts, err := d.APITokens(ctx, owner)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tUSER\tNAME\tCREATED\tEXPIRES\tLAST USED")
	for _, t := range ts {
		last := t.LastUsedAt
		if last == "" {
			last = "-"
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Username, t.Name, t.CreatedAt, t.ExpiresAt, last)
	}
	return w.Flush()
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
	b, err := im.ReadBatch(f, importer.Format(cfg.Format), cfg.DryRun, false)
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
