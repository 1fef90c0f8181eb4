package heuristics

import (
	"slices"

	"github.com/authtriage/authtriage/parser"
)

// An open finding waits for what its connection does next: a success that
// recovers it, a refresh, a reconnect. Only an event of that connection
// can change it, so once the connection has been idle for compactAfter
// the finding is settled as if nothing followed (what finalize would do)
// and detached: no longer pinned, it may be written out with the others,
// while the connection itself is kept for the idle window (a client that
// comes back needs its tokens and refreshes). Most idle connections never
// come back, and their detached findings are already final. When one does
// come back, reattach undoes the settling: on the held finding when it is
// still in memory, else on a patch, a finding holding only what later
// events change, applied over the written-out finding when it is read
// back. Without this, every idle connection kept its open findings (up to
// maxOpenPerConn) in memory for the whole idle window.

// detached is what an open finding was before detach settled it.
type detached struct {
	label       Label
	cause       Cause
	conf        float64
	recovered   bool
	remediation string
	evidence    int           // its evidence's length
	recoverIn   *parser.Input // held.recoverIn
}

// patch holds the changes made to a written-out finding after its
// connection came back: its label, cause, confidence, recovery and fix,
// and the evidence that follows the first keep items of the written one.
type patch struct {
	held
	keep int
}

// detach settles and detaches c's open findings that nothing but their
// openness pins (see pinned): a refresh, run or walk of c may still change
// the others. An explained connection's findings are never written out.
func (e *Engine) detach(c *conn) {
	if c.explain || len(c.open) == c.detached {
		return
	}
	for i := range c.open {
		o := &c.open[i]
		if o.det != nil || c.pins(o.idx) {
			continue
		}
		h := e.mutable(o.idx)
		if h == nil {
			continue
		}
		f := &h.Finding
		o.det = &detached{label: f.Label, cause: f.Cause, conf: f.Confidence, recovered: f.Recovered,
			remediation: f.Remediation, evidence: len(f.Evidence), recoverIn: h.recoverIn}
		e.settle(c, o)
		c.detached++
	}
}

// pins reports whether a refresh, run or failed walk of c refers to the
// finding idx.
func (c *conn) pins(idx findingIndex) bool {
	for _, r := range c.refreshes {
		if r.finding == idx {
			return true
		}
	}
	if c.err200 != nil && c.err200.finding == idx {
		return true
	}
	for _, r := range c.runs {
		if r.idx == idx {
			return true
		}
	}
	for _, w := range c.walks {
		if w.failed && w.failIdx == idx {
			return true
		}
	}
	return false
}

// reattach undoes detach on c's findings: c has an event again.
func (e *Engine) reattach(c *conn) {
	for i := range c.open {
		o := &c.open[i]
		d := o.det
		if d == nil {
			continue
		}
		o.det = nil
		h := e.mutable(o.idx)
		if h == nil {
			// Written out: what changes from now on goes to a patch.
			p := &patch{held: held{idx: o.idx}, keep: d.evidence}
			if e.patches == nil {
				e.patches = make(map[findingIndex]*patch)
			}
			e.patches[o.idx] = p
			h, d.evidence = &p.held, 0
		}
		f := &h.Finding
		f.Label, f.Cause, f.Confidence, f.Recovered, f.Remediation = d.label, d.cause, d.conf, d.recovered, d.remediation
		f.Evidence = f.Evidence[:d.evidence]
		h.recoverIn = d.recoverIn
	}
	c.detached = 0
}

// mutable returns the record that takes the changes to the finding idx:
// the held finding, else its patch, else nil.
func (e *Engine) mutable(idx findingIndex) *held {
	if h := e.held[idx]; h != nil {
		return h
	}
	if p := e.patches[idx]; p != nil {
		return &p.held
	}
	return nil
}

// applyPatch makes on a finding read back the changes its patch holds.
func (e *Engine) applyPatch(h *held) {
	p := e.patches[h.idx]
	if p == nil {
		return
	}
	f, pf := &h.Finding, &p.Finding
	f.Label, f.Cause, f.Confidence, f.Recovered, f.Remediation = pf.Label, pf.Cause, pf.Confidence, pf.Recovered, pf.Remediation
	f.Evidence = append(slices.Clip(f.Evidence[:p.keep]), pf.Evidence...)
	h.recoverIn = p.recoverIn
}
