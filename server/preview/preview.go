// Package preview draws a view of the map as a 1200×630 PNG, the size link previews (Open
// Graph, Twitter cards, oEmbed thumbnails) expect: the Natural Earth basemap the page draws,
// countries tinted by the reach rule, the events as the page's canvas draws them, and the
// view's title, date and credit. It is pure Go (golang.org/x/image's vector rasteriser and
// Go fonts), so no browser is involved, and it knows neither echo nor the store.
package preview

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"time"

	"github.com/westward/westward/geo"
	"github.com/westward/westward/geo/country"
)

// The image's size, and the band under the map that holds the title, date and credit.
const (
	Width      = 1200
	Height     = 630
	bandHeight = 112
	mapHeight  = Height - bandHeight
)

// Scene is everything a preview shows.
type Scene struct {
	Atlas *country.Atlas
	// Reached, Alleged and Named are the countries tinted, hatched and outlined: disjoint,
	// as the page's reachAt makes them.
	Reached, Alleged, Named map[string]bool
	// Events are drawn in the page's order (see Order); Selected, if among them, on top.
	Events   []*geo.Event
	Selected string
	// Frame is what the map shows: a centre and zoom.
	Frame geo.MapPosition
	// Title, Date and Credit are the band's three lines.
	Title, Date, Credit string
}

// Render draws s.
func Render(s Scene) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, Width, Height))
	draw.Draw(img, img.Bounds(), image.NewUniform(Sea), image.Point{}, draw.Src)
	m := newMercator(s.Frame, Width, mapHeight)
	mapArea := img.SubImage(image.Rect(0, 0, Width, mapHeight)).(*image.RGBA)
	drawBasemap(mapArea, m, s)
	drawEvents(mapArea, m, s.Events, s.Selected)
	drawBand(img, s)
	return img
}

// Encode writes img as PNG. Default compression: a preview is fetched once per view and
// dataset version and then cached, so bytes matter more than the encoder's time.
func Encode(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// The page's light palette (static/js/core/theme.js LIGHT and --sea in static/css/app.css).
var (
	Sea       = hex(0xd9e2e8)
	Land      = hex(0xf4f2ec)
	Reached   = hex(0xefd9c4)
	Borders   = hex(0xc9c2b4)
	Accent    = hex(0xa5460a)
	edge      = hex(0xffffff)
	ink       = hex(0x1f2328)
	inkQuiet  = hex(0x5b616b)
	bandColor = hex(0xffffff)
)

// KindColor is each kind's colour, as the page draws it (KIND_COLORS in static/js/core/theme.js).
var KindColor = map[geo.Kind]color.RGBA{
	geo.KindAttack:            hex(0xD55E00),
	geo.KindFoiledPlot:        hex(0xE69F00),
	geo.KindArrest:            hex(0x0072B2),
	geo.KindThreat:            hex(0xCC79A7),
	geo.KindCrossBorderStrike: hex(0x009E73),
	geo.KindNetwork:           hex(0x56B4E9),
	geo.KindPropaganda:        hex(0x7F7F7F),
}

func hex(v uint32) color.RGBA {
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

// DateLabel is the band's date: "31 March 2024", or "1 April 2023 – 31 March 2024" for a window.
func DateLabel(t time.Time, windowMonths int) string {
	if windowMonths == 0 {
		return "To " + t.Format("2 January 2006")
	}
	return geo.WindowStart(t, windowMonths).Format("2 January 2006") + " – " + t.Format("2 January 2006")
}
