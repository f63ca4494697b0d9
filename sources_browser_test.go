package main

import (
	"strings"
	"testing"
)

// A reader can check the sources: a publication with an address links to it, one without says
// it has no public link, and "last changed" is the data's last editorial change (a seeded
// event: the seed's curation date), not the day the server loaded it.
func TestPanel_sourcesAndLastChange(t *testing.T) {
	base := startServer(t)
	b := startBrowser(t, base)
	p := b.open(t, "/?event=istanbul-ataturk-airport-attack-2016&t=2017-01-01", 1280, 800, false)
	type source struct {
		Pub, Text, Href string
	}
	srcs := eval[[]source](t, p, `[...document.querySelectorAll('#panel li.source')].map((li) => ({
		Pub: li.querySelector('.source-pub').textContent, Text: li.textContent,
		Href: (li.querySelector('.source-title a') || {}).href || '' }))`)
	seen := map[string]bool{}
	for _, s := range srcs {
		switch {
		case strings.HasPrefix(s.Pub, "The Diplomat"):
			seen["diplomat"] = true
			if !strings.HasPrefix(s.Href, "https://thediplomat.com/2024/04/") || strings.Contains(s.Text, "no public link") {
				t.Errorf("The Diplomat: link %q, text %q", s.Href, s.Text)
			}
		case strings.HasPrefix(s.Pub, "OSW"):
			seen["osw"] = true
			if s.Href != "" || !strings.Contains(s.Text, "no public link") {
				t.Errorf("OSW gives no address: link %q, text %q", s.Href, s.Text)
			}
		}
	}
	if !seen["diplomat"] || !seen["osw"] {
		t.Fatalf("the panel lists %+v", srcs)
	}
	changed := eval[string](t, p, `(document.querySelector('#panel section[aria-labelledby="panel-changes"] time') || {}).getAttribute?.('datetime') || ''`)
	if changed != "2026-12-04T00:00:00Z" {
		t.Errorf("last changed %q, want the seed's curation date", changed)
	}
}
