package heuristics

import (
	"fmt"
	"strconv"
	"strings"
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

// because is what gave a finding of an explained connection its current
// label and cause: the rule, the cause it gave, the signal it matched
// (the provider's code or phrase, when one did) and the first of the
// finding's evidence lines that say why (the ones before it describe the
// record).
type because struct {
	rule    string
	cause   Cause
	matched string
	from    int
}

// explainedBy notes that b labelled the finding idx.
func (e *Engine) explainedBy(idx findingIndex, b because) {
	if e.because == nil {
		e.because = make(map[findingIndex]because)
	}
	e.because[idx] = b
}

// resettled notes that a rule's settle step gave the finding idx the cause
// c. A settle step takes the argument further (an expiry no refresh
// followed, a revocation a refresh undid), so the evidence the finding
// had stays part of why.
func (e *Engine) resettled(idx findingIndex, rule string, c Cause) {
	b, ok := e.because[idx]
	if !ok {
		b.from = 1
	}
	// The signal matched for the first cause may not be why of this one.
	b.rule, b.cause, b.matched = rule, c, ""
	e.explainedBy(idx, b)
}

// relabelled notes that rule replaced the finding idx's label and cause,
// with the evidence that follows its first n lines.
func (e *Engine) relabelled(idx findingIndex, rule string, c Cause, n int) {
	if _, ok := e.because[idx]; ok {
		e.explainedBy(idx, because{rule: rule, cause: c, from: n})
	}
}

// reason is the Reasoning line of an explained finding: its source, its
// final label and cause, the rule that gave them, and what matched here.
// A finding whose cause changed where no rule is noted (none is known to)
// is described by its cause and its last evidence line.
func (e *Engine) reason(h *held) string {
	f := &h.Finding
	head := f.Source.String() + ": "
	if f.Status > 0 {
		head += strconv.Itoa(f.Status) + " "
	}
	head += f.Label.String() + "/" + f.Cause.String()
	b, ok := e.because[h.idx]
	if !ok || b.cause != f.Cause {
		if n := len(f.Evidence); n > 0 {
			return head + ": " + f.Evidence[n-1]
		}
		return head
	}
	why := f.Evidence[min(b.from, len(f.Evidence)):]
	if len(why) == 0 && len(f.Evidence) > 0 {
		why = f.Evidence[:1]
	}
	var s strings.Builder
	s.WriteString(head)
	s.WriteString(", by rule ")
	s.WriteString(b.rule)
	s.WriteString(": ")
	sep := ""
	if b.matched != "" && !containsFold(why, b.matched) {
		s.WriteString("the provider's answer matched " + strconv.Quote(b.matched))
		sep = "; "
	}
	for _, w := range why {
		s.WriteString(sep)
		s.WriteString(w)
		sep = "; "
	}
	return s.String()
}

// containsFold reports whether one of lines contains sub, ignoring case.
func containsFold(lines []string, sub string) bool {
	sub = strings.ToLower(sub)
	for _, l := range lines {
		if strings.Contains(strings.ToLower(l), sub) {
			return true
		}
	}
	return false
}
