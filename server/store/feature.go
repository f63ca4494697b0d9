package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/paulmach/orb"
	"github.com/westward/westward/geo"
)

// Features are kept rendered: each event row holds its GeoJSON feature, written in the same
// transaction as the event (insert and edit call renderFeature), so a page of features costs
// one column per row instead of six tables and an encoding per request. The rendering is
// e.Feature with the country names stored in the database, read inside the writing
// transaction, from e as it reads back: tags sorted and the updated_at the row gets
// (TestStoredFeaturesMatchEvents holds the two to the same bytes).
//
// featureFormat names the rendering: a digest of the features rendered from formatProbes,
// events that fill every field. It is derived from the render itself, so any change to
// geo.Feature's output (a new Event field or property, another label, an orb upgrade that
// encodes differently) changes it, and Open then renders every feature again; there is no
// number to remember to bump.
var featureFormat = renderDigest(formatProbes())

// renderDigest is the first 16 hex digits of the SHA-256 of the probes' rendered features.
func renderDigest(probes []*geo.Event) string {
	h := sha256.New()
	for _, e := range probes {
		f, err := renderFeature(e, "2024-06-01T12:00:00Z", countryNames{e.Country: "Probe name"})
		if err != nil {
			panic(err) // the probes are fixed: a failure is a bug the tests meet first
		}
		io.WriteString(h, f)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// formatProbes are the events featureFormat renders: one with every optional part (an end
// date, tags, notes, figures with hedges and subjects, a link) and one with none.
func formatProbes() []*geo.Event {
	full := &geo.Event{ID: "probe", Title: "T", Summary: "S", Date: geo.MustParseDate("2024-03-22"),
		Kind: geo.KindAttack, Actor: geo.ActorISKP, Attribution: geo.AttributionClaimed, Place: "P", Country: "RU",
		Point: orb.Point{37.39, 55.83}, LocationPrecision: geo.LocationVenue, LocationRole: geo.RoleOccurrence,
		Tags: []string{"b", "a"}, Notes: "N",
		Citations: []geo.Citation{{SourceID: "s", Quotes: []string{"q"}, Figures: []geo.Figure{
			{Measure: geo.MeasureKilled, Value: 1200, Qualifier: geo.QualifierAtLeast},
			{Measure: geo.MeasureKilled, Value: 1300, Qualifier: geo.QualifierExact},
			{Measure: geo.MeasureInjured, Value: 5, Qualifier: geo.QualifierAbout, Subject: "guards"}}}},
		Links: []geo.Link{{Role: geo.LinkOrigin, Place: "L", Country: "TJ", Point: orb.Point{70, 38.5},
			LocationPrecision: geo.LocationCountry, SourceID: "s", Quote: "q"}}}
	end := geo.MustParseDate("2024-04")
	full.EndDate = &end
	bare := &geo.Event{ID: "bare", Title: "T", Summary: "S", Date: geo.MustParseDate("2023-21"),
		Kind: geo.KindThreat, Actor: geo.ActorUnclear, Attribution: geo.AttributionAlleged, Place: "P", Country: "FR",
		Point: orb.Point{2.35, 48.85}, LocationPrecision: geo.LocationCountry, LocationRole: geo.RoleTarget}
	return []*geo.Event{full, bare}
}

// countryNames maps alpha-2 codes to the names features carry.
type countryNames map[string]string

// name is the stored name of code, or the code where none is stored.
func (n countryNames) name(code string) string {
	if s, ok := n[code]; ok {
		return s
	}
	return code
}

// renderFeature is e's feature as it will read back once stored with updatedAt.
func renderFeature(e *geo.Event, updatedAt string, names countryNames) (string, error) {
	stored := *e
	stored.UpdatedAt = updatedAt
	stored.Tags = slices.Sorted(slices.Values(e.Tags))
	b, err := stored.Feature(names.name).MarshalJSON()
	if err != nil {
		return "", fmt.Errorf("store: render event %s: %w", e.ID, err)
	}
	return string(b), nil
}

// CountryName is the stored name of the country code, or the code where none is stored, as
// of this process's last look (Open, Refresh, SetCountryNames). Writes do not use it: they
// read the names in their own transaction.
func (db *DB) CountryName(code string) string { return (*db.names.Load()).name(code) }

// SetCountryNames stores the names features give countries. When they differ from the stored
// ones, every feature is rendered again and the dataset version advances, in one transaction.
func (db *DB) SetCountryNames(ctx context.Context, names map[string]string) error {
	names = maps.Clone(names)
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stored, err := readNames(ctx, tx)
	if err != nil {
		return err
	}
	if maps.Equal(stored, countryNames(names)) {
		db.names.Store(&stored)
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM country_names`); err != nil {
		return err
	}
	for _, code := range slices.Sorted(maps.Keys(names)) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO country_names (code, name) VALUES (?, ?)`, code, names[code]); err != nil {
			return fmt.Errorf("store: country name %q: %w", code, err)
		}
	}
	v, err := db.rerenderAll(ctx, tx, names)
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	cn := countryNames(names)
	db.names.Store(&cn)
	if v > 0 {
		db.version.Store(v)
	}
	return nil
}

// rerenderAll renders every feature again with names and, if any answer can have changed
// (there are events, or histories that name countries), advances the version, returning it
// (0 when it did not advance).
func (db *DB) rerenderAll(ctx context.Context, tx *sql.Tx, names countryNames) (int64, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE events SET feature = ''`); err != nil {
		return 0, err
	}
	if err := renderPending(ctx, tx, names); err != nil {
		return 0, err
	}
	var used bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM event_history)`).Scan(&used); err != nil || !used {
		return 0, err
	}
	return bumpVersion(ctx, tx)
}

// readNames reads the stored country names.
func readNames(ctx context.Context, q querier) (countryNames, error) {
	names := countryNames{}
	err := eachRow(ctx, q, `SELECT code, name FROM country_names`, nil, func(s scanner) error {
		var code, name string
		if err := s.Scan(&code, &name); err != nil {
			return err
		}
		names[code] = name
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: country names: %w", err)
	}
	return names, nil
}

// loadNames makes the stored names this process's.
func (db *DB) loadNames(ctx context.Context) error {
	names, err := readNames(ctx, db.read)
	if err != nil {
		return err
	}
	db.names.Store(&names)
	return nil
}

// renderOnOpen brings the stored features up to date: all of them when they were rendered in
// another format, else those that have none (rows written before migration 0004). It
// advances the version when it rendered anything.
func (db *DB) renderOnOpen(ctx context.Context) error {
	var format string
	err := db.read.QueryRowContext(ctx, `SELECT coalesce((SELECT value FROM meta WHERE key = 'feature_format'), '')`).Scan(&format)
	if err != nil {
		return err
	}
	var pending bool
	if err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM events WHERE feature = '')`).Scan(&pending); err != nil {
		return err
	}
	current := format == featureFormat
	if current && !pending {
		return nil
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	names, err := readNames(ctx, tx)
	if err != nil {
		return err
	}
	if current {
		if err := renderPending(ctx, tx, names); err != nil {
			return err
		}
		if _, err := bumpVersion(ctx, tx); err != nil {
			return err
		}
	} else if _, err := db.rerenderAll(ctx, tx, names); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('feature_format', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, featureFormat); err != nil {
		return err
	}
	return tx.Commit()
}

// renderPending renders, in pages, every feature left empty in tx.
func renderPending(ctx context.Context, tx *sql.Tx, names countryNames) error {
	const page = 500
	for {
		var ids []string
		err := eachRow(ctx, tx, `SELECT id FROM events WHERE feature = '' ORDER BY pk LIMIT ?`, page, func(s scanner) error {
			var id string
			if err := s.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
			return nil
		})
		if err != nil || len(ids) == 0 {
			return err
		}
		events, err := eventsByID(ctx, tx, ids)
		if err != nil {
			return err
		}
		for _, e := range events {
			f, err := renderFeature(e, e.UpdatedAt, names)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE events SET feature = ? WHERE id = ?`, f, e.ID); err != nil {
				return err
			}
		}
	}
}

// eventsByID loads whole events by id, in no particular order.
func eventsByID(ctx context.Context, tx *sql.Tx, ids []string) ([]*geo.Event, error) {
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	return findEvents(ctx, tx, `SELECT `+eventColumns+` FROM events e WHERE e.id IN (SELECT value FROM json_each(?))`, string(list))
}

const featureColumns = `e.id, e.feature`

// FindFeatures is FindEvents answering with each event's stored GeoJSON feature. A row whose
// feature is missing (written by an older build after this database was migrated) is
// rendered for the answer, and stored by the next Open.
func (db *DB) FindFeatures(ctx context.Context, f geo.EventFilter) ([]json.RawMessage, int, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	q, args, total, err := countPage(ctx, tx, f, featureColumns)
	features := []json.RawMessage{}
	if err != nil || q == "" {
		return features, total, err
	}
	missing := map[string]int{} // event id → its index in features
	err = eachRow(ctx, tx, q, args, func(s scanner) error {
		var id string
		var feature []byte
		if err := s.Scan(&id, &feature); err != nil {
			return err
		}
		if len(feature) == 0 {
			missing[id] = len(features)
		}
		features = append(features, feature)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	if len(missing) > 0 {
		if err := db.renderMissing(ctx, tx, missing, features); err != nil {
			return nil, 0, err
		}
	}
	return features, total, nil
}

// renderMissing fills features[i] for each id → i in missing, with this process's names.
func (db *DB) renderMissing(ctx context.Context, tx *sql.Tx, missing map[string]int, features []json.RawMessage) error {
	events, err := eventsByID(ctx, tx, slices.Collect(maps.Keys(missing)))
	if err != nil {
		return err
	}
	names := *db.names.Load()
	for _, e := range events {
		f, err := renderFeature(e, e.UpdatedAt, names)
		if err != nil {
			return err
		}
		features[missing[e.ID]] = json.RawMessage(f)
	}
	return nil
}
