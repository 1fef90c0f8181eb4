package heuristics

import "github.com/authtriage/authtriage/parser"

// ruleRunEnvironmentMismatch: the first run after the account was connected
// (an authorization-code grant in the input) is refused at once (401/403) by
// a host of a provider with separate sandbox and production environments,
// and no run after the connect ever succeeds: the credentials belong to the
// other environment. The first row of an export is not the first run after
// connecting, so without a connect in the input nothing is inferred; and an
// error that names its own cause (an expired session) keeps it.
var ruleRunEnvironmentMismatch = runRule{
	Name:  "run-environment-mismatch",
	Doc:   "the first run after connecting is refused by a sandbox/production host and no later run succeeds: environment-mismatch",
	Check: checkRunEnvironmentMismatch,
}

func checkRunEnvironmentMismatch(e *Engine, c *conn, runs []runRec) {
	if c.okCount > 0 || len(c.connects) == 0 || len(runs) == 0 {
		return
	}
	ct := c.connects[len(c.connects)-1]
	i := 0
	for i < len(runs) && runs[i].t.Before(ct) {
		i++
	}
	if i == len(runs) {
		return
	}
	runs = runs[i:]
	first := runs[0]
	if first.idx < 0 || !isAuthStatus(int(first.http)) || first.host == "" {
		return
	}
	p := providerFor(first.host)
	sandbox := sandboxHost(first.host, p)
	if !sandbox && (p == nil || len(p.SandboxHosts) == 0) {
		return
	}
	for _, r := range runs {
		if r.status == parser.RunSuccess {
			return
		}
	}
	env, other := "production", "sandbox"
	if sandbox {
		env, other = other, env
	}
	s := "the first run after the account was connected at " + clockFrom(first.t, ct) + ", at " + pos(first.src, first.t) + ", was refused at once by " + first.host + " (" + env +
		") and no later run of it succeeded: its credentials are most likely from the " + other + " environment"
	for _, r := range runs {
		if r.idx < 0 || r.host != first.host || !isAuthStatus(int(r.http)) {
			continue
		}
		if r.sig&authCauses&^causeBit(CauseEnvironmentMismatch) != 0 {
			continue // the provider's own words name the cause
		}
		switch e.finding(r.idx).Label {
		case LabelExpired, LabelOther, LabelInvalid:
			e.relabel(r.idx, "run-environment-mismatch", LabelInvalid, CauseEnvironmentMismatch, 0.55, s)
		}
	}
}
