package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/westward/westward/geo"
)

// Features are kept rendered: each event row holds its GeoJSON feature, written in the same
// transaction as the event (insert and edit call renderFeature), so a page of features costs
// one column per row instead of six tables and an encoding per request. The rendering is
// e.Feature with the stored country names, from e as it reads back: tags sorted and the
// updated_at the row gets (TestStoredFeaturesMatchEvents holds the two to the same bytes).

// renderFeature is e's feature as it will read back once stored with updatedAt.
func (db *DB) renderFeature(e *geo.Event, updatedAt string) (string, error) {
	stored := *e
	stored.UpdatedAt = updatedAt
	stored.Tags = slices.Sorted(slices.Values(e.Tags))
	b, err := stored.Feature(db.CountryName).MarshalJSON()
	if err != nil {
		return "", fmt.Errorf("store: render event %s: %w", e.ID, err)
	}
	return string(b), nil
}

// CountryName is the stored name of the country code, or the code where none is stored.
func (db *DB) CountryName(code string) string {
	if n, ok := (*db.names.Load())[code]; ok {
		return n
	}
	return code
}

// SetCountryNames stores the names features give countries. When they differ from the stored
// ones, every feature is rendered again and the dataset version advances, in one transaction.
func (db *DB) SetCountryNames(ctx context.Context, names map[string]string) error {
	if maps.Equal(*db.names.Load(), names) {
		return nil
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM country_names`); err != nil {
		return err
	}
	for _, code := range slices.Sorted(maps.Keys(names)) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO country_names (code, name) VALUES (?, ?)`, code, names[code]); err != nil {
			return fmt.Errorf("store: country name %q: %w", code, err)
		}
	}
	res, err := tx.ExecContext(ctx, `UPDATE events SET feature = ''`)
	if err != nil {
		return err
	}
	rendered, err := res.RowsAffected()
	if err != nil {
		return err
	}
	old := db.names.Load()
	db.names.Store(&names) // renderPending names with the new names
	v := db.version.Load()
	if rendered > 0 { // with no events, no answer changes
		if err = db.renderPending(ctx, tx); err == nil {
			v, err = bumpVersion(ctx, tx)
		}
	}
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		db.names.Store(old)
		return err
	}
	db.version.Store(v)
	return nil
}

// loadNames reads the stored country names.
func (db *DB) loadNames(ctx context.Context) error {
	names := map[string]string{}
	err := eachRow(ctx, db.read, `SELECT code, name FROM country_names`, nil, func(s scanner) error {
		var code, name string
		if err := s.Scan(&code, &name); err != nil {
			return err
		}
		names[code] = name
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: country names: %w", err)
	}
	db.names.Store(&names)
	return nil
}

// renderOnOpen renders the features of rows that have none (rows written before migration
// 0004), advancing the version when there were any.
func (db *DB) renderOnOpen(ctx context.Context) error {
	var pending bool
	if err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM events WHERE feature = '')`).Scan(&pending); err != nil {
		return err
	}
	if !pending {
		return nil
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := db.renderPending(ctx, tx); err != nil {
		return err
	}
	if _, err := bumpVersion(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// renderPending renders, in pages, every feature left empty in tx.
func (db *DB) renderPending(ctx context.Context, tx *sql.Tx) error {
	const page = 500
	for {
		var pks []int64
		err := eachRow(ctx, tx, `SELECT pk FROM events WHERE feature = '' ORDER BY pk LIMIT ?`, page, func(s scanner) error {
			var pk int64
			pks = append(pks, pk)
			return s.Scan(&pks[len(pks)-1])
		})
		if err != nil || len(pks) == 0 {
			return err
		}
		ids, _ := json.Marshal(pks)
		events, err := findEvents(ctx, tx, `SELECT `+eventColumns+` FROM events e WHERE e.pk IN (SELECT value FROM json_each(?))`, string(ids))
		if err != nil {
			return err
		}
		for _, e := range events {
			f, err := db.renderFeature(e, e.UpdatedAt)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE events SET feature = ? WHERE id = ?`, f, e.ID); err != nil {
				return err
			}
		}
	}
}

const featureColumns = `e.id, e.feature`

// FindFeatures is FindEvents answering with each event's stored GeoJSON feature.
func (db *DB) FindFeatures(ctx context.Context, f geo.EventFilter) ([]json.RawMessage, int, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	from, where, args := eventQuery(f)
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+from+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count events: %w", err)
	}
	features := []json.RawMessage{}
	if total == 0 || f.Offset >= total {
		return features, total, nil
	}
	limit := f.Limit
	if limit <= 0 {
		limit = geo.DefaultLimit
	}
	err = eachRow(ctx, tx, pageQuery(featureColumns, from, where), append(args, limit, f.Offset), func(s scanner) error {
		var id string
		var feature []byte
		if err := s.Scan(&id, &feature); err != nil {
			return err
		}
		if len(feature) == 0 {
			return fmt.Errorf("store: event %s has no rendered feature", id)
		}
		features = append(features, feature)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return features, total, nil
}
