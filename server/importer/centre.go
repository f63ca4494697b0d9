package importer

import "github.com/paulmach/orb"

// countryPoint returns a point well inside the country code, for rows whose place is only the
// country (see country.Atlas.Representative).
func (im *Importer) countryPoint(code string) (orb.Point, bool) {
	return im.Atlas.Representative(code)
}
