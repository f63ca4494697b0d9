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
// and the terms. Param is the query parameter the items route filters it with (a list of
// values, any of which matches), "" for an enumeration it does not filter on.
type Enum struct {
	Property    string
	Title       string
	Description string
	Param       string
	Terms       []Term[string]
}

// EnumField is an enumerated field of Event: its enumeration, and the field read and written as
// text. Property names the feature property, the store's column and the CSV column alike.
// Point says the field qualifies the event's point rather than the event, so that tables list
// it after the coordinates; Default is what an import fills in when a row leaves it empty.
type EnumField struct {
	Enum
	Point   bool
	Default string
	Get     func(e *Event) string
	Set     func(e *Event, v string)
}

// EventEnums is the one table of Event's enumerated fields. The filter's parameters, parsing and
// matching, validation, the store's WHERE clause, the CSV export and import, the queryables and
// the OpenAPI parameters are all derived from it, so that a new enumerated field is its type
// and terms, its Event field, one entry here, its column and a migration.
var EventEnums = []EnumField{
	enumField("kind", "kind", "Kind", "What happened.", KindTerms, func(e *Event) *Kind { return &e.Kind }),
	enumField("actor", "actor", "Actor", "Who is behind the event, as the sources put it.", ActorTerms,
		func(e *Event) *Actor { return &e.Actor }),
	enumField("attribution", "attribution", "Attribution", "How firmly the sources tie the event to its actor, firmest first.",
		AttributionTerms, func(e *Event) *Attribution { return &e.Attribution }),
	pointField(enumField("location_precision", "", "Location precision", "How exactly the event's point is known, finest first.",
		LocationPrecisionTerms, func(e *Event) *LocationPrecision { return &e.LocationPrecision }), ""),
	pointField(enumField("location_role", "role", "Location role", "What the event's point stands for; only an occurrence puts the actor there.",
		LocationRoleTerms, func(e *Event) *LocationRole { return &e.LocationRole }), string(RoleOccurrence)),
}

// enumField is the entry of the Event field that field points to, whose values are terms.
func enumField[T ~string](property, param, title, description string, terms []Term[T], field func(e *Event) *T) EnumField {
	return EnumField{
		Enum: Enum{Property: property, Title: title, Description: description, Param: param, Terms: plain(terms)},
		Get:  func(e *Event) string { return string(*field(e)) },
		Set:  func(e *Event, v string) { *field(e) = T(v) },
	}
}

// pointField marks f as qualifying the event's point, with the default def.
func pointField(f EnumField, def string) EnumField {
	f.Point, f.Default = true, def
	return f
}

// FilterEnums are the entries of EventEnums the items route filters on, in table order.
func FilterEnums() []EnumField {
	var out []EnumField
	for _, f := range EventEnums {
		if f.Param != "" {
			out = append(out, f)
		}
	}
	return out
}

// EventEnum is the entry of EventEnums for property; it panics on a property the table does not
// have, a mistake in the code that any test reaching the call finds.
func EventEnum(property string) EnumField {
	for _, f := range EventEnums {
		if f.Property == property {
			return f
		}
	}
	panic("geo: no enumerated event field " + property)
}

// SetDefaults fills each empty enumerated field of e that has a default (EnumField.Default):
// files and rows written before the field existed read as its default.
func (e *Event) SetDefaults() {
	for _, f := range EventEnums {
		if f.Default != "" && f.Get(e) == "" {
			f.Set(e, f.Default)
		}
	}
}

// has reports whether v is one of f's values.
func (f EnumField) has(v string) bool {
	for _, t := range f.Terms {
		if t.Value == v {
			return true
		}
	}
	return false
}

// unknown is the error for a value v that f does not have, given as param.
func (f EnumField) unknown(param, v string) error {
	return ParamError(param, "unknown value %q; want one of %s", v, joinEnum(values(f.Terms)))
}

// Vocabulary lists every enumeration of the domain: the event's fields (EventEnums), then the
// rest. The server serves it as the events collection's queryables and fills the OpenAPI
// document's parameters from it; the front end reads its labels from there.
func Vocabulary() []Enum {
	out := make([]Enum, 0, len(EventEnums)+4)
	for _, f := range EventEnums {
		out = append(out, f.Enum)
	}
	return append(out,
		Enum{"date_precision", "Date precision", "How exactly the event's date is known, finest first.", "", plain(DatePrecisionTerms)},
		Enum{"link_role", "Link role", "How a linked place relates to the event.", "", plain(LinkRoleTerms)},
		Enum{"measure", "Measure", "What a figure counts.", "", plain(MeasureTerms)},
		Enum{"qualifier", "Qualifier", "A source's hedge on a figure, in the source's words (none for an exact figure).", "", plain(QualifierTerms)},
	)
}

// plain turns typed terms into plain ones, for clients.
func plain[T ~string](terms []Term[T]) []Term[string] {
	out := make([]Term[string], len(terms))
	for i, t := range terms {
		out[i] = Term[string]{string(t.Value), t.Label}
	}
	return out
}
