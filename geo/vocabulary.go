package geo

// Term is one value of an enumeration with the label people read for it. Each enumeration of
// the domain is one table of terms (KindTerms, ActorTerms, ...), written once here in geo; the
// list of values (Kinds, Actors, ...), the API's queryables and the OpenAPI document's enums
// are derived from it.
type Term[T ~string] struct {
	Value T
	Label string
}

// values lists the values of terms, in order.
func values[T ~string](terms []Term[T]) []T {
	out := make([]T, len(terms))
	for i, t := range terms {
		out[i] = t.Value
	}
	return out
}

// labelOf returns the label of v in terms, or "" if v is not one of them.
func labelOf[T ~string](terms []Term[T], v T) string {
	for _, t := range terms {
		if t.Value == v {
			return t.Label
		}
	}
	return ""
}

// Enum is one enumeration as clients read it: the feature property it is the type of, a title
// and the terms. Filter says whether the items route takes it as a query parameter (a list of
// values, any of which matches).
type Enum struct {
	Property    string
	Title       string
	Description string
	Filter      bool
	Terms       []Term[string]
}

// Vocabulary lists every enumeration of the domain, the filterable ones first. The server
// serves it as the events collection's queryables and fills the OpenAPI document's enums from
// it; the front end reads its labels from there.
func Vocabulary() []Enum {
	return []Enum{
		{"kind", "Kind", "What happened.", true, plain(KindTerms)},
		{"actor", "Actor", "Who is behind the event, as the sources put it.", true, plain(ActorTerms)},
		{"attribution", "Attribution", "How firmly the sources tie the event to its actor, firmest first.", true, plain(AttributionTerms)},
		{"date_precision", "Date precision", "How exactly the event's date is known, finest first.", false, plain(DatePrecisionTerms)},
		{"location_precision", "Location precision", "How exactly the event's point is known, finest first.", false, plain(LocationPrecisionTerms)},
		{"location_role", "Location role", "What the event's point stands for; only an occurrence puts the actor there.", false, plain(LocationRoleTerms)},
		{"link_role", "Link role", "How a linked place relates to the event.", false, plain(LinkRoleTerms)},
		{"measure", "Measure", "What a figure counts.", false, plain(MeasureTerms)},
		{"qualifier", "Qualifier", "A source's hedge on a figure, in the source's words (none for an exact figure).", false, plain(QualifierTerms)},
	}
}

// plain turns typed terms into plain ones, for clients.
func plain[T ~string](terms []Term[T]) []Term[string] {
	out := make([]Term[string], len(terms))
	for i, t := range terms {
		out[i] = Term[string]{string(t.Value), t.Label}
	}
	return out
}
