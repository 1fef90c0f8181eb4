package heuristics

import (
	"strings"
	"testing"
)

// FuzzPhrasesIn holds the one-pass phrase search equal to a Contains per
// phrase.
func FuzzPhrasesIn(f *testing.F) {
	for _, p := range phrases {
		f.Add(p)
		f.Add("error: " + p + "; " + phrases[len(p)%len(phrases)])
		f.Add(p[:len(p)-1])
	}
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		got := phrasesIn(text)
		for k, p := range phrases {
			if got.has(k) != strings.Contains(text, p) {
				t.Fatalf("phrasesIn(%q) says %v for %q", text, got.has(k), p)
			}
		}
	})
}
