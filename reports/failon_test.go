package reports

import "testing"

func TestFailOn(t *testing.T) {
	// The fixture has 15 findings in its window, 9 unrecovered: expired 3 (recovered),
	// revoked 3, invalid 3 (2 rotation-not-persisted, 1 invalid-client),
	// scope 1, webhook-400 1, pagination-gap 1, rate-limited 2 (recovered),
	// server-error 1 (recovered); its undated other 1 is outside the window.
	r := Build(fixtureInput())
	tests := []struct {
		spec string
		norm string
		met  bool
	}{
		{"revoked", "revoked>=1", true},
		{"expired", "expired>=1", true},
		{"expired:unrecovered", "expired:unrecovered>=1", false},
		{"expired:recovered>=3", "expired:recovered>=3", true},
		{"expired:unrecovered>=5", "expired:unrecovered>=5", false},
		{"any>=1", "any>=1", true},
		{"any>15", "any>15", false},
		{"any=15", "any==15", true},
		{"any==15", "any==15", true},
		{"any:unrecovered<=9", "any:unrecovered<=9", true},
		{"any:unrecovered<9", "any:unrecovered<9", false},
		{"invalid:invalid-client>0", "invalid:invalid-client>0", true},
		{"invalid:rotation-not-persisted:unrecovered>=2", "invalid:rotation-not-persisted:unrecovered>=2", true},
		{"invalid:unrecovered:rotation-not-persisted>=3", "invalid:rotation-not-persisted:unrecovered>=3", false},
		{"invalid-client", "invalid-client>=1", true},
		{"ttl-elapsed:unrecovered", "ttl-elapsed:unrecovered>=1", false},
		{"server-error:recovered", "server-error:recovered>=1", true}, // the label, not the cause
		{"rate-limited>=20", "rate-limited>=20", false},
		{"rate-limited>=20,revoked", "rate-limited>=20,revoked>=1", true},
		{" Expired : Recovered >= 2 ", "expired:recovered>=2", true},
		{"pagination-gap>=0", "pagination-gap>=0", true},
		{"", "", false},
	}
	for _, tt := range tests {
		f, err := ParseFailOn(tt.spec)
		if err != nil {
			t.Errorf("ParseFailOn(%q): %v", tt.spec, err)
			continue
		}
		if got := f.String(); got != tt.norm {
			t.Errorf("ParseFailOn(%q).String() = %q, want %q", tt.spec, got, tt.norm)
		}
		if got := f.Met(r); got != tt.met {
			t.Errorf("ParseFailOn(%q).Met = %v, want %v", tt.spec, got, tt.met)
		}
	}
}

func TestFailOnErrors(t *testing.T) {
	tests := []struct{ spec, err string }{
		{"expird", `"expird": unknown target "expird" (want any, a label or a cause)`},
		{">=3", `">=3": missing target (any, a label or a cause)`},
		{"any>=", `"any>=": want a non-negative count after >=, got ""`},
		{"any>=-1", `"any>=-1": want a non-negative count after >=, got "-1"`},
		{"any>=+1", `"any>=+1": want a non-negative count after >=, got "+1"`},
		{"any>=x", `"any>=x": want a non-negative count after >=, got "x"`},
		{"any=>1", `"any=>1": want a non-negative count after =, got ">1"`},
		{"expired:lost", `"expired:lost": unknown qualifier "lost" (want unrecovered, recovered or a cause)`},
		{"expired:recovered:unrecovered", `"expired:recovered:unrecovered": "unrecovered" after "recovered"`},
		{"any:ttl-elapsed", `"any:ttl-elapsed": cause "ttl-elapsed" must follow a label`},
		{"ttl-elapsed:clock-skew", `"ttl-elapsed:clock-skew": cause "clock-skew" must follow a label`},
		{"revoked,", `"": empty term`},
		{"scope:grant-revoked", `"scope:grant-revoked": cause "grant-revoked" belongs to label "revoked", not "scope" (write revoked:grant-revoked, or the cause alone)`},
		{"other:server-error", `"other:server-error": cause "server-error" belongs to label "server-error", not "other" (write server-error:server-error, or the cause alone)`},
		{"expired:unrecovered:grant-revoked", `"expired:unrecovered:grant-revoked": cause "grant-revoked" belongs to label "revoked", not "expired" (write revoked:grant-revoked, or the cause alone)`},
	}
	for _, tt := range tests {
		_, err := ParseFailOn(tt.spec)
		if err == nil {
			t.Errorf("ParseFailOn(%q): no error, want %q", tt.spec, tt.err)
			continue
		}
		if err.Error() != tt.err {
			t.Errorf("ParseFailOn(%q):\n got %q\nwant %q", tt.spec, err, tt.err)
		}
	}
}

func TestFailOnZero(t *testing.T) {
	var f FailOn
	if f.Met(Build(fixtureInput())) {
		t.Error("the zero FailOn is met")
	}
}
