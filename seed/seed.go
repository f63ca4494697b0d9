// Package seed is Westward's first dataset, embedded in the binary: the events of Islamic State
// Khorasan Province's westward expansion as five published articles describe them (see
// README.md here), as GeoJSON that GitHub renders as a map, and the sources they cite.
package seed

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/paulmach/orb/geojson"
	"github.com/westward/westward/geo"
)

//go:embed events.geojson
var eventsGeoJSON []byte

//go:embed sources.json
var sourcesJSON []byte

//go:embed stories.json
var storiesJSON []byte

// EventsGeoJSON is the events file as shipped, for tests and exports.
func EventsGeoJSON() []byte { return eventsGeoJSON }

// Load parses the embedded dataset. Every event is validated and every citation and link must
// name a known source; the first problem is returned with the event's id.
func Load() ([]geo.Source, []*geo.Event, error) {
	return Parse(sourcesJSON, eventsGeoJSON)
}

// LoadStories parses the embedded stories and checks that every event they cite is in events.
func LoadStories(events []*geo.Event) ([]geo.Story, error) {
	return ParseStories(storiesJSON, events)
}

// ParseStories reads a stories list in the seed's format, checking each against events.
func ParseStories(data []byte, events []*geo.Event) ([]geo.Story, error) {
	var stories []geo.Story
	if err := json.Unmarshal(data, &stories); err != nil {
		return nil, fmt.Errorf("seed: stories: %w", err)
	}
	ids := map[string]bool{}
	for _, e := range events {
		ids[e.ID] = true
	}
	exists := func(id string) bool { return ids[id] }
	seen := map[string]bool{}
	for i := range stories {
		if err := stories[i].Validate(exists); err != nil {
			return nil, fmt.Errorf("seed: story %q: %w", stories[i].ID, err)
		}
		if seen[stories[i].ID] {
			return nil, fmt.Errorf("seed: story %q listed twice", stories[i].ID)
		}
		seen[stories[i].ID] = true
	}
	return stories, nil
}

// Parse reads a sources list and an events FeatureCollection in the seed's format.
func Parse(sourcesData, eventsData []byte) ([]geo.Source, []*geo.Event, error) {
	var sources []geo.Source
	if err := json.Unmarshal(sourcesData, &sources); err != nil {
		return nil, nil, fmt.Errorf("seed: sources: %w", err)
	}
	known := map[string]bool{}
	for i := range sources {
		if err := sources[i].Validate(); err != nil {
			return nil, nil, fmt.Errorf("seed: source %d: %w", i, err)
		}
		if known[sources[i].ID] {
			return nil, nil, fmt.Errorf("seed: source %q listed twice", sources[i].ID)
		}
		known[sources[i].ID] = true
	}
	fc, err := geojson.UnmarshalFeatureCollection(eventsData)
	if err != nil {
		return nil, nil, fmt.Errorf("seed: events: %w", err)
	}
	curated, err := curatedAt(fc)
	if err != nil {
		return nil, nil, err
	}
	events := make([]*geo.Event, 0, len(fc.Features))
	ids := map[string]bool{}
	for i, f := range fc.Features {
		e, err := geo.EventFromFeature(f)
		if err != nil {
			return nil, nil, fmt.Errorf("seed: feature %d (%v): %w", i, f.ID, err)
		}
		if err := e.Validate(); err != nil {
			return nil, nil, fmt.Errorf("seed: event %q: %w", e.ID, err)
		}
		if ids[e.ID] {
			return nil, nil, fmt.Errorf("seed: event id %q used twice", e.ID)
		}
		ids[e.ID] = true
		for _, c := range e.Citations {
			if !known[c.SourceID] {
				return nil, nil, fmt.Errorf("seed: event %q cites unknown source %q", e.ID, c.SourceID)
			}
		}
		for _, l := range e.Links {
			if !known[l.SourceID] {
				return nil, nil, fmt.Errorf("seed: event %q links to unknown source %q", e.ID, l.SourceID)
			}
		}
		if e.UpdatedAt == "" {
			e.UpdatedAt = curated
		}
		events = append(events, e)
	}
	return sources, events, nil
}

// curatedAt reads the collection's "curated" member, the day its events were last edited
// from the sources, as the RFC 3339 time each event's "last changed" shows: a reader sees when
// the curators last changed the data, not when a server happened to load it. Without it the
// store stamps the load time.
func curatedAt(fc *geojson.FeatureCollection) (string, error) {
	v, ok := fc.ExtraMembers["curated"]
	if !ok {
		return "", nil
	}
	s, _ := v.(string)
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return "", fmt.Errorf("seed: curated: want YYYY-MM-DD, got %v", v)
	}
	return d.Format(time.RFC3339), nil
}
