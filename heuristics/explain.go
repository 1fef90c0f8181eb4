package heuristics

import (
	"time"

	"github.com/authtriage/authtriage/parser"
)

// explainStep adds the current event to its connection's explanation.
func (e *Engine) explainStep(x *ctx, idx int32) {
	ev, c := x.ev, x.c
	ex := e.explains[c.key]
	if ex == nil {
		ex = &Explanation{Connection: c.key}
		e.explains[c.key] = ex
	}
	if t := ev.Token; t != nil && t.Returned && !x.failed {
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
	if len(ex.Timeline) >= maxExplainSteps {
		return
	}
	ex.Timeline = append(ex.Timeline, Step{
		Source: ev.Source, Time: ev.Time, Method: keep(ev.Method), URL: keep(ev.URL), Status: x.status, What: stepWhat(x, idx),
	})
}

// stepWhat describes an event in a word or two.
func stepWhat(x *ctx, idx int32) string {
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
		f := &x.e.findings[idx]
		s += ": " + f.Label.String() + "/" + f.Cause.String()
	}
	return s
}
