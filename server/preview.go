package server

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/preview"
	"github.com/westward/westward/server/store"
)

// mimePNG is the preview image's content type.
const mimePNG = "image/png"

// previewParams are the page's URL state (static/js/core/state.js) and a story chapter's
// (?story=…&chapter=…): what /preview.png takes, and what a page passes on to its og:image.
var previewParams = []string{"t", "mode", "w", "speed", "kind", "actor", "attr", "country", "alleged", "q", "event", "map", "story", "chapter"}

// basemapFile is the Natural Earth country shapes the page draws (static/js/core/api.js).
const basemapFile = "vendor/world-atlas/countries-50m.json"

// previewCredit is the image's credit line: whose map, whose shapes.
const previewCredit = "Westward · basemap: Natural Earth"

// preview answers /preview.png: the view a page URL describes, drawn as a 1200×630 PNG for
// link previews. It reads the page's parameters as the page does (geo.ParsePageView), so a
// malformed value falls back to the page's default; an unknown parameter is refused. Renders
// are cached by dataset version and query, as every API answer is.
func (s *Server) preview(c echo.Context) error {
	q, err := queryParams(c)
	if err != nil {
		return err
	}
	for k := range q {
		if !slices.Contains(previewParams, k) {
			return geo.UnknownParam(k)
		}
	}
	return s.cached(c, mimePNG, cacheAPI, func() (any, error) {
		ctx := c.Request().Context()
		v, b, err := s.pageView(ctx, q, false)
		if err != nil {
			return nil, err
		}
		scene, err := s.previewScene(ctx, v, b)
		if err != nil {
			return nil, err
		}
		return preview.Encode(preview.Render(scene))
	})
}

// viewBasis is what naming a view needs from the data: the time the data covers (the page's
// time controls run from its first to its last day) and the stories.
type viewBasis struct {
	start, end time.Time
	stories    []geo.Story
	chapter    *geo.Chapter // the chapter the view shows, if any
	story      *geo.Story
	selected   *geo.Event // the selected event, if it exists
}

// pageView reads the view a page URL shows, a story chapter's applied; story says the URL is
// the story page's, which shows its first chapter when none is named.
func (s *Server) pageView(ctx context.Context, q url.Values, story bool) (geo.PageView, viewBasis, error) {
	v := geo.ParsePageView(q)
	var b viewBasis
	ext, err := s.dataExtent(ctx)
	if err != nil {
		return v, b, err
	}
	today := time.Now().UTC()
	b.start, _ = time.Parse(time.DateOnly, ext.Start)
	b.end, _ = time.Parse(time.DateOnly, ext.End)
	if ext.End == "" {
		b.start, b.end = today.AddDate(-1, 0, 0).Truncate(24*time.Hour), today.Truncate(24*time.Hour)
	}
	b.end = monthEnd(b.end)
	if now := monthEnd(today); now.Before(b.end) {
		b.end = now
	}
	if b.end.Before(b.start) {
		b.end = b.start
	}
	if story || v.Story != "" || v.Chapter != "" {
		if b.stories, err = s.db.Stories(ctx); err != nil {
			return v, b, err
		}
		b.story, b.chapter = findChapter(b.stories, v.Story, v.Chapter)
		if b.chapter != nil {
			v.ApplyChapter(*b.chapter, b.start, b.end)
		}
	}
	if v.Selected != "" {
		e, err := s.db.FindEventByID(ctx, v.Selected)
		switch {
		case err == nil:
			b.selected = e
		case geo.ErrorCode(err) != geo.ENOTFOUND:
			return v, b, err
		}
	}
	if v.Time.IsZero() {
		v.Time = b.end
	}
	if v.Time.Before(b.start) {
		v.Time = b.start
	}
	if v.Time.After(b.end) {
		v.Time = b.end
	}
	return v, b, nil
}

// findChapter finds a story's chapter as the page does: the first story if none is named or
// found, its first chapter likewise.
func findChapter(stories []geo.Story, storyID, chapterID string) (*geo.Story, *geo.Chapter) {
	if len(stories) == 0 {
		return nil, nil
	}
	st := &stories[0]
	for i := range stories {
		if stories[i].ID == storyID {
			st = &stories[i]
			break
		}
	}
	if len(st.Chapters) == 0 {
		return st, nil
	}
	for i := range st.Chapters {
		if st.Chapters[i].ID == chapterID {
			return st, &st.Chapters[i]
		}
	}
	return st, &st.Chapters[0]
}

func monthEnd(t time.Time) time.Time {
	y, m, _ := t.Date()
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
}

// previewScene gathers what the preview of v draws: the events its filters pass, the reach
// they had by its day under its rule (geo.ComputeSpread, as the page's tint), the events shown
// on that day, and its title and date.
func (s *Server) previewScene(ctx context.Context, v geo.PageView, b viewBasis) (preview.Scene, error) {
	var matching map[string]bool
	if v.Query != "" {
		found, err := s.db.SpreadEvents(ctx, geo.EventFilter{Query: v.Query})
		if err != nil {
			return preview.Scene{}, err
		}
		matching = make(map[string]bool, len(found))
		for _, e := range found {
			matching[e.ID] = true
		}
	}
	var passing, shown []*geo.Event
	var points []orb.Point
	err := s.db.AllEvents(ctx, geo.EventFilter{}, func(e *geo.Event) error {
		if !v.PassesFilters(e) || matching != nil && !matching[e.ID] {
			return nil
		}
		passing = append(passing, e)
		points = append(points, e.Point)
		if v.Shown(e, v.Time) {
			shown = append(shown, e)
		}
		return nil
	})
	if err != nil {
		return preview.Scene{}, err
	}
	scene := preview.Scene{Atlas: s.previewAtlas(), Events: shown, Selected: v.Selected,
		Reached: map[string]bool{}, Alleged: map[string]bool{}, Named: map[string]bool{},
		Title: s.viewTitle(v, b), Date: preview.DateLabel(v.Time, v.WindowMonths), Credit: previewCredit}
	spread := geo.ComputeSpread(passing, v.Rule(), nil)
	day := v.Time.Format(time.DateOnly)
	for _, tint := range []struct {
		list []geo.FirstReached
		set  map[string]bool
	}{{spread.Countries, scene.Reached}, {spread.Alleged, scene.Alleged}, {spread.Named, scene.Named}} {
		for _, fr := range tint.list {
			if fr.FirstDateLatest <= day && !scene.Reached[fr.Country] && !scene.Alleged[fr.Country] {
				tint.set[fr.Country] = true
			}
		}
	}
	if v.Map != nil {
		scene.Frame = *v.Map
	} else {
		scene.Frame = preview.Frame(points)
	}
	return scene, nil
}

// viewTitle names the view: a chapter by its story and title, a selected event by its title,
// any other view by what it shows (geo.PageView.Title).
func (s *Server) viewTitle(v geo.PageView, b viewBasis) string {
	if b.chapter != nil {
		return b.chapter.Title
	}
	if b.selected != nil {
		return b.selected.Title + " (" + b.selected.Date.Label() + ")"
	}
	return v.Title(v.Time, s.countryName)
}

// viewDescription says in a sentence or two what the view shows, for og:description and oEmbed.
func (s *Server) viewDescription(v geo.PageView, b viewBasis, fallback string) string {
	if b.chapter != nil {
		return firstSentences(b.chapter.Narrative, 240)
	}
	if b.selected != nil {
		return firstSentences(b.selected.Summary, 240)
	}
	if v.Selected == "" && v.Map == nil && v.Query == "" {
		return fallback
	}
	return v.Title(v.Time, s.countryName) + ", as the published sources state them, on Westward's map."
}

// firstSentences cuts text after the last full stop within n bytes, or at a word with "…".
func firstSentences(text string, n int) string {
	if len(text) <= n {
		return text
	}
	cut := text[:n]
	if i := strings.LastIndex(cut, ". "); i > 0 {
		return cut[:i+1]
	}
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	return cut + "…"
}

// viewMeta is how a page or an oEmbed answer presents a view: its title and description,
// and its preview image's path and text alternative.
type viewMeta struct {
	title, description, image, imageAlt string
}

// describeView presents the view a page URL's query shows (story: the story page's). The
// image path names the chapter explicitly, so /story and its first chapter share one image.
func (s *Server) describeView(ctx context.Context, q url.Values, story bool, fallback string) (viewMeta, error) {
	v, b, err := s.pageView(ctx, q, story)
	if err != nil {
		return viewMeta{}, err
	}
	keep := url.Values{}
	for _, k := range previewParams {
		if q.Has(k) {
			keep.Set(k, q.Get(k))
		}
	}
	if b.chapter != nil {
		keep.Set("story", b.story.ID)
		keep.Set("chapter", b.chapter.ID)
	}
	m := viewMeta{title: s.viewTitle(v, b), description: s.viewDescription(v, b, fallback), image: "/preview.png"}
	if enc := keep.Encode(); enc != "" {
		m.image += "?" + enc
	}
	m.imageAlt = "Map: " + m.title + ". " + preview.DateLabel(v.Time, v.WindowMonths) + "."
	return m, nil
}

// extentAt is the data's time extent at a dataset version.
type extentAt struct {
	version int64
	extent  store.TimeExtent
}

// dataExtent is the first and last day the data covers, read once per dataset version: every
// page load names its view with it, and counting the whole dataset each time would not do.
func (s *Server) dataExtent(ctx context.Context) (store.TimeExtent, error) {
	if e := s.extent.Load(); e != nil && e.version == s.db.Version() {
		return e.extent, nil
	}
	sum, err := s.db.Summary(ctx)
	if err != nil {
		return store.TimeExtent{}, err
	}
	s.extent.Store(&extentAt{version: sum.Version, extent: sum.Extent})
	return sum.Extent, nil
}
