package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/westward/westward/geo"
)

// PutSource adds or replaces a source (a publication events may cite).
func (db *DB) PutSource(ctx context.Context, s geo.Source) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return db.edit(ctx, func(tx *sql.Tx, now string) error {
		for _, q := range []string{`DELETE FROM source_authors WHERE source_id = ?`} {
			if _, err := tx.ExecContext(ctx, q, s.ID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sources (id, publication, title, published, published_note, url)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET publication = excluded.publication,
			title = excluded.title, published = excluded.published, published_note = excluded.published_note,
			url = excluded.url`, s.ID, s.Publication, s.Title, s.Published.String(), s.PublishedNote, s.URL); err != nil {
			return err
		}
		for i, a := range s.Authors {
			if _, err := tx.ExecContext(ctx, `INSERT INTO source_authors (source_id, position, name) VALUES (?, ?, ?)`, s.ID, i, a); err != nil {
				return err
			}
		}
		return nil
	})
}

func insertSource(ctx context.Context, tx *sql.Tx, s geo.Source) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO sources (id, publication, title, published, published_note, url)
		VALUES (?, ?, ?, ?, ?, ?)`, s.ID, s.Publication, s.Title, s.Published.String(), s.PublishedNote, s.URL); err != nil {
		return fmt.Errorf("store: source %s: %w", s.ID, err)
	}
	for i, a := range s.Authors {
		if _, err := tx.ExecContext(ctx, `INSERT INTO source_authors (source_id, position, name) VALUES (?, ?, ?)`,
			s.ID, i, a); err != nil {
			return fmt.Errorf("store: source %s: %w", s.ID, err)
		}
	}
	return nil
}

// Sources returns every source, ordered by id.
func (db *DB) Sources(ctx context.Context) ([]geo.Source, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, publication, title, published, published_note, url FROM sources ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []geo.Source{}
	idx := map[string]int{}
	for rows.Next() {
		var s geo.Source
		var published string
		if err := rows.Scan(&s.ID, &s.Publication, &s.Title, &published, &s.PublishedNote, &s.URL); err != nil {
			return nil, err
		}
		if s.Published, err = geo.ParseDate(published); err != nil {
			return nil, fmt.Errorf("store: source %s: %w", s.ID, err)
		}
		s.Authors = []string{}
		idx[s.ID] = len(out)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	arows, err := tx.QueryContext(ctx, `SELECT source_id, name FROM source_authors ORDER BY source_id, position`)
	if err != nil {
		return nil, err
	}
	defer arows.Close()
	for arows.Next() {
		var id, name string
		if err := arows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[idx[id]].Authors = append(out[idx[id]].Authors, name)
	}
	return out, arows.Err()
}
