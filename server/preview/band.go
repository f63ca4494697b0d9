package preview

import (
	"image"
	"image/draw"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// faces are the Go fonts (BSD licence, embedded in golang.org/x/image) at the band's sizes:
// a preview needs no font from the system or from another site.
var faces = sync.OnceValue(func() struct{ title, date, credit font.Face } {
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		panic(err) // embedded font data: cannot fail
	}
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic(err)
	}
	face := func(f *opentype.Font, size float64) font.Face {
		ff, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			panic(err)
		}
		return ff
	}
	return struct{ title, date, credit font.Face }{face(bold, 34), face(regular, 24), face(regular, 16)}
})

// facesMu serialises the band's text: an opentype face caches glyphs and is not safe for
// concurrent use, and previews render concurrently.
var facesMu sync.Mutex

// margin is the band's inner margin in pixels.
const margin = 32

// drawBand writes the title, date and credit under the map, each cut to the width.
func drawBand(img *image.RGBA, s Scene) {
	band := image.Rect(0, mapHeight, Width, Height)
	draw.Draw(img, band, image.NewUniform(bandColor), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, mapHeight, Width, mapHeight+1), image.NewUniform(Borders), image.Point{}, draw.Src)
	f := faces()
	facesMu.Lock()
	defer facesMu.Unlock()
	write := func(face font.Face, text string, baseline int, c image.Image, right bool) {
		d := &font.Drawer{Dst: img, Src: c, Face: face}
		text = fit(d, text, Width-2*margin)
		x := fixed.I(margin)
		if right {
			x = fixed.I(Width-margin) - d.MeasureString(text)
		}
		d.Dot = fixed.Point26_6{X: x, Y: fixed.I(baseline)}
		d.DrawString(text)
	}
	write(f.title, s.Title, mapHeight+46, image.NewUniform(ink), false)
	write(f.date, s.Date, mapHeight+86, image.NewUniform(Accent), false)
	write(f.credit, s.Credit, mapHeight+86, image.NewUniform(inkQuiet), true)
}

// fit cuts text to width pixels, ending it with "…" when cut.
func fit(d *font.Drawer, text string, width int) string {
	if d.MeasureString(text) <= fixed.I(width) {
		return text
	}
	runes := []rune(text)
	for n := len(runes) - 1; n > 0; n-- {
		t := string(runes[:n]) + "…"
		if d.MeasureString(t) <= fixed.I(width) {
			return t
		}
	}
	return ""
}
