package heuristics

import (
	"math/bits"
	"strconv"
	"strings"

	"github.com/authtriage/authtriage/parser"
)

// allCauses lists every cause; a cause's position is its bit in causeSet.
var allCauses = []Cause{
	CauseTTLElapsed, CauseNonstandardExpiryStatus, CauseNoRefreshToken, CauseRefreshNotAttempted,
	CauseGrantRevoked, CauseRefreshTokenExpired, CauseAdminPolicy, CauseTenantNotAuthorized,
	CauseInvalidClient, CauseRedirectURIMismatch, CauseEnvironmentMismatch, CauseAudienceMismatch,
	CauseRotationNotPersisted, CauseRefreshCollision, CauseBadExpiresIn, CauseTokenEndpointError200,
	CauseClockSkew, CauseMalformedToken, CauseMissingToken, CauseWrongTokenEndpoint, CauseBadRefreshRequest,
	CauseInsufficientScope,
	CauseMalformedJSON, CauseMissingField, CauseWrongContentType, CauseRejectedPayload,
	CauseCursorNotFollowed, CausePageSkipped, CauseInterrupted,
	CauseTooManyRequests,
	CauseServerError, CauseNetworkError,
	CauseNotFound, CauseClientError, CauseCORSPreflightRefused, CauseUnknown,
}

// causeSet is a set of causes, one bit per entry of allCauses.
type causeSet uint64

// causeIndex maps a cause to its position in allCauses.
var causeIndex = func() map[Cause]int {
	m := make(map[Cause]int, len(allCauses))
	for i, c := range allCauses {
		m[c] = i
	}
	return m
}()

func causeBit(c Cause) causeSet {
	i, ok := causeIndex[c]
	if !ok {
		return 0
	}
	return 1 << uint(i)
}

// signalBits caches the bit of each Signal's cause.
var signalBits = func() []causeSet {
	b := make([]causeSet, len(Signals))
	for i, s := range Signals {
		b[i] = causeBit(s.Cause)
	}
	return b
}()

// signals are the facts read once from a failed event's error text.
type signals struct {
	text  string   // lower-cased error code, description, codes, body excerpt, WWW-Authenticate, run message
	set   causeSet // causes some Signal matched
	first [len64]int16
}

// len64 bounds the causes a causeSet can hold.
const len64 = 64

// has reports whether a Signal for c matched.
func (s *signals) has(c Cause) bool { return s.set&causeBit(c) != 0 }

// quote returns what matched for c, for evidence: the code or phrase.
func (s *signals) quote(c Cause) string {
	i, ok := causeIndex[c]
	if !ok || s.first[i] <= 0 {
		return ""
	}
	sg := Signals[s.first[i]-1]
	if sg.Code != "" {
		return sg.Code
	}
	return sg.Phrase
}

// readSignals builds the lower-cased error text of ev and matches it
// against the Signals table. It only runs for failed events.
func readSignals(ev *parser.Event, tokenEndpoint bool, s *signals) {
	*s = signals{}
	var b strings.Builder
	add := func(v string) {
		if v == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(v)
	}
	if e := ev.Error; e != nil {
		add(e.Code)
		add(e.Description)
		for _, c := range e.Codes {
			add(c)
		}
		add(e.Text)
	}
	add(ev.Response.WWWAuthenticate)
	add(ev.NetError)
	if ev.Run != nil {
		add(ev.Run.Message)
	}
	s.text = strings.ToLower(b.String())
	if s.text == "" {
		return
	}
	if strings.Contains(s.text, "revoked, malformed") || strings.Contains(s.text, "revoked, does not match") {
		for _, bp := range Boilerplate {
			s.text = strings.ReplaceAll(s.text, bp, "is not valid")
		}
	}
	found := phrasesIn(s.text)
	// A run's error text is read as its JSON form would be, unless it
	// names a code exchange, which the token-endpoint rules read apart.
	run := ev.Kind == parser.KindRun && !namesCode(s.text)
	for i := range Signals {
		sg := &Signals[i]
		bit := signalBits[i]
		if s.set&bit != 0 {
			continue
		}
		switch sg.Where {
		case TokenEndpoint:
			// A run's error quotes the token endpoint's refusal of its
			// grant (invalid_grant) without naming the endpoint, and
			// nothing else answers so.
			if !tokenEndpoint && (!run || sg.Cause != CauseGrantRevoked) {
				continue
			}
		case APICall:
			if tokenEndpoint {
				continue
			}
		case RunText:
			if ev.Kind != parser.KindRun {
				continue
			}
		}
		if sg.Host != "" && !hostHasSuffix(ev.Host, sg.Host) && (sg.Shape == "" || !strings.Contains(s.text, sg.Shape)) {
			continue
		}
		if p := signalPhrase[i]; p >= 0 {
			if !found.has(p) {
				continue
			}
		} else if !matchSignal(sg, ev.Error, s.text) && (!run || signalCode[i] == "" || !hasWord(s.text, signalCode[i])) {
			// A run's error text may name a code in prose
			// ("INVALID_SESSION_ID: Session expired") that no error
			// body was read from: it counts as in the JSON form.
			continue
		}
		s.set |= bit
		s.first[causeIndex[sg.Cause]] = int16(i + 1)
	}
}

// signalCode holds each Signal's code lower-cased, or "".
var signalCode = func() []string {
	c := make([]string, len(Signals))
	for i, sg := range Signals {
		c[i] = strings.ToLower(sg.Code)
	}
	return c
}()

// hasWord reports whether text holds w with no letter, digit or
// underscore on either side.
func hasWord(text, w string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(w)
		if (j == 0 || !wordByte(text[j-1])) && (end == len(text) || !wordByte(text[end])) {
			return true
		}
		i = j + 1
	}
}

func wordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// phraseSet is a set of Signal phrases, by their number in phrases.
type phraseSet [2]uint64

func (p *phraseSet) has(k int) bool { return p[k/64]&(1<<(k%64)) != 0 }
func (p *phraseSet) add(k int)      { p[k/64] |= 1 << (k % 64) }
func (p *phraseSet) and(q *phraseSet) phraseSet {
	return phraseSet{p[0] & q[0], p[1] & q[1]}
}

// phrases are the distinct Signal phrases; signalPhrase gives each Signal
// its phrase's number, or -1; phraseFirst and phraseSecond hold, per
// byte, the phrases that start with it and have it second, so phrasesIn
// reads an error text once instead of once per phrase.
var phrases, signalPhrase, phraseFirst, phraseSecond = func() (ps []string, sp []int, f, s [256]phraseSet) {
	num := map[string]int{}
	for _, sg := range Signals {
		k := -1
		if sg.Phrase != "" {
			var ok bool
			if k, ok = num[sg.Phrase]; !ok {
				k = len(ps)
				num[sg.Phrase] = k
				ps = append(ps, sg.Phrase)
			}
		}
		sp = append(sp, k)
	}
	if len(ps) > 128 {
		panic("heuristics: more than 128 signal phrases; widen phraseSet")
	}
	for k, p := range ps {
		if len(p) < 2 {
			panic("heuristics: signal phrase " + strconv.Quote(p) + " is shorter than two bytes")
		}
		f[p[0]].add(k)
		s[p[1]].add(k)
	}
	return ps, sp, f, s
}()

// phrasesIn returns the phrases text contains.
func phrasesIn(text string) phraseSet {
	var out phraseSet
	for i := 0; i+1 < len(text); i++ {
		cand := phraseFirst[text[i]].and(&phraseSecond[text[i+1]])
		for w, bitsW := range cand {
			for bitsW != 0 {
				b := bits.TrailingZeros64(bitsW)
				bitsW &^= 1 << b
				if k := w*64 + b; !out.has(k) && strings.HasPrefix(text[i:], phrases[k]) {
					out.add(k)
				}
			}
		}
	}
	return out
}

func matchSignal(sg *Signal, e *parser.ErrorBody, text string) bool {
	if sg.Phrase != "" {
		return strings.Contains(text, sg.Phrase)
	}
	if e == nil {
		return false
	}
	if strings.EqualFold(e.Code, sg.Code) {
		return true
	}
	for _, c := range e.Codes {
		if strings.EqualFold(c, sg.Code) {
			return true
		}
	}
	return false
}

// wwwAuthError returns the error="..." parameter of a WWW-Authenticate
// header, lower-cased, or "".
func wwwAuthError(h string) string {
	l := strings.ToLower(h)
	i := strings.Index(l, "error=")
	if i < 0 {
		return ""
	}
	v := l[i+len("error="):]
	v = strings.TrimPrefix(v, "\"")
	if j := strings.IndexAny(v, "\", "); j >= 0 {
		v = v[:j]
	}
	return v
}
