package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb/geojson"
	"github.com/westward/westward/geo"
	"github.com/westward/westward/server/store"
)

// confirmOutside is the value of the confirm parameter with which an editor keeps a point that
// lies outside its stated country (a ship, an embassy, a border strike).
const confirmOutside = "outside_country"

// readEvent reads the request body as a GeoJSON feature in Westward's shape. A missing id is
// taken from the URL. A point outside its country is refused unless confirmed.
func (s *Server) readEvent(c echo.Context, id string, prev *geo.Event) (*geo.Event, error) {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return nil, geo.ParamError("body", "could not be read: %v", err)
	}
	return s.eventFromJSON(c, body, id, prev)
}

// eventFromJSON parses and checks an event. A point and country unchanged from prev (the
// stored event) are not checked again: they were confirmed when first saved.
func (s *Server) eventFromJSON(c echo.Context, body []byte, id string, prev *geo.Event) (*geo.Event, error) {
	if !utf8.Valid(body) {
		// encoding/json would quietly turn these bytes into U+FFFD: refuse them, as imports do.
		return nil, geo.ParamError("body", "is not valid UTF-8")
	}
	var probe map[string]any
	if err := json.Unmarshal(body, &probe); err != nil {
		return nil, geo.ParamError("body", "is not JSON: %v", err)
	}
	if _, ok := probe["id"]; !ok && id != "" {
		probe["id"] = id
		body, _ = json.Marshal(probe)
	}
	f, err := geojson.UnmarshalFeature(body)
	if err != nil {
		return nil, geo.ParamError("body", "is not a GeoJSON Feature: %v", err)
	}
	e, err := geo.EventFromFeature(f)
	if err != nil {
		return nil, err
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	unchanged := prev != nil && prev.Point == e.Point && prev.Country == e.Country
	if s.atlas != nil && !unchanged && !s.atlas.Contains(e.Country, e.Point, 2) && c.QueryParam("confirm") != confirmOutside {
		where, _ := s.atlas.Locate(e.Point)
		return nil, geo.ParamError("geometry", "the point %v lies outside %s (in %q); if that is right, send it again with confirm=%s",
			e.Point, e.Country, where, confirmOutside)
	}
	return e, nil
}

func (s *Server) itemURL(c echo.Context, id string) string {
	return s.baseURL(c) + "/api/collections/events/items/" + url.PathEscape(id)
}

func (s *Server) writeFeature(c echo.Context, status int, e *geo.Event) error {
	b, err := e.Feature(s.countryName).MarshalJSON()
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
	return c.Blob(status, mimeGeoJSON, b)
}

// createItem answers POST /api/collections/events/items (OGC API – Features Part 4 create).
func (s *Server) createItem(c echo.Context) error {
	e, err := s.readEvent(c, "", nil)
	if err != nil {
		return err
	}
	if err := s.db.CreateEvent(c.Request().Context(), e, userOf(c)); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, s.itemURL(c, e.ID))
	return s.answerSaved(c, e.ID, http.StatusCreated)
}

// replaceItem answers PUT …/items/{id} (replace). The body is checked against the event as
// it stands inside the write transaction, where If-Match is checked too.
func (s *Server) replaceItem(c echo.Context) error {
	id := c.Param("id")
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return geo.ParamError("body", "could not be read: %v", err)
	}
	return s.update(c, id, func(cur *geo.Event) (*geo.Event, error) {
		return s.eventFromJSON(c, body, id, cur)
	})
}

// update applies change to the event inside one write transaction, after checking If-Match,
// and answers with the saved event and its new ETag.
func (s *Server) update(c echo.Context, id string, change func(cur *geo.Event) (*geo.Event, error)) error {
	ctx := c.Request().Context()
	expect, err := expectation(c)
	if err != nil {
		return err
	}
	if err := s.db.UpdateEvent(ctx, id, expect, change, userOf(c)); err != nil {
		return err
	}
	return s.answerSaved(c, id, http.StatusOK)
}

// answerSaved answers a write with the event as stored and the ETag a GET of it now carries,
// which the next write can send as If-Match.
func (s *Server) answerSaved(c echo.Context, id string, status int) error {
	// The version is read before the event: should another write land in between, the tag is
	// older than the body and the next If-Match fails safe (412) rather than passing a change
	// this client never saw.
	v := s.db.Version()
	saved, err := s.db.FindEventByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	path := "/api/collections/events/items/" + id
	c.Response().Header().Set(headerETag, etagFor(v, keyOf(v, path, "", s.baseURL(c))))
	return s.writeFeature(c, status, saved)
}

// patchItem answers PATCH …/items/{id} (update) with a JSON Merge Patch (RFC 7396) of the
// feature: {"properties": {"title": "…"}} changes the title and leaves the rest. The patch is
// merged into the event as it stands inside the write transaction, so a concurrent edit of
// another field is kept, not overwritten with what this request read earlier.
func (s *Server) patchItem(c echo.Context) error {
	id := c.Param("id")
	patchBody, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return geo.ParamError("body", "could not be read: %v", err)
	}
	if !utf8.Valid(patchBody) {
		return geo.ParamError("body", "is not valid UTF-8")
	}
	var patch any
	if err := json.Unmarshal(patchBody, &patch); err != nil {
		return geo.ParamError("body", "is not JSON: %v", err)
	}
	return s.update(c, id, func(cur *geo.Event) (*geo.Event, error) {
		curJSON, err := cur.Feature(nil).MarshalJSON()
		if err != nil {
			return nil, err
		}
		var doc any
		if err := json.Unmarshal(curJSON, &doc); err != nil {
			return nil, err
		}
		merged, err := json.Marshal(mergePatch(doc, patch))
		if err != nil {
			return nil, err
		}
		return s.eventFromJSON(c, merged, id, cur)
	})
}

// expectation reads If-Match into what the store checks: nil when absent; a tag this server
// issued names the dataset version it was made at (W/"<version>-<hash>"), and the write holds
// if the event has not changed since; "*" holds if the event exists. Tags of other shapes
// match nothing; a header with none of ours is a 400, since no state could ever match it.
func expectation(c echo.Context) (*store.Expect, error) {
	h := c.Request().Header.Get("If-Match")
	if strings.TrimSpace(h) == "" {
		return nil, nil
	}
	x := &store.Expect{}
	for _, tag := range strings.Split(h, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" {
			x.Exists = true
			continue
		}
		version, _, ok := strings.Cut(strings.Trim(strings.TrimPrefix(tag, "W/"), `"`), "-")
		if n, err := strconv.ParseInt(version, 10, 64); ok && err == nil && n >= 0 {
			x.Versions = append(x.Versions, n)
		}
	}
	if !x.Exists && len(x.Versions) == 0 {
		return nil, geo.ParamError("If-Match", "%q holds no ETag this server gave; send the ETag of the event you read", h)
	}
	return x, nil
}

// mergePatch applies an RFC 7396 merge patch to target.
func mergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	for k, v := range p {
		if v == nil {
			delete(t, k)
			continue
		}
		t[k] = mergePatch(t[k], v)
	}
	return t
}

// deleteItem answers DELETE …/items/{id}, honouring If-Match.
func (s *Server) deleteItem(c echo.Context) error {
	expect, err := expectation(c)
	if err != nil {
		return err
	}
	if err := s.db.DeleteEvent(c.Request().Context(), c.Param("id"), expect, userOf(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// history answers GET …/items/{id}/history: who changed the event, when and what, newest first.
func (s *Server) history(c echo.Context) error {
	id := c.Param("id")
	return s.cached(c, mimeJSON, cacheAPI, func() (any, error) {
		revs, err := s.db.History(c.Request().Context(), id)
		if err != nil {
			return nil, err
		}
		return map[string]any{"event": id, "revisions": revs}, nil
	})
}

func revisionParam(c echo.Context) (int, error) {
	n, err := strconv.Atoi(c.Param("rev"))
	if err != nil || n < 1 {
		return 0, geo.ParamError("revision", "%q is not a revision number", c.Param("rev"))
	}
	return n, nil
}

// revision answers GET …/items/{id}/history/{rev}: the event as it stood after that revision.
func (s *Server) revision(c echo.Context) error {
	n, err := revisionParam(c)
	if err != nil {
		return err
	}
	id := c.Param("id")
	return s.cached(c, mimeGeoJSON, cacheAPI, func() (any, error) {
		r, err := s.db.Revision(c.Request().Context(), id, n)
		if err != nil {
			return nil, err
		}
		if r.Event == nil {
			return nil, &geo.Error{Code: geo.ENOTFOUND, Param: "revision", Message: "that revision deleted the event"}
		}
		return r.Event.Feature(s.countryName).MarshalJSON()
	})
}

// restore answers POST …/items/{id}/history/{rev}/restore.
func (s *Server) restore(c echo.Context) error {
	n, err := revisionParam(c)
	if err != nil {
		return err
	}
	id := c.Param("id")
	expect, err := expectation(c)
	if err != nil {
		return err
	}
	if err := s.db.RestoreEvent(c.Request().Context(), id, n, expect, userOf(c)); err != nil {
		return err
	}
	return s.answerSaved(c, id, http.StatusOK)
}
