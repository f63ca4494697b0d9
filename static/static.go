// Package static holds Westward's front end: the pages, our ES modules and styles, and the
// vendored libraries and basemap data (see vendor/VERSIONS), embedded in the binary.
package static

import "embed"

// FS is the front end, rooted at this folder.
//
//go:embed *.html *.js css js img vendor
var FS embed.FS
