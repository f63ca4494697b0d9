package geo

import (
	"maps"
	"net/url"
	"strings"
)

// Reach classes an event for the map's claims about where a group had reached: the one rule
// every view that counts or draws reach follows (the country tint, the counters, the frontier,
// the narration, /api/spread, stories, embeds and the static export).
type Reach string

// The reach classes.
const (
	// ReachPresence is activity the sources claim for or attribute to the actor, where it
	// happened or was planned: an attack, foiled plot, arrest or raid, cross-border strike or
	// network activity. Only presence tints a country as reached or moves the frontier.
	ReachPresence Reach = "presence"
	// ReachAlleged is the same activity where the sources only allege the actor's hand or
	// dispute it: drawn apart and counted apart ("2 more alleged"), never as reached.
	ReachAlleged Reach = "alleged"
	// ReachNamed is a threat or propaganda, or any item whose point is a place it names,
	// addresses or is about rather than where something happened: "named as a target".
	ReachNamed Reach = "named"
)

// Reaches lists the reach classes, firmest first.
var Reaches = []Reach{ReachPresence, ReachAlleged, ReachNamed}

// presenceKinds are the kinds that put the actor in a place.
var presenceKinds = []Kind{KindAttack, KindFoiledPlot, KindArrest, KindCrossBorderStrike, KindNetwork}

// Reach classes e under the map's rule (see Reach). A foiled plot placed at its stated target
// is presence: the plot is activity in that country by the sources' account, and its point's
// role draws it as a target.
func (e *Event) Reach() Reach {
	if !oneOf(e.Kind, presenceKinds) || e.LocationRole == RoleSubject || e.LocationRole == RoleAudience {
		return ReachNamed
	}
	if e.Attribution == AttributionAlleged || e.Attribution == AttributionDisputed {
		return ReachAlleged
	}
	return ReachPresence
}

// ReachRule is the choice a reader makes about what counts as reach: which actors (ISKP by
// default; the Islamic State's core, IS-inspired and unclear-actor events join only when
// chosen), and whether alleged and disputed presence counts too.
type ReachRule struct {
	Actors         []Actor
	IncludeAlleged bool
}

// DefaultReachRule counts ISKP's claimed and attributed presence only.
var DefaultReachRule = ReachRule{Actors: []Actor{ActorISKP}}

// Counts says whether e's reach class counts as reached under r; actors are filtered by the
// caller's query.
func (r ReachRule) Counts(c Reach) bool {
	return c == ReachPresence || r.IncludeAlleged && c == ReachAlleged
}

// Text says the rule in words, for the legend, the card and the API: a view that simplifies
// says which rule it follows.
func (r ReachRule) Text() string {
	actors := make([]string, 0, len(r.Actors))
	for _, a := range r.Actors {
		actors = append(actors, ActorLabel(a))
	}
	who := "ISKP"
	if len(actors) > 0 {
		who = joinWords(actors)
	}
	firm := "that the sources claim for or attribute to it"
	if r.IncludeAlleged {
		firm = "that the sources claim, attribute or allege (alleged and disputed included)"
	}
	return "Reached: a country with an attack, foiled plot, arrest, cross-border strike or network activity by " +
		who + " " + firm + ", counted from the last day its date could be (an event known only to 2022 counts " +
		"from 31 December 2022). Threats and propaganda name targets; they never count as reached."
}

// Narrow is f choosing the rule's actors, so that a view under the rule reads only the events
// the rule can count.
func (r ReachRule) Narrow(f EventFilter) EventFilter {
	f.Enums = maps.Clone(f.Enums)
	f.SetEnum("actor", EnumStrings(r.Actors))
	return f
}

// ActorLabel is the reader's name for an actor.
func ActorLabel(a Actor) string {
	switch a {
	case ActorISKP:
		return "ISKP"
	case ActorIS:
		return "the Islamic State's core"
	case ActorISInspired:
		return "IS-inspired attackers"
	case ActorUnclear:
		return "unclear actors"
	}
	return string(a)
}

func joinWords(w []string) string {
	switch len(w) {
	case 0:
		return ""
	case 1:
		return w[0]
	}
	return strings.Join(w[:len(w)-1], ", ") + " or " + w[len(w)-1]
}

// ParseReachRule reads the rule's choices from a query already parsed into f: the actors f
// chose (ISKP when none) and include_alleged (true or false, default false).
func ParseReachRule(q url.Values, f EventFilter) (ReachRule, error) {
	r := DefaultReachRule
	if actors := f.Enum("actor"); len(actors) > 0 {
		r.Actors = EnumValues[Actor](actors)
	}
	if q.Has("include_alleged") {
		switch q.Get("include_alleged") {
		case "true":
			r.IncludeAlleged = true
		case "false":
		default:
			return r, ParamError("include_alleged", "%q: want true or false", q.Get("include_alleged"))
		}
	}
	return r, nil
}
