package heuristics

// ruleBadExpiresIn: the token response wrote expires_in in a shape that
// misleads clients (milliseconds, an epoch, a string, zero or negative),
// and the token then died at its real lifetime, unrefreshed.
var ruleBadExpiresIn = rule{
	Name:  "bad-expires-in",
	Doc:   "expires_in in milliseconds, as an epoch, a string, 0 or negative, and the token was refused at its real lifetime",
	Check: checkBadExpiresIn,
}

func checkBadExpiresIn(x *ctx) (verdict, bool) {
	t := x.tok
	if t == nil || !t.seen {
		return verdict{}, false
	}
	var harm string
	switch t.life.unit {
	case unitMillis:
		harm = "a client reading seconds expects the token to live " + dur(t.life.d*1000) + ", not " + dur(t.life.d)
	case unitEpoch, unitEpochMillis:
		harm = "a client reading a duration expects the token to live for decades"
	case unitString:
		harm = "clients that expect a JSON number ignore it and never refresh ahead of expiry"
	case unitNonPositive:
		harm = "clients read it as already expired or as never expiring"
	case unitUnparsed:
		harm = "clients cannot read it at all"
	default:
		return verdict{}, false
	}
	exp, ok := expiredBy(x)
	if !ok || exp.conf < 0.8 {
		return verdict{}, false
	}
	ev := append(exp.evidence, "expires_in was written as "+t.expiresIn+" ("+t.life.unit.String()+"): "+harm)
	if n, lo, hi := x.c.rejectAges(); n >= 1 && exp.age > 0 {
		// With this rejection: a regular interval is the real lifetime.
		lo, hi = min(lo, exp.age), max(hi, exp.age)
		ev = append(ev, "tokens of this connection were refused "+itoa(n+1)+" times, each "+dur(lo)+"–"+dur(hi)+" after issue")
	}
	return verdict{label: LabelInvalid, cause: CauseBadExpiresIn, conf: exp.conf, evidence: ev}, true
}
