package gazetteer

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb/geo"
)

// Score weights. Each outweighs everything below it (log10 of the largest
// population is under 8), so the order is: hinted country, then comma
// context, then exact over prefix, then population.
const (
	scoreHint    = 1000
	scoreContext = 100
	scoreExact   = 10
)

// contextRadiusMeters is how near a place named in the comma context must
// be for a candidate to count as "in" it: wide enough for a metropolis
// ("Başakşehir, Istanbul"), narrow enough to tell namesakes apart.
const contextRadiusMeters = 50_000

// maxQueryBytes bounds the work one query can cause.
const maxQueryBytes = 200

// adminWords are trailing words that name an administrative unit, which
// the data does not hold ("Başakşehir district", "Moscow Oblast"). A part
// ending in one is tried without it when it matches nothing as written, so
// it falls back to the unit's namesake town.
var adminWords = map[string]bool{
	"district": true, "province": true, "region": true, "oblast": true,
	"governorate": true, "county": true, "prefecture": true, "krai": true,
	"kray": true, "raion": true, "rayon": true, "ilce": true,
}

// queryPart is one comma-separated part of a query as index keys: full
// without bracketed text, bare without a trailing admin word, literal with
// the bracketed text (the last two "" when they do not differ).
type queryPart struct{ full, bare, literal string }

// adminArea is a first-level admin area: GeoNames admin1 codes are only
// unique within a country.
type adminArea struct{ country, admin string }

// ranked is an index entry that matched, with its score.
type ranked struct {
	entry indexEntry
	score float64
}

// Search returns up to limit places matching query, best first; limit
// below 1 means DefaultLimit and above MaxLimit means MaxLimit. It returns
// nil when nothing matches.
//
// Matching ignores case, Latin diacritics and punctuation ("basaksehir"
// finds Başakşehir, "Sankt Peterburg" finds Sankt-Peterburg) and covers
// alias names ("Cologne" finds Köln). Exact matches outrank names the query
// is only a prefix of, so a half-typed name still lists candidates.
//
// countryHint, an ISO alpha-2 code, ranks that country's places first,
// because a caller usually knows the country (the event's) and namesakes
// abroad are the commonest wrong answer; it is a preference, not a filter.
//
// Free text is read the way people write places: text after ';' and in
// brackets is dropped (unless a name includes it, as "Frankfurt (Oder)"
// does), and of the comma-separated parts the first that matches anything
// is the place, while the parts after it are context. A candidate matches the context when a place named by a context part lies
// within 50 km of it or is the seat (GeoNames PPLA or PPLC) of its admin
// area, so "Başakşehir, Istanbul" prefers the Istanbul district and
// "Krasnogorsk, Moscow Oblast" the town near Moscow. Parts before the place
// are taken to be venues the data cannot know ("Reina nightclub,
// Istanbul"). When no part matches, the longest run of words that names a
// place exactly is used ("A synagogue in Moscow").
func (g *Gazetteer) Search(query, countryHint string, limit int) []Candidate {
	if limit < 1 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	matches, matchedKey, context := g.resolve(queryParts(query))
	if len(matches) == 0 {
		return nil
	}
	hint := strings.ToUpper(strings.TrimSpace(countryHint))
	seats, nearby := g.contextPlaces(context)
	// Keep the best limit entries, plus room for places that match twice
	// (by name and by alias), in a small sorted slice rather than sorting
	// every match: a one-letter prefix matches over ten thousand names.
	keep := limit + len(g.aliases)
	top := make([]ranked, 0, min(keep, len(matches)))
	for _, e := range matches {
		p := &g.places[e.place]
		s := math.Log10(1 + float64(p.pop))
		if e.key == matchedKey {
			s += scoreExact
		}
		if hint != "" && p.country == hint {
			s += scoreHint
		}
		if g.inContext(p, seats, nearby) {
			s += scoreContext
		}
		r := ranked{e, s}
		if len(top) == keep && g.compare(r, top[keep-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(top, r, g.compare)
		if len(top) == keep {
			top = top[:keep-1]
		}
		top = slices.Insert(top, i, r)
	}
	out := make([]Candidate, 0, min(limit, len(top)))
	for _, r := range top {
		if len(out) == limit {
			break
		}
		p := &g.places[r.entry.place]
		// A place matched by its name and an alias appears once, with
		// its better match, which sorted first.
		if slices.ContainsFunc(out, func(c Candidate) bool { return c.GeoNameID == int(p.id) }) {
			continue
		}
		matched := p.name
		if r.entry.alias >= 0 {
			matched = g.aliases[r.entry.alias].name
		}
		out = append(out, p.candidate(matched, r.score))
	}
	return out
}

// compare orders matches best first: by score, then population, then
// GeoNames ID, then the place's own name before an alias, so results and
// their MatchedName are deterministic.
func (g *Gazetteer) compare(a, b ranked) int {
	pa, pb := &g.places[a.entry.place], &g.places[b.entry.place]
	return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(pb.pop, pa.pop),
		cmp.Compare(pa.id, pb.id), cmp.Compare(a.entry.alias, b.entry.alias))
}

// queryParts splits a query at the commas outside brackets into keyed
// parts, after dropping what follows ';', because that holds remarks
// ("Istanbul; also Izmir"), not the place.
func queryParts(q string) []queryPart {
	if len(q) > maxQueryBytes {
		cut := maxQueryBytes
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		q = q[:cut]
	}
	if i := strings.IndexByte(q, ';'); i >= 0 {
		q = q[:i]
	}
	var parts []queryPart
	var raw, plain strings.Builder // the part with and without brackets
	flush := func() {
		if part, ok := newQueryPart(raw.String(), plain.String()); ok {
			parts = append(parts, part)
		}
		raw.Reset()
		plain.Reset()
	}
	depth := 0
	for _, r := range q {
		switch {
		case r == '(' || r == '[':
			depth++
		case (r == ')' || r == ']') && depth > 0:
			depth--
		case r == ',' && depth == 0:
			flush()
			continue
		case depth == 0:
			plain.WriteRune(r)
		}
		raw.WriteRune(r)
	}
	flush()
	return parts
}

// newQueryPart keys one comma part. Text in brackets is usually a remark
// ("Paris (2024 Olympic Games)") and is left out of full, but a few names
// contain it ("Frankfurt (Oder)"), so the bracketed form is kept as
// literal for an exact match. ok is false when nothing is searchable.
func newQueryPart(raw, plain string) (part queryPart, ok bool) {
	part.full = key(plain)
	if raw != plain {
		if lit := key(raw); lit != part.full {
			part.literal = lit
		}
	}
	if i := strings.LastIndexByte(part.full, ' '); i > 0 && adminWords[part.full[i+1:]] {
		part.bare = part.full[:i]
	}
	return part, part.full != "" || part.literal != ""
}

// resolve picks the part of the query that names the place and returns
// the index entries matching it, the key they match (exactly, or as a
// prefix) and the parts after it as context. See Search for the rules.
func (g *Gazetteer) resolve(parts []queryPart) (matches []indexEntry, key string, context []queryPart) {
	for i, part := range parts {
		if part.literal != "" {
			if r := g.exactRange(part.literal); len(r) > 0 {
				return r, part.literal, parts[i+1:]
			}
		}
		for _, k := range [...]string{part.full, part.bare} {
			if k == "" {
				continue
			}
			if r := g.keyRange(k); len(r) > 0 {
				return r, k, parts[i+1:]
			}
		}
	}
	for i, part := range parts {
		words := strings.Split(part.full, " ")
		for n := len(words) - 1; n >= 1; n-- {
			for start := len(words) - n; start >= 0; start-- {
				k := strings.Join(words[start:start+n], " ")
				// Single letters and two-letter words ("a", "in")
				// name places too rarely to trust in free text.
				if len(k) < 3 {
					continue
				}
				if r := g.exactRange(k); len(r) > 0 {
					return r, k, parts[i+1:]
				}
			}
		}
	}
	return nil, "", nil
}

// contextPlaces returns what the context parts name exactly: the admin
// areas whose seats they name, and every named place for the distance
// test.
func (g *Gazetteer) contextPlaces(context []queryPart) (seats map[adminArea]bool, nearby []*place) {
	for _, part := range context {
		r := g.exactRange(part.full)
		if len(r) == 0 && part.bare != "" {
			r = g.exactRange(part.bare)
		}
		for _, e := range r {
			p := &g.places[e.place]
			nearby = append(nearby, p)
			if p.feature == "PPLA" || p.feature == "PPLC" {
				if seats == nil {
					seats = make(map[adminArea]bool)
				}
				seats[adminArea{p.country, p.admin}] = true
			}
		}
	}
	return seats, nearby
}

// inContext reports whether p lies in an admin area whose seat the context
// names, or within contextRadiusMeters of a place it names.
func (g *Gazetteer) inContext(p *place, seats map[adminArea]bool, nearby []*place) bool {
	if len(nearby) == 0 {
		return false
	}
	if p.admin != "" && seats[adminArea{p.country, p.admin}] {
		return true
	}
	pt := p.point()
	for _, q := range nearby {
		// Cheap reject before the trigonometry: 0.5° of latitude is
		// about 55 km.
		if math.Abs(float64(q.lat-p.lat)) > 0.5*coordScale {
			continue
		}
		if geo.Distance(pt, q.point()) <= contextRadiusMeters {
			return true
		}
	}
	return false
}
