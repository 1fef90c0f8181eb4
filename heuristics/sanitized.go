package heuristics

import "github.com/authtriage/authtriage/parser"

// The parser marks a request without credentials Sanitized while no
// request of its input has carried any yet; only Input.CredentialsSeen at
// the end of the input is final. So a finding on such a request is judged
// as if credentials were kept, and finishSanitized revises it once the
// whole input is known.

// sanitizedNow reports whether ev is known, when it arrives, to come from
// an export that strips credentials: censored values (Zapier), or a
// test-built event without an Input.
func sanitizedNow(ev *parser.Event) bool {
	return ev.Auth.Sanitized && (ev.Input == nil || ev.Auth.Scheme != "")
}

// provisionalInput returns the input whose final credential state decides
// ev's findings, or nil when nothing is left to decide.
func provisionalInput(ev *parser.Event) *parser.Input {
	if ev.Input == nil || ev.Auth.Scheme != "" || !ev.Auth.Sanitized {
		return nil
	}
	return ev.Input
}

// judgeAsSanitized judges the current record a second time as if its
// input strips credentials, for finishSanitized to use if it does.
func (e *Engine) judgeAsSanitized(x *ctx, idx findingIndex) {
	x.forceSanitized = true
	defer func() { x.forceSanitized = false }()
	for _, r := range rules {
		if v, ok := r.Check(x); ok {
			if v.cause == CauseMissingToken {
				// Only when the server says so (checkMissingToken).
				v.evidence = append(v.evidence, "no request of its input carried credentials, but the server says none reached it: the request lacked them, whatever the export keeps")
			} else {
				v.evidence = append(v.evidence, "no request of its input carried credentials: the export strips them")
			}
			v.rule = r.Name
			e.held[idx].alt = &v
			return
		}
	}
}

// sanitize revises a finding on a request from an input that turned out
// to strip credentials everywhere: a missing token proves nothing there,
// and auth findings are less certain.
func (e *Engine) sanitize(h *held) {
	if r := h.recoverIn; r != nil && r.CredentialsSeen.Load() {
		// Recovered by a success without credentials in an input that
		// turned out to keep them: it proved nothing (see succeeded).
		h.Finding.Recovered = false
	}
	in := h.input
	if in == nil || in.CredentialsSeen.Load() {
		return
	}
	f := &h.Finding
	if v := h.alt; v != nil {
		f.Label, f.Cause, f.Evidence = v.label, v.cause, v.evidence
		e.relabelled(h.idx, v.rule, v.cause, min(1, len(v.evidence)))
		f.Confidence = round2(v.conf)
		if authLabel(f.Label) {
			f.Confidence = round2(v.conf * sanitizedFactor)
		}
		f.Remediation = fixFor(f)
		return
	}
	if f.Cause == CauseMissingToken {
		f.Label, f.Cause = LabelOther, CauseUnknown
		e.relabelled(h.idx, ruleUnknown.Name, CauseUnknown, 1)
		f.Confidence = 0.3
		f.Evidence = append(f.Evidence[:1:1], "no request of "+in.Name+" carried credentials: the export strips them, so the missing token proves nothing")
		f.Remediation = fixFor(f)
		return
	}
	if authLabel(f.Label) {
		f.Confidence = round2(f.Confidence * sanitizedFactor)
	}
}
