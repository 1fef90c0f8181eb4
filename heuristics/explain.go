package heuristics

import (
	"fmt"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// explainStep adds the current event to its connection's explanation.
func (e *Engine) explainStep(x *ctx, idx findingIndex) {
	ev, c := x.ev, x.c
	ex := e.explains[c.key]
	if ex == nil {
		ex = &Explanation{Connection: c.key}
		e.explains[c.key] = ex
	}
	if t := ev.Token; t != nil && t.Returned && !x.failed {
		if len(ex.Tokens) >= maxExplainTokens {
			ex.moreTokens++
		} else {
			tk := c.token(t.AccessFP)
			var life time.Duration
			if tk != nil {
				life = tk.life.d
			}
			ex.Tokens = append(ex.Tokens, TokenLink{
				Source: ev.Source, Time: ev.Time, GrantType: t.GrantType, RefreshSentFP: t.RefreshSentFP,
				AccessFP: t.AccessFP, RefreshFP: t.RefreshFP, ExpiresIn: t.ExpiresIn, Lifetime: life,
			})
		}
	}
	if len(ex.Timeline) >= maxExplainSteps {
		ex.moreSteps++
		return
	}
	ex.Timeline = append(ex.Timeline, Step{
		Source: ev.Source, Time: ev.Time, Method: keep(ev.Method), URL: keep(ev.URL), Status: x.status,
		NoStatus: ev.Kind == parser.KindRun && x.status == 0, What: stepWhat(x, idx),
	})
}

// capNotes are the Reasoning lines that say what the caps left out, so
// nothing is dropped silently.
func (ex *Explanation) capNotes() []string {
	var out []string
	if ex.moreTokens > 0 {
		out = append(out, fmt.Sprintf("… %d more token responses, not listed: the lineage keeps the first %d", ex.moreTokens, maxExplainTokens))
	}
	if ex.moreSteps > 0 {
		out = append(out, fmt.Sprintf("… %d more events, not listed: the timeline keeps the first %d", ex.moreSteps, maxExplainSteps))
	}
	return out
}

// stepWhat describes an event in a word or two.
func stepWhat(x *ctx, idx findingIndex) string {
	ev := x.ev
	var s string
	switch {
	case ev.Kind == parser.KindRun:
		s = "run " + string(ev.Run.Status)
		if ev.Run.Refresh {
			s += " (auth refresh)"
		}
	case ev.Token != nil && x.refresh && !x.failed:
		s = "refresh"
	case ev.Token != nil && x.refresh:
		s = "refresh failed"
	case ev.Token != nil && !x.failed:
		s = "token issued"
	case ev.Token != nil:
		s = "token request failed"
	case x.failed:
		s = "rejected"
	default:
		s = "used"
	}
	if idx >= 0 {
		f := x.e.finding(idx)
		s += ": " + f.Label.String() + "/" + f.Cause.String()
	}
	return s
}
