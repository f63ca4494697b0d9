package geo

import (
	"fmt"
	"net/url"
	"strings"
)

// Story is an ordered walk through the events for a class or a reader: chapters, each with a
// short narrative written from the sources, a time window, a map view and the events it is
// about. Stories are data, so a new one needs no code.
type Story struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Summary  string    `json:"summary"`
	Chapters []Chapter `json:"chapters"`
}

// Chapter is one step of a story.
type Chapter struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Narrative string `json:"narrative"`
	// Datetime is the chapter's time window, written as the API's datetime parameter
	// ("2015/2017-06", "../2021-08-26", "2024-03").
	Datetime string `json:"datetime"`
	// Mode is "cumulative" (every event up to the window's end) or "window" (only the window).
	Mode string `json:"mode"`
	View View   `json:"view"`
	// Events are the events the narrative is about: highlighted on the map and cited.
	Events []string `json:"events"`
	// Filters narrow the map as the API's parameters do ({"actor": "iskp"}); may be empty.
	Filters map[string]string `json:"filters,omitempty"`
}

// View is a map view: a centre [lon, lat] and a zoom level.
type View struct {
	Center [2]float64 `json:"center"`
	Zoom   float64    `json:"zoom"`
}

// MaxNarrativeWords keeps a chapter readable from the back of a classroom.
const MaxNarrativeWords = 160

// Validate checks a story on its own; that its events exist is checked by whoever holds them
// (eventExists may be nil to skip that).
func (s *Story) Validate(eventExists func(id string) bool) error {
	switch {
	case !slug.MatchString(s.ID):
		return ParamError("id", "%q is not a lower-case slug", s.ID)
	case strings.TrimSpace(s.Title) == "":
		return ParamError("title", "is required")
	case len(s.Chapters) == 0:
		return ParamError("chapters", "a story needs at least one chapter")
	}
	ids := map[string]bool{}
	for i, c := range s.Chapters {
		at := fmt.Sprintf("chapters[%d]", i)
		switch {
		case !slug.MatchString(c.ID):
			return ParamError(at+".id", "%q is not a lower-case slug", c.ID)
		case ids[c.ID]:
			return ParamError(at+".id", "%q is used twice", c.ID)
		case strings.TrimSpace(c.Title) == "":
			return ParamError(at+".title", "is required")
		case strings.TrimSpace(c.Narrative) == "":
			return ParamError(at+".narrative", "is required")
		case len(strings.Fields(c.Narrative)) > MaxNarrativeWords:
			return ParamError(at+".narrative", "has %d words; keep it under %d", len(strings.Fields(c.Narrative)), MaxNarrativeWords)
		case c.Mode != "cumulative" && c.Mode != "window":
			return ParamError(at+".mode", "want cumulative or window, got %q", c.Mode)
		case !validLonLat(c.View.Center[0], c.View.Center[1]):
			return ParamError(at+".view.center", "%v is not [lon, lat]", c.View.Center)
		case c.View.Zoom < 1 || c.View.Zoom > 18:
			return ParamError(at+".view.zoom", "want 1–18, got %g", c.View.Zoom)
		}
		ids[c.ID] = true
		if _, err := ParseDatetime(c.Datetime); err != nil {
			return ParamError(at+".datetime", "%v", err)
		}
		q := url.Values{}
		for k, v := range c.Filters {
			q.Set(k, v)
		}
		if _, err := ParseEventFilter(q); err != nil {
			return ParamError(at+".filters", "%v", err)
		}
		for j, id := range c.Events {
			if eventExists != nil && !eventExists(id) {
				return ParamError(fmt.Sprintf("%s.events[%d]", at, j), "no event %q", id)
			}
		}
	}
	return nil
}
