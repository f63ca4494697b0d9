// Package geo holds Westward's domain: events, their sources and figures, the filters that
// select them, their validation, the spread metrics computed from them and their GeoJSON shape.
// It knows nothing of HTTP or SQL; the server and the store depend on it, never the reverse.
package geo

import (
	"github.com/paulmach/orb"
)

// Kind says what happened.
type Kind string

// The kinds of event.
const (
	KindAttack            Kind = "attack"
	KindFoiledPlot        Kind = "foiled_plot"
	KindArrest            Kind = "arrest"
	KindThreat            Kind = "threat"
	KindCrossBorderStrike Kind = "cross_border_strike"
	KindNetwork           Kind = "network"
	KindPropaganda        Kind = "propaganda"
)

// KindTerms labels every kind, in display order.
var KindTerms = []Term[Kind]{
	{KindAttack, "Attack"}, {KindFoiledPlot, "Foiled plot"}, {KindArrest, "Arrest"}, {KindThreat, "Threat"},
	{KindCrossBorderStrike, "Cross-border strike"}, {KindNetwork, "Network activity"}, {KindPropaganda, "Propaganda"},
}

// Kinds lists every kind in display order.
var Kinds = values(KindTerms)

// Actor says who is behind an event, as the sources put it.
type Actor string

// The actors.
const (
	ActorISKP       Actor = "iskp"
	ActorIS         Actor = "is"
	ActorISInspired Actor = "is_inspired"
	ActorUnclear    Actor = "unclear"
)

// ActorTerms labels every actor, in display order.
var ActorTerms = []Term[Actor]{{ActorISKP, "ISKP"}, {ActorIS, "Islamic State"}, {ActorISInspired, "IS-inspired"}, {ActorUnclear, "Unclear"}}

// Actors lists every actor in display order.
var Actors = values(ActorTerms)

// Attribution says how firmly the sources tie the event to its actor.
type Attribution string

// The attributions.
const (
	AttributionClaimed    Attribution = "claimed"
	AttributionAttributed Attribution = "attributed"
	AttributionAlleged    Attribution = "alleged"
	AttributionDisputed   Attribution = "disputed"
)

// AttributionTerms labels every attribution, firmest first.
var AttributionTerms = []Term[Attribution]{
	{AttributionClaimed, "Claimed"}, {AttributionAttributed, "Attributed"}, {AttributionAlleged, "Alleged"}, {AttributionDisputed, "Disputed"},
}

// Attributions lists every attribution in display order.
var Attributions = values(AttributionTerms)

// LocationPrecision says how exactly an event's point is known.
type LocationPrecision string

// The location precisions, finest first.
const (
	LocationVenue   LocationPrecision = "venue"
	LocationCity    LocationPrecision = "city"
	LocationRegion  LocationPrecision = "region"
	LocationCountry LocationPrecision = "country"
)

// LocationPrecisionTerms labels every location precision, finest first.
var LocationPrecisionTerms = []Term[LocationPrecision]{
	{LocationVenue, "exact venue"}, {LocationCity, "city-level location"}, {LocationRegion, "region-level location"},
	{LocationCountry, "country-level location"},
}

// LocationPrecisions lists every location precision, finest first.
var LocationPrecisions = values(LocationPrecisionTerms)

// LocationRole says what an event's point stands for: where it happened, or a place an item
// names, is about or addresses. Only an occurrence puts the actor there.
type LocationRole string

// The location roles.
const (
	RoleOccurrence LocationRole = "occurrence" // where it happened
	RoleTarget     LocationRole = "target"     // a place named or chosen as a target
	RoleSubject    LocationRole = "subject"    // the place a publication is about
	RoleAudience   LocationRole = "audience"   // the place whose readers a publication addresses
)

// LocationRoleTerms labels every location role.
var LocationRoleTerms = []Term[LocationRole]{
	{RoleOccurrence, "where it happened"}, {RoleTarget, "named as a target"}, {RoleSubject, "place the item is about"},
	{RoleAudience, "place the item addresses"},
}

// LocationRoles lists every location role.
var LocationRoles = values(LocationRoleTerms)

// Event is one dated, placed occurrence: an attack, a foiled plot, an arrest, a threat, a
// cross-border strike or network activity. Its date is an EDTF string (see Date) and its point
// carries the precision it is known to.
type Event struct {
	ID                string            `json:"id"`
	Title             string            `json:"title"`
	Summary           string            `json:"summary"`
	Date              Date              `json:"date"`
	EndDate           *Date             `json:"end_date,omitempty"`
	Kind              Kind              `json:"kind"`
	Actor             Actor             `json:"actor"`
	Attribution       Attribution       `json:"attribution"`
	Place             string            `json:"place"`
	Country           string            `json:"country"`
	Point             orb.Point         `json:"-"`
	LocationPrecision LocationPrecision `json:"location_precision"`
	LocationRole      LocationRole      `json:"location_role"`
	Tags              []string          `json:"tags"`
	Notes             string            `json:"notes"`
	Citations         []Citation        `json:"sources"`
	Links             []Link            `json:"links"`
	// UpdatedAt is when the event last changed in the store, RFC 3339; empty in the seed.
	UpdatedAt string `json:"updated_at,omitempty"`
}

// Citation ties an event to one source: the verbatim quotes that support it and the figures
// that source gives. Sources that disagree each keep their own figures.
type Citation struct {
	SourceID string   `json:"source"`
	Quotes   []string `json:"quotes"`
	Figures  []Figure `json:"figures,omitempty"`
}

// Measure names what a figure counts.
type Measure string

// The measures.
const (
	MeasureKilled   Measure = "killed"
	MeasureInjured  Measure = "injured"
	MeasureDetained Measure = "detained"
)

// MeasureTerms labels every measure, in display order.
var MeasureTerms = []Term[Measure]{{MeasureKilled, "killed"}, {MeasureInjured, "injured"}, {MeasureDetained, "detained"}}

// Measures lists every measure in display order.
var Measures = values(MeasureTerms)

// Qualifier keeps a source's hedge on a figure ("at least 95", "almost 150").
type Qualifier string

// The qualifiers.
const (
	QualifierExact    Qualifier = "exact"
	QualifierAtLeast  Qualifier = "at_least"
	QualifierMoreThan Qualifier = "more_than"
	QualifierAlmost   Qualifier = "almost"
	QualifierAbout    Qualifier = "about"
	QualifierUpTo     Qualifier = "up_to"
)

// QualifierTerms gives every qualifier the words a source uses for it (none for an exact figure).
var QualifierTerms = []Term[Qualifier]{
	{QualifierExact, ""}, {QualifierAtLeast, "at least"}, {QualifierMoreThan, "more than"}, {QualifierAlmost, "almost"},
	{QualifierAbout, "about"}, {QualifierUpTo, "up to"},
}

// Qualifiers lists every qualifier.
var Qualifiers = values(QualifierTerms)

// Figure is one number as one source gives it. Subject names whom it counts where the source
// splits a figure ("170 Afghans and 13 US troops" is two figures, subjects "Afghans" and "US
// troops"); it is empty for a source's overall figure.
type Figure struct {
	Measure   Measure   `json:"measure"`
	Value     int       `json:"value"`
	Qualifier Qualifier `json:"qualifier"`
	Subject   string    `json:"subject,omitempty"`
}

// LinkRole says how a linked place relates to the event.
type LinkRole string

// The link roles.
const (
	LinkOrigin     LinkRole = "origin"      // where the perpetrators are said to come from
	LinkDirecting  LinkRole = "directing"   // where the directing cell or command sat
	LinkTransit    LinkRole = "transit"     // a country the perpetrators passed through
	LinkFinancing  LinkRole = "financing"   // where money came from or went through
	LinkRecruiting LinkRole = "recruitment" // where the perpetrators were recruited
	LinkTarget     LinkRole = "target"      // a further place the item names as a target
)

// LinkRoleTerms labels every link role.
var LinkRoleTerms = []Term[LinkRole]{
	{LinkOrigin, "Origin"}, {LinkDirecting, "Directed from"}, {LinkTransit, "Transit"}, {LinkFinancing, "Financing"},
	{LinkRecruiting, "Recruitment"}, {LinkTarget, "Also named as a target"},
}

// LinkRoles lists every link role.
var LinkRoles = values(LinkRoleTerms)

// Link is a line on the map from a related place to the event, with the source that states it.
type Link struct {
	Role              LinkRole          `json:"role"`
	Place             string            `json:"place"`
	Country           string            `json:"country"`
	Point             orb.Point         `json:"-"`
	LocationPrecision LocationPrecision `json:"location_precision"`
	SourceID          string            `json:"source"`
	Quote             string            `json:"quote"`
}

// Source is a publication the dataset cites.
type Source struct {
	ID          string   `json:"id"`
	Publication string   `json:"publication"`
	Title       string   `json:"title"`
	Authors     []string `json:"authors"`
	Published   Date     `json:"published"`
	// PublishedNote explains a vague publication date ("spring 2024, after 22 March").
	PublishedNote string `json:"published_note,omitempty"`
	URL           string `json:"url,omitempty"`
}
