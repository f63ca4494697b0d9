package gazetteer

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// buildIndex fills g.index with the key of every place name and alias.
// All keys live in one string (the arena) and entries hold substrings of
// it, so the index costs one allocation for its text instead of one per
// name. One sorted slice serves exact look-ups (the run of equal keys) and
// prefix look-ups (the run of keys with that prefix) alike, which is why
// there is no separate map.
func (g *Gazetteer) buildIndex(names []alias) error {
	g.aliases = names
	type span struct{ start, end, place, alias int32 }
	spans := make([]span, 0, len(g.places)+len(names))
	var size int
	for i := range g.places {
		size += len(g.places[i].name)
	}
	arena := make([]byte, 0, size+size/8)
	add := func(name string, place, alias int32) {
		start := len(arena)
		arena = appendKey(arena, name)
		if len(arena) > start {
			spans = append(spans, span{int32(start), int32(len(arena)), place, alias})
		}
	}
	for i := range g.places {
		add(g.places[i].name, int32(i), -1)
	}
	for i, a := range names {
		p, ok := g.placeByID(a.id)
		if !ok || g.places[p].country != a.country {
			return fmt.Errorf("gazetteer: alias %q: no place %d in %s", a.name, a.id, a.country)
		}
		add(a.name, p, int32(i))
	}
	text := string(arena)
	g.index = make([]indexEntry, len(spans))
	for i, s := range spans {
		g.index[i] = indexEntry{key: text[s.start:s.end], place: s.place, alias: s.alias}
	}
	slices.SortFunc(g.index, func(a, b indexEntry) int {
		return cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.place, b.place))
	})
	return nil
}

// placeByID returns the index in g.places of GeoNames ID id.
func (g *Gazetteer) placeByID(id int32) (int32, bool) {
	i, ok := slices.BinarySearchFunc(g.byID, id, func(p int32, id int32) int {
		return cmp.Compare(g.places[p].id, id)
	})
	if !ok {
		return 0, false
	}
	return g.byID[i], true
}

// keyRange returns the run of index entries whose key starts with k; the
// exact matches, if any, come first because a key sorts before its
// extensions.
func (g *Gazetteer) keyRange(k string) []indexEntry {
	lo, _ := slices.BinarySearchFunc(g.index, k, func(e indexEntry, k string) int {
		return strings.Compare(e.key, k)
	})
	rest := g.index[lo:]
	n := sort.Search(len(rest), func(i int) bool { return !strings.HasPrefix(rest[i].key, k) })
	return rest[:n]
}

// exactRange returns the index entries whose key is exactly k.
func (g *Gazetteer) exactRange(k string) []indexEntry {
	r := g.keyRange(k)
	n := 0
	for n < len(r) && r[n].key == k {
		n++
	}
	return r[:n]
}
