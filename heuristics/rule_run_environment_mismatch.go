package heuristics

import "github.com/authtriage/authtriage/parser"

// ruleRunEnvironmentMismatch: a connection whose very first run is refused
// at once (401/403) by a host of a provider with separate sandbox and
// production environments, and none of whose runs ever succeeds: the
// credentials belong to the other environment.
var ruleRunEnvironmentMismatch = runRule{
	Name:  "run-environment-mismatch",
	Doc:   "a connection's first run is refused by a sandbox/production host and no run ever succeeds: environment-mismatch",
	Check: checkRunEnvironmentMismatch,
}

func checkRunEnvironmentMismatch(e *Engine, c *conn, runs []runRec) {
	if c.okCount > 0 || c.tokenResponses > 0 || len(runs) == 0 {
		return
	}
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
	s := "the connection's first run at " + pos(first.src, first.t) + " was refused at once by " + first.host + " (" + env +
		") and no run of it ever succeeded: its credentials are most likely from the " + other + " environment"
	for _, r := range runs {
		if r.idx < 0 || r.host != first.host || !isAuthStatus(int(r.http)) {
			continue
		}
		switch e.finding(r.idx).Label {
		case LabelExpired, LabelOther, LabelInvalid:
			e.relabel(r.idx, "run-environment-mismatch", LabelInvalid, CauseEnvironmentMismatch, 0.55, s)
		}
	}
}
