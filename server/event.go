package server

import (
	"encoding/json"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb/geojson"
	"github.com/westward/westward/geo"
)

// items answers /api/collections/events/items: one page of the filtered events as a GeoJSON
// FeatureCollection with OGC paging links, or CSV with f=csv.
func (s *Server) items(c echo.Context) error {
	if s.notModified(c) {
		return nil
	}
	q, err := queryParams(c)
	if err != nil {
		return err
	}
	f, err := geo.ParseEventFilter(q, "f")
	if err != nil {
		return err
	}
	switch q.Get("f") {
	case "", "json", "geojson":
	case "csv":
		return s.admitted(func(c echo.Context) error { return s.writeCSV(c, f, q.Has("limit") || q.Has("offset")) })(c)
	default:
		return geo.ParamError("f", "unsupported format %q; want json or csv", q.Get("f"))
	}
	return s.cached(c, mimeGeoJSON, cacheAPI, func() (any, error) {
		features, total, err := s.db.FindFeatures(c.Request().Context(), f)
		if err != nil {
			return nil, err
		}
		return writeFeatureCollection(features, total, s.db.Now(), s.pageLinks(c, f, total, len(features)))
	})
}

// writeFeatureCollection writes a page of stored features (already GeoJSON, rendered by orb when
// their events were written) into a FeatureCollection with the OGC paging members.
func writeFeatureCollection(features []json.RawMessage, total int, now time.Time, links []Link) ([]byte, error) {
	linksJSON, err := json.Marshal(links)
	if err != nil {
		return nil, err
	}
	n := len(linksJSON) + 200
	for _, f := range features {
		n += len(f) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, `{"type":"FeatureCollection","features":[`...)
	for i, f := range features {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, f...)
	}
	b = append(b, `],"numberMatched":`...)
	b = strconv.AppendInt(b, int64(total), 10)
	b = append(b, `,"numberReturned":`...)
	b = strconv.AppendInt(b, int64(len(features)), 10)
	b = append(b, `,"timeStamp":"`...)
	b = now.UTC().AppendFormat(b, time.RFC3339)
	b = append(b, `","links":`...)
	b = append(b, linksJSON...)
	return append(b, '}'), nil
}

// pageLinks are the self, alternate, next and prev links of one page.
func (s *Server) pageLinks(c echo.Context, f geo.EventFilter, total, returned int) []Link {
	base := s.baseURL(c) + "/api/collections/events/items"
	with := func(offset int, format string) string {
		q := url.Values{}
		for k, v := range c.QueryParams() {
			q[k] = v
		}
		q.Del("offset")
		q.Del("f")
		if offset > 0 {
			q.Set("offset", strconv.Itoa(offset))
		}
		if format != "" {
			q.Set("f", format)
			// the CSV of this page, not of every match
			q.Set("limit", strconv.Itoa(f.Limit))
		}
		if len(q) == 0 {
			return base
		}
		return base + "?" + q.Encode()
	}
	links := []Link{
		{Href: with(f.Offset, ""), Rel: "self", Type: mimeGeoJSON, Title: "This page"},
		{Href: with(f.Offset, "csv"), Rel: "alternate", Type: "text/csv", Title: "This page as CSV"},
	}
	if next := f.Offset + returned; returned > 0 && next < total {
		links = append(links, Link{Href: with(next, ""), Rel: "next", Type: mimeGeoJSON, Title: "Next page"})
	}
	if f.Offset > 0 {
		links = append(links, Link{Href: with(max(0, f.Offset-f.Limit), ""), Rel: "prev", Type: mimeGeoJSON, Title: "Previous page"})
	}
	return links
}

// item answers /api/collections/events/items/{id}.
func (s *Server) item(c echo.Context) error {
	if err := onlyFormat(c, "json", "geojson"); err != nil {
		return err
	}
	id := c.Param("id")
	return s.cached(c, mimeGeoJSON, cacheAPI, func() (any, error) {
		e, err := s.db.FindEventByID(c.Request().Context(), id)
		if err != nil {
			return nil, err
		}
		f := e.Feature(s.countryName)
		b := s.baseURL(c) + "/api/collections/events"
		f.ExtraMembers = geojson.Properties{"links": []Link{
			{Href: b + "/items/" + url.PathEscape(id), Rel: "self", Type: mimeGeoJSON, Title: "This event"},
			{Href: b, Rel: "collection", Type: mimeJSON, Title: "The events collection"},
		}}
		return f.MarshalJSON()
	})
}
