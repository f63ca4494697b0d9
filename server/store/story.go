package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/westward/westward/geo"
)

// insertStories writes stories inside tx, after the events they cite.
func insertStories(ctx context.Context, tx *sql.Tx, stories []geo.Story) error {
	for _, s := range stories {
		if err := s.Validate(nil); err != nil {
			return fmt.Errorf("story %q: %w", s.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO stories (id, title, summary) VALUES (?, ?, ?)`, s.ID, s.Title, s.Summary); err != nil {
			return fmt.Errorf("story %s: %w", s.ID, err)
		}
		for i, c := range s.Chapters {
			filters, err := json.Marshal(c.Filters)
			if err != nil {
				return err
			}
			if c.Filters == nil {
				filters = []byte("{}")
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO chapters (story_id, position, id, title, narrative, datetime, mode,
				center_lon, center_lat, zoom, filters) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				s.ID, i, c.ID, c.Title, c.Narrative, c.Datetime, c.Mode, c.View.Center[0], c.View.Center[1], c.View.Zoom, string(filters)); err != nil {
				return fmt.Errorf("story %s chapter %s: %w", s.ID, c.ID, err)
			}
			for j, id := range c.Events {
				if _, err := tx.ExecContext(ctx, `INSERT INTO chapter_events (story_id, chapter_position, position, event_id)
					VALUES (?, ?, ?, ?)`, s.ID, i, j, id); err != nil {
					return fmt.Errorf("story %s chapter %s cites event %q: %w", s.ID, c.ID, id, err)
				}
			}
		}
	}
	return nil
}

// Stories returns every story with its chapters, ordered by id.
func (db *DB) Stories(ctx context.Context) ([]geo.Story, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	stories := []geo.Story{}
	idx := map[string]int{}
	if err := eachRow(ctx, tx, `SELECT id, title, summary FROM stories ORDER BY id`, nil, func(r scanner) error {
		var s geo.Story
		if err := r.Scan(&s.ID, &s.Title, &s.Summary); err != nil {
			return err
		}
		s.Chapters = []geo.Chapter{}
		idx[s.ID] = len(stories)
		stories = append(stories, s)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := eachRow(ctx, tx, `SELECT story_id, id, title, narrative, datetime, mode, center_lon, center_lat, zoom, filters
		FROM chapters ORDER BY story_id, position`, nil, func(r scanner) error {
		var sid, filters string
		var c geo.Chapter
		if err := r.Scan(&sid, &c.ID, &c.Title, &c.Narrative, &c.Datetime, &c.Mode, &c.View.Center[0], &c.View.Center[1], &c.View.Zoom, &filters); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(filters), &c.Filters); err != nil {
			return fmt.Errorf("store: story %s chapter %s filters: %w", sid, c.ID, err)
		}
		if len(c.Filters) == 0 {
			c.Filters = nil
		}
		c.Events = []string{}
		s := &stories[idx[sid]]
		s.Chapters = append(s.Chapters, c)
		return nil
	}); err != nil {
		return nil, err
	}
	err = eachRow(ctx, tx, `SELECT story_id, chapter_position, event_id FROM chapter_events
		ORDER BY story_id, chapter_position, position`, nil, func(r scanner) error {
		var sid, eid string
		var pos int
		if err := r.Scan(&sid, &pos, &eid); err != nil {
			return err
		}
		c := &stories[idx[sid]].Chapters[pos]
		c.Events = append(c.Events, eid)
		return nil
	})
	return stories, err
}

// Story returns one story, or an ENOTFOUND error.
func (db *DB) Story(ctx context.Context, id string) (*geo.Story, error) {
	all, err := db.Stories(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].ID == id {
			return &all[i], nil
		}
	}
	return nil, &geo.Error{Code: geo.ENOTFOUND, Param: "id", Message: fmt.Sprintf("no story %q", id)}
}
