package gazetteer

// SamplePlace exposes one stored place (by index modulo the count) to the external tests, which
// check places against geo/country: country imports this package for Fold, so those tests
// cannot live inside it.
func (g *Gazetteer) SamplePlace(i int) (name, country string, id int) {
	p := &g.places[i%len(g.places)]
	return p.name, p.country, int(p.id)
}

// NumPlaces is how many places the gazetteer holds.
func (g *Gazetteer) NumPlaces() int { return len(g.places) }
