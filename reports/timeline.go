package reports

import (
	"slices"
	"time"

	"github.com/authtriage/authtriage/heuristics"
)

// Timeline is the token story of one connection: when its access tokens
// were issued, refreshed, used and rejected, as the HTML timeline draws it.
type Timeline struct {
	Connection string `json:"connection"`
	// Marks are in time order.
	Marks []Mark `json:"marks"`
	// Dropped counts the older marks the analysis did not keep (it keeps
	// the most recent ones of each connection).
	Dropped int `json:"dropped"`
}

// Mark is one point of a Timeline. Kind is "issued" (a token response
// issued an access token), "refreshed" (a refresh returned one),
// "refresh-failed" (a token request failed), "used" (the first and the
// last of a run of successful calls) or "rejected" (a failed call: the
// finding with the same source says why).
type Mark struct {
	Time   Time   `json:"time"`
	Kind   string `json:"kind"`
	Source Source `json:"source"`
}

// timelines keeps the stories of the reported connections, in their order,
// with the marks inside the window [since, until) (a zero end is open). It
// takes the stories over: the marks of each one used are cleared.
func timelines(stories []heuristics.Story, conns []Connection, since, until time.Time) []Timeline {
	byName := make(map[string]*heuristics.Story, len(stories))
	for i := range stories {
		byName[connectionName(stories[i].Connection)] = &stories[i]
	}
	out := []Timeline{}
	for _, c := range conns {
		s, ok := byName[c.Connection]
		if !ok {
			continue
		}
		t := Timeline{Connection: c.Connection, Marks: make([]Mark, 0, len(s.Marks)), Dropped: s.Dropped}
		for _, m := range s.Marks {
			if m.Time.IsZero() || !since.IsZero() && m.Time.Before(since) || !until.IsZero() && !m.Time.Before(until) {
				continue
			}
			t.Marks = append(t.Marks, Mark{Time: at(m.Time), Kind: m.Kind.String(), Source: source(m.Source)})
		}
		// Taken over: the story's marks are not needed again, so each is
		// freed as its copy is made instead of both lists living whole.
		s.Marks = nil
		if len(t.Marks) == 0 && t.Dropped == 0 {
			continue
		}
		slices.SortStableFunc(t.Marks, func(a, b Mark) int { return a.Time.Compare(b.Time.Time) })
		out = append(out, t)
	}
	return out
}

// storySummary counts a timeline's marks by kind, for the text formats.
type storySummary struct {
	issued, refreshed, refreshFailed, rejected int
	last                                       string // the last token event and its time, "" when none
}

func summarizeStory(t Timeline) storySummary {
	var s storySummary
	for _, m := range t.Marks {
		switch m.Kind {
		case "issued":
			s.issued++
		case "refreshed":
			s.refreshed++
		case "refresh-failed":
			s.refreshFailed++
		case "rejected":
			s.rejected++
			continue
		default:
			continue
		}
		s.last = m.Kind + " " + m.Time.Short()
	}
	return s
}
