package heuristics

import (
	"slices"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// Limits on what one connection retains. Each caps a history that rules
// only read near its end, so dropping the oldest entries changes no
// finding on realistic traces while keeping memory per connection fixed.
const (
	// maxTokensPerConn: rules look at the token in use and the few before
	// it; 16 covers a day of hourly rotation plus strays.
	maxTokensPerConn = 16
	// maxRefreshHistory: rotation and collision checks compare a refresh
	// with the recent refreshes of its lineage; a replaced refresh token
	// resurfacing after 32 later refreshes is still caught by its
	// fingerprint being absent, just with less evidence.
	maxRefreshHistory = 32
	// maxFPsPerConn: fingerprints indexed for lineage lookups; older
	// tokens are dead by then and their fingerprints are not looked up.
	maxFPsPerConn = 64
	// maxWalksPerConn: list endpoints walked at once on one connection.
	maxWalksPerConn = 16
	// maxRunsPerConn: run records kept for the run-level rules; 512 runs
	// span a week of a Zap that runs every 20 minutes.
	maxRunsPerConn = 512
	// maxConnectsPerConn: reconnects (authorization-code grants) kept.
	maxConnectsPerConn = 8
	// maxSitesPerConn: sites this connection is the credential holder of.
	maxSitesPerConn = 4
	// maxOpenPerConn: unsettled findings per connection; past it the
	// oldest are settled as they stand (still returned, just not updated
	// by later events).
	maxOpenPerConn = 1024
	// maxExplainSteps caps the timeline kept for --explain: a connection
	// with more events than this is summarised by its first steps.
	maxExplainSteps = 100_000
	// maxExplainTokens caps the token lineage kept for --explain: a
	// token response is an event too, so the same bound holds.
	maxExplainTokens = maxExplainSteps

	// compactAfter is how long (by event time) a connection stays idle
	// before its histories are cut to what a returning client touches:
	// the idleTokens newest tokens (the one in use, the one before it
	// and strays), the idleRefreshes newest refreshes and the
	// idleRefreshes newest successful ones (a client retrying a rotated
	// refresh token for hours must not push out the rotation). Most idle
	// connections never come back (a user disconnected, a job ended),
	// yet they are kept for the full idle window; cut, each costs about
	// 2 KB instead of 9 KB. A client that comes back with a token or
	// refresh token older than those is still tied to its connection by
	// fingerprint, with less history to cite.
	compactAfter  = time.Hour
	idleTokens    = 4
	idleRefreshes = 8
)

// siteRef is a site a connection holds the credentials of, in one input.
type siteRef struct {
	clock *inputClock
	site  string
}

// tokenInfo is what a connection knows about one access token.
type tokenInfo struct {
	fp        string
	src       parser.Source // the token response that issued it; zero when not seen
	issued    time.Time     // zero when the issuing response was not seen
	life      lifetime
	expiresIn string
	host      string // token endpoint host (where it came from)
	refreshFP string // refresh token issued with it
	grant     string
	scope     string
	jwtExp    time.Time
	seen      bool // a token response issued it

	okCount    int32
	firstOK    time.Time
	lastOK     time.Time
	lastOKSrc  parser.Source
	okPath     uint64 // hash of method+host+path of the last success
	okHost     string
	rejects    int32
	firstRej   time.Time
	firstRejOK bool
}

// refreshRec is one refresh exchange of a lineage.
type refreshRec struct {
	sent    string // refresh token sent
	got     string // refresh token returned; "" when none
	ok      bool
	src     parser.Source
	t       time.Time
	finding findingIndex // index of its finding, -1 when none
}

// openFinding is a finding whose recovery or cause later events may still
// change.
type openFinding struct {
	idx          findingIndex
	seq          uint64
	path         uint64 // 0: any later success recovers it; else only a success on this path
	awaitRefresh bool   // expiry finding waiting to see whether a refresh follows
	userActed    bool   // the user reconnected after it: a later success is not a recovery
	refreshed    bool   // a refresh request followed it
	tokenEP      bool   // a refused token request (a refresh, an exchange)
	auth         bool   // credentials were refused: only a success that shows credentials work recovers it (see provesAuth)
	at           time.Time
	// det is set while the finding is detached from its idle connection
	// (see detach): settled as if nothing followed, free to be written
	// out, and what it was before, should the connection come back.
	det *detached
}

// conn is the compact state of one connection.
type conn struct {
	key      string
	last     time.Time   // newest event time
	clock    *inputClock // the input it was last seen in
	lastSeq  uint64
	provider *Provider
	// providerLooked: the provider table was searched for the connection's
	// API host already (token calls search again by their path).
	providerLooked bool

	tokens         []tokenInfo
	tokenResponses int32 // token responses with an access token
	refreshIssued  bool  // some token response returned a refresh token
	curRT          string
	refreshes      []refreshRec
	lastRefreshSeq uint64
	lastRefreshAt  time.Time   // the last refresh request, whatever its outcome
	connects       []time.Time // authorization-code grants
	// rt is what is known of curRT's life, when anything is (most
	// connections never show it): nil until then.
	rt     *rtLife
	err200 *refreshRec // last 200-with-error token response with no token since

	open     []openFinding
	detached int // of them, detached (see detach)
	walks    []walk
	fps      []string
	sites    []siteRef
	runs     []runRec

	okCount int32 // successful API calls, any token
	okSrc   parser.Source
	okT     time.Time
	okPath  uint64

	ages  [maxRejectAges]time.Duration // age at first rejection of issued tokens, newest last
	nAges int

	marks     []mark // the token story, oldest first (see markEvent)
	markDrops int32  // marks dropped from its start
	found     bool   // a finding was recorded on it: its story is kept
	compacted bool   // cut while idle (see compactAfter); cleared by its next event
	explain   bool
}

// rtLife is what a connection's token responses said of its current
// refresh token's life.
type rtLife struct {
	// consent is the authorization-code grant that issued the refresh
	// token (zero when another response did), and testingExpiries counts
	// refresh tokens refused 7 days after theirs (checkTestingExpiry).
	consentSrc      parser.Source
	consent         time.Time
	testingExpiries int32
	// deadline is when the refresh token expires, as the token response
	// that gave or kept it said (refresh_token_expires_in); zero when
	// unsaid.
	deadline time.Time
}

// life returns c.rt, made when needed.
func (c *conn) life() *rtLife {
	if c.rt == nil {
		c.rt = &rtLife{}
	}
	return c.rt
}

// compact cuts an idle connection's histories (see compactAfter) into
// slices of exactly their length.
func (c *conn) compact() {
	c.tokens = slices.Clone(c.tokens[max(0, len(c.tokens)-idleTokens):])
	var keep []refreshRec
	n, ok := 0, 0
	for i := len(c.refreshes) - 1; i >= 0; i-- {
		r := c.refreshes[i]
		if n < idleRefreshes || r.ok && ok < idleRefreshes {
			keep = append(keep, r)
			n++
			if r.ok {
				ok++
			}
		}
	}
	slices.Reverse(keep)
	c.refreshes = slices.Clip(keep)
	c.marks = slices.Clone(c.marks)
	c.compacted = true
}

// maxRejectAges: the last few token ages at rejection show whether tokens
// die at a regular interval; eight is enough to see the pattern.
const maxRejectAges = 8

// noteRejectAge records the age at which an issued token was first refused.
func (c *conn) noteRejectAge(d time.Duration) {
	if c.nAges == maxRejectAges {
		copy(c.ages[:], c.ages[1:])
		c.nAges--
	}
	c.ages[c.nAges] = d
	c.nAges++
}

// rejectAges returns how many ages were recorded and their range.
func (c *conn) rejectAges() (n int, lo, hi time.Duration) {
	for i := 0; i < c.nAges; i++ {
		d := c.ages[i]
		if i == 0 || d < lo {
			lo = d
		}
		if d > hi {
			hi = d
		}
	}
	return c.nAges, lo, hi
}

// token returns the connection's record of fp, or nil.
func (c *conn) token(fp string) *tokenInfo {
	if fp == "" {
		return nil
	}
	for i := len(c.tokens) - 1; i >= 0; i-- {
		if c.tokens[i].fp == fp {
			return &c.tokens[i]
		}
	}
	return nil
}

// addToken records a token, dropping the oldest past maxTokensPerConn.
func (c *conn) addToken(t tokenInfo) *tokenInfo {
	if old := c.token(t.fp); old != nil {
		// A token response re-issuing a known token (rare): keep its use history.
		ok, last, lastSrc, path, host := old.okCount, old.lastOK, old.lastOKSrc, old.okPath, old.okHost
		t.fp, t.expiresIn, t.host, t.refreshFP, t.grant, t.scope = old.fp, keep(t.expiresIn), keep(t.host), keep(t.refreshFP), keep(t.grant), keep(t.scope)
		*old = t
		old.okCount, old.lastOK, old.lastOKSrc, old.okPath, old.okHost = ok, last, lastSrc, path, host
		return old
	}
	t.fp, t.expiresIn, t.host, t.refreshFP, t.grant, t.scope = keep(t.fp), keep(t.expiresIn), keep(t.host), keep(t.refreshFP), keep(t.grant), keep(t.scope)
	if len(c.tokens) == maxTokensPerConn {
		copy(c.tokens, c.tokens[1:])
		c.tokens = c.tokens[:len(c.tokens)-1]
	}
	c.tokens = append(c.tokens, t)
	return &c.tokens[len(c.tokens)-1]
}

// addRefresh records a refresh exchange.
func (c *conn) addRefresh(r refreshRec) {
	r.sent, r.got = keep(r.sent), keep(r.got)
	if len(c.refreshes) == maxRefreshHistory {
		copy(c.refreshes, c.refreshes[1:])
		c.refreshes = c.refreshes[:len(c.refreshes)-1]
	}
	c.refreshes = append(c.refreshes, r)
}

// replacedBy returns the latest successful refresh that sent rt and got a
// different refresh token back, or nil.
func (c *conn) replacedBy(rt string) *refreshRec {
	for i := len(c.refreshes) - 1; i >= 0; i-- {
		r := &c.refreshes[i]
		if r.ok && r.sent == rt && r.got != "" && r.got != rt {
			return r
		}
	}
	return nil
}

// lastOKRefresh returns the latest successful refresh that sent rt, or nil.
func (c *conn) lastOKRefresh(rt string) *refreshRec {
	for i := len(c.refreshes) - 1; i >= 0; i-- {
		r := &c.refreshes[i]
		if r.ok && r.sent == rt {
			return r
		}
	}
	return nil
}

// latestIssued returns the newest token that a token response issued, or nil.
func (c *conn) latestIssued() *tokenInfo {
	for i := len(c.tokens) - 1; i >= 0; i-- {
		if c.tokens[i].seen {
			return &c.tokens[i]
		}
	}
	return nil
}
