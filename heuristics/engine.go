package heuristics

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// Windows and limits of the engine.
const (
	// DefaultIdleWindow is how long (by event time) a connection may stay
	// idle before it is finalized and forgotten: the longest window any
	// rule needs, plus an hour of slack for late records. That is a
	// Google Testing app's 7-day refresh token with its 12 hours of slack
	// (a consent, nothing for a week, then the refusal), longer than the
	// 7 days of the run-history pause-risk rule.
	DefaultIdleWindow = max(pauseRiskWindow, googleTestingLifetime+lifetimeSlack) + time.Hour
	// maxLiveConnections caps the connections held at once whatever
	// their times (inputs without times never age out). At a few KB each
	// this keeps the engine well under 100 MB; past it the least recently
	// active quarter is finalized early.
	maxLiveConnections = 20_000
	// pruneEvery is how many events pass between idle sweeps; a sweep
	// walks every live connection, so it is amortised over many events.
	pruneEvery = 8192
	// maxConnectionKeys caps the keys Connections lists: it is a helper
	// for people, and a list longer than this is not read; the cap keeps
	// memory independent of the input.
	maxConnectionKeys = 100_000
	// maxExplained caps the connections whose timeline is kept when
	// Config.Explain is a prefix matching many (a bare "lineage:").
	maxExplained = 16
)

// Config configures an Engine. The zero value is useful.
type Config struct {
	// Explain names the connection (id or key, or a prefix of one) whose
	// full timeline is kept for Explain; "" keeps none.
	Explain string
	// IdleWindow overrides DefaultIdleWindow when positive.
	IdleWindow time.Duration
	// SpillAbove is how many findings are held in memory before those no
	// rule can change any more are written to a temporary file (see
	// DefaultSpillAbove); 0 means the default, a negative value never.
	SpillAbove int
	// SpillDir is the directory of that file; "" is os.TempDir().
	SpillDir string
}

// Engine groups events into connections and labels their failures. Add
// events in input order, then call Finish once. An Engine is not safe for
// concurrent use: callers that parse in parallel feed it from one goroutine.
type Engine struct {
	cfg    Config
	window time.Duration

	seq    uint64
	clocks map[string]*inputClock // per input file: the newest event time seen
	clock  *inputClock            // the last one used, to skip the map lookup
	conns  map[string]*conn
	byFP   map[string]*conn // token fingerprint -> connection (lineage)
	zaps   map[string]*zapStats

	risks     map[string][]riskWindow // Zap id -> stretches at risk of pause
	zapTitles map[string]string       // Zap id -> title, for at-risk Zaps

	held        map[findingIndex]*held // the findings in memory, by index (see store.go)
	count       findingIndex           // findings recorded
	runFindings int                    // of them, findings on Zap runs
	lost        int                    // changes asked of findings already written out (a bug; tests check it is 0)
	spill       spillFile
	spillAbove  int   // the threshold (Config.SpillAbove)
	spillNext   int   // held findings past which Add calls spillSettled
	spillOff    bool  // never spill (configured, or the file failed)
	spillErr    error // why the file failed
	joins       map[findingIndex]*joinPatch
	patches     map[findingIndex]*patch // changes to written-out findings of connections that came back (see detach.go)
	out         *Findings

	strs interner // shared copies of the strings findings keep

	explains map[string]*Explanation
	// because says, for each finding of an explained connection, which
	// rule gave it its current label and cause, and why (see explain.go).
	because   map[findingIndex]because
	keys      map[string]struct{} // connection keys seen, for Connections (at most maxConnectionKeys)
	explained int                 // connections whose timeline is kept

	stories     []story // of the finalized connections with findings
	storedMarks int     // marks in stories, at most maxStoredMarks

	preflights []preflightRec // the last CORS preflights that may block a request (see noise.go)

	order    reorder // events held back to be put in time order
	x        ctx     // reused per event
	finished bool
}

// New returns an Engine configured by cfg.
func New(cfg Config) *Engine {
	w := cfg.IdleWindow
	if w <= 0 {
		w = DefaultIdleWindow
	}
	above := cfg.SpillAbove
	if above == 0 {
		above = DefaultSpillAbove
	}
	return &Engine{
		cfg:        cfg,
		spillAbove: above,
		spillNext:  above,
		spillOff:   above < 0,
		window:     w,
		conns:      make(map[string]*conn),
		clocks:     make(map[string]*inputClock),
		byFP:       make(map[string]*conn),
		zaps:       make(map[string]*zapStats),
		zapTitles:  make(map[string]string),
		explains:   make(map[string]*Explanation),
		keys:       make(map[string]struct{}),
	}
}

// Add reads one event. Events should arrive in time order, as a trace is
// written; the engine puts them in order within ReorderDepth events (see
// Disorders for those that came later) and drops runs read before (see
// Duplicates). Times may be zero: such an event keeps its place.
func (e *Engine) Add(ev *parser.Event) {
	if ev == nil || e.finished || e.order.duplicate(ev) {
		return
	}
	e.order.push(ev)
	for e.order.full() {
		e.analyze(e.order.pop())
	}
}

// Disorders lists, by input, the records that came more than ReorderDepth
// records after later ones: they were read out of time order. Call it
// after Finish.
func (e *Engine) Disorders() []Disorder {
	out := make([]Disorder, 0, len(e.order.late))
	for f, n := range e.order.late {
		out = append(out, Disorder{File: f, Records: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// Duplicates returns how many runs were dropped as read before.
func (e *Engine) Duplicates() int { return e.order.dups }

// drain analyzes every event held back.
func (e *Engine) drain() {
	for ev := e.order.pop(); ev != nil; ev = e.order.pop() {
		e.analyze(ev)
	}
}

// analyze runs the rules on one event, in time order.
func (e *Engine) analyze(ev *parser.Event) {
	e.seq++
	if browserNoise(ev) {
		// No connection's: a refused preflight is only remembered, to
		// explain the request the browser then blocked.
		e.notePreflight(ev)
		return
	}
	clock := e.clockOf(ev.Source.File)
	if !ev.Time.IsZero() && ev.Time.After(clock.now) {
		clock.now = ev.Time
	}
	c := e.connFor(ev)
	if c.detached > 0 {
		e.reattach(c)
	}
	c.lastSeq = e.seq
	c.compacted = false
	if ev.Time.After(c.last) {
		c.last = ev.Time
	}
	c.clock = clock
	if c.provider == nil && (!c.providerLooked || ev.Token != nil) {
		c.provider = providerFor(ev.Host)
		if c.provider == nil && ev.Token != nil {
			c.provider = providerForPath(ev.Path)
		}
		c.providerLooked = true
	}

	x := &e.x
	x.reset(e, ev, c)
	idx := findingIndex(-1)
	if x.failed {
		readSignals(ev, x.tokenEP, &x.sig)
		for _, r := range rules {
			v, ok := r.Check(x)
			if !ok {
				continue
			}
			idx = e.record(x, &r, v)
			if v.cause == CauseMissingToken && e.held[idx].input != nil {
				e.judgeAsSanitized(x, idx)
			}
			break
		}
	}
	if ev.Page != nil && ev.Page.ListKey != "" {
		e.paginate(x, idx)
	}
	if ev.Kind == parser.KindRun {
		e.addRun(x, idx)
	}
	e.update(x, idx)
	e.markEvent(x)
	if c.explain {
		e.explainStep(x, idx)
	}

	if len(e.conns) > maxLiveConnections {
		e.evictOldest()
	} else if e.seq%pruneEvery == 0 {
		e.pruneIdle()
	}
	if len(e.held) > e.spillNext {
		e.spillSettled()
	}
}

// Finish finalizes every connection and returns the findings in report
// order (see Findings). Call it once all events are added; later calls
// return the same Findings. The caller closes them.
func (e *Engine) Finish() *Findings {
	if e.finished {
		return e.out
	}
	e.drain()
	for _, z := range e.zaps {
		e.judgeZap(z) // each Zap's last day is over
	}
	keys := make([]string, 0, len(e.conns))
	for k := range e.conns {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		e.finalize(e.conns[k])
	}
	e.finished = true
	// What needs the whole input is known now: the held findings are
	// revised here, the written-out ones as they are read back.
	mem := make([]*held, 0, len(e.held))
	for _, h := range e.held {
		e.reviseAlone(h)
		mem = append(mem, h)
	}
	e.held = nil
	slices.SortFunc(mem, compareOut)
	e.out = &Findings{mem: mem, n: int(e.count), finish: e.revise}
	if e.spill.f != nil {
		e.out.spill = &e.spill
	}
	e.prepareJoins()
	for _, h := range mem {
		e.applyJoin(h)
		packAll(h)
	}
	for _, ex := range e.explains {
		// An explained connection's findings are never written out.
		ex.Findings = ex.Findings[:0]
		ex.Reasoning = ex.Reasoning[:0]
		for _, h := range mem {
			if h.Connection == ex.Connection {
				ex.Findings = append(ex.Findings, h.Finding)
				ex.Reasoning = append(ex.Reasoning, e.reason(h))
			}
		}
		ex.Reasoning = append(ex.Reasoning, ex.capNotes()...)
	}
	return e.out
}

// revise applies to a finding read back what Finish applied to the held
// ones.
func (e *Engine) revise(h *held) {
	e.applyPatch(h)
	e.reviseAlone(h)
	e.applyJoin(h)
	packAll(h)
}

// reviseAlone applies the end-of-input revisions that need no other
// finding: credentials stripped by the input, Zaps at risk of pause.
func (e *Engine) reviseAlone(h *held) {
	e.sanitize(h)
	e.zapRisk(&h.Finding)
}

// packAll packs evidence grown by append after the finding was recorded
// again, to its exact size.
func packAll(h *held) {
	if f := &h.Finding; cap(f.Evidence) > len(f.Evidence) {
		f.Evidence = packEvidence(f.Evidence)
	}
}

// SpillError returns why findings could not be written to a temporary
// file, if they could not; the engine then kept them in memory.
func (e *Engine) SpillError() error { return e.spillErr }

// Explain returns the timeline of the connection named by Config.Explain:
// the one whose key, or id after the key's kind, equals it, else the only
// one whose key or id starts with it. A prefix that several connections
// start with names none: ExplainMatches lists them. Call it after Finish.
func (e *Engine) Explain() (*Explanation, bool) {
	if e.cfg.Explain == "" || len(e.explains) == 0 {
		return nil, false
	}
	if ex, ok := e.explains[e.cfg.Explain]; ok {
		return ex, true
	}
	keys := e.ExplainMatches()
	for _, k := range keys {
		if i := strings.IndexByte(k, ':'); i >= 0 && k[i+1:] == e.cfg.Explain {
			return e.explains[k], true
		}
	}
	if len(keys) == 1 {
		return e.explains[keys[0]], true
	}
	return nil, false
}

// ExplainMatches returns the keys of the connections Config.Explain
// matched, sorted: more than one when it is a prefix of several. Only the
// first maxExplained matches are kept, so the list stops there.
func (e *Engine) ExplainMatches() []string {
	keys := make([]string, 0, len(e.explains))
	for k := range e.explains {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Connections returns the connection keys seen (the first
// maxConnectionKeys of them), sorted.
func (e *Engine) Connections() []string {
	out := make([]string, 0, len(e.keys))
	for k := range e.keys {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// explainMatches reports whether key is the connection asked for by
// Config.Explain: equal, or starting with it, also after the key's kind
// prefix ("lineage:", "client:", ...).
func (e *Engine) explainMatches(key string) bool {
	want := e.cfg.Explain
	if want == "" {
		return false
	}
	if strings.HasPrefix(key, want) {
		return true
	}
	if i := strings.IndexByte(key, ':'); i >= 0 && strings.HasPrefix(key[i+1:], want) {
		return true
	}
	return false
}

// Connection key prefixes for derived keys. Explicit ids are used as written.
const (
	keyLineage = "lineage:"
	keyJWT     = "jwt:"
	keyClient  = "client:"
	keyHost    = "host:"
	keyZap     = "zap:"
	keyRun     = "run:"
	keyInput   = "input:"
)

// connFor finds or creates the connection of ev: the explicit id, else
// token lineage, else host and client id, else host, else (no host either,
// see hostlessKey) the run or the input.
func (e *Engine) connFor(ev *parser.Event) *conn {
	var c *conn
	switch {
	case ev.Connection != "":
		c = e.conn(ev.Connection)
	case ev.Token != nil:
		t := ev.Token
		c = e.lookupFP(t.RefreshSentFP, t.AccessFP, t.RefreshFP)
		if c == nil {
			if sc, ok := e.clock.sites[site(ev.Host)]; ok && strings.HasPrefix(sc.key, keyHost) {
				// Requests without credentials (a sanitized export) came
				// first: their connection is this token's.
				c = sc
				break
			}
			switch {
			case t.RefreshSentFP != "":
				c = e.conn(keyLineage + t.RefreshSentFP)
			case t.ClientID != "":
				c = e.conn(keyClient + ev.Host + "/" + t.ClientID)
			case t.AccessFP != "":
				c = e.conn(keyLineage + t.AccessFP)
			default:
				c = e.siteConn(ev.Host)
			}
		}
	case ev.Auth.TokenFP != "":
		c = e.lookupFP(ev.Auth.TokenFP)
		if c == nil {
			if j := ev.Auth.JWT; j != nil && j.Subject != "" {
				c = e.conn(keyJWT + j.Issuer + "|" + j.Subject)
			} else {
				c = e.conn(keyLineage + ev.Auth.TokenFP)
			}
		}
	case ev.Kind == parser.KindRun && ev.Run != nil && ev.Run.ZapID != "":
		c = e.conn(keyZap + ev.Run.ZapID)
	case ev.Host == "":
		c = e.conn(hostlessKey(ev))
	default:
		c = e.siteConn(ev.Host)
	}
	if ev.Token != nil {
		e.index(c, ev.Token.RefreshSentFP)
		e.index(c, ev.Token.AccessFP)
		e.index(c, ev.Token.RefreshFP)
		e.claimSite(c, ev.Host)
	} else if ev.Auth.TokenFP != "" {
		e.index(c, ev.Auth.TokenFP)
		e.claimSite(c, ev.Host)
	}
	return c
}

// hostlessKey is the connection of a record that names no connection,
// token, Zap or host (a task-history row with no Zap ID and an error that
// names no URL): its own run ("run:<id>"), since nothing ties it to
// another, else its input ("input:<file>"), never an empty "host:".
func hostlessKey(ev *parser.Event) string {
	if ev.Run != nil && ev.Run.ID != "" {
		return keyRun + ev.Run.ID
	}
	return keyInput + ev.Source.File
}

func (e *Engine) conn(key string) *conn {
	if c, ok := e.conns[key]; ok {
		return c
	}
	key = keep(key)
	c := &conn{key: key}
	if e.explained < maxExplained && e.explainMatches(key) {
		c.explain = true
		e.explained++
	}
	e.conns[key] = c
	if len(e.keys) < maxConnectionKeys {
		e.keys[key] = struct{}{}
	}
	return c
}

func (e *Engine) lookupFP(fps ...string) *conn {
	for _, fp := range fps {
		if fp == "" {
			continue
		}
		if c, ok := e.byFP[fp]; ok {
			return c
		}
	}
	return nil
}

// siteConn returns the connection that holds credentials for host's site
// in the current input, or the host's own connection. Requests without
// credentials join it. Sites are per input: two files never share a
// connection through a host name alone.
func (e *Engine) siteConn(host string) *conn {
	if c, ok := e.clock.sites[site(host)]; ok {
		return c
	}
	key := keyHost + host
	if other, ok := e.conns[key]; ok && other.clock != e.clock {
		key += " @" + e.clock.file
	}
	c := e.conn(key)
	e.claimSite(c, host)
	return c
}

func (e *Engine) index(c *conn, fp string) {
	if fp == "" {
		return
	}
	if old, ok := e.byFP[fp]; ok {
		if old == c {
			return
		}
		// A fingerprint moves to the connection that uses it now.
	}
	fp = keep(fp)
	e.byFP[fp] = c
	if len(c.fps) == maxFPsPerConn {
		// The oldest goes, unless it is the refresh token still in use: a
		// token that does not rotate (Google's) is sent for weeks, long
		// after maxFPsPerConn access tokens, and must still find its
		// connection.
		i := 0
		if c.fps[0] == c.curRT {
			i = 1
		}
		if e.byFP[c.fps[i]] == c {
			delete(e.byFP, c.fps[i])
		}
		copy(c.fps[i:], c.fps[i+1:])
		c.fps = c.fps[:len(c.fps)-1]
	}
	c.fps = append(c.fps, fp)
}

func (e *Engine) claimSite(c *conn, host string) {
	if host == "" {
		return
	}
	s := site(host)
	sites := e.clock.sites
	if sites[s] == c {
		return
	}
	if _, ok := sites[s]; ok {
		sites[s] = c // the map keeps its own copy of the key
	} else {
		s = keep(s)
		sites[s] = c
	}
	for _, x := range c.sites {
		if x.site == s && x.clock == e.clock {
			return
		}
	}
	s = keep(s)
	if len(c.sites) == maxSitesPerConn {
		if old := c.sites[0]; old.clock.sites[old.site] == c {
			delete(old.clock.sites, old.site)
		}
		copy(c.sites, c.sites[1:])
		c.sites = c.sites[:len(c.sites)-1]
	}
	c.sites = append(c.sites, siteRef{e.clock, s})
}

// record appends the finding a rule produced for the current event.
func (e *Engine) record(x *ctx, r *rule, v verdict) findingIndex {
	ev := x.ev
	url := e.strs.get(ev.URL)
	f := Finding{
		Source:     ev.Source,
		Time:       ev.Time,
		Connection: x.c.key,
		Step:       e.strs.get(ev.Step),
		Method:     e.strs.get(ev.Method),
		URL:        url,
		Host:       e.strs.within(url, ev.Host),
		Path:       e.strs.within(url, ev.Path),
		Status:     ev.Status,
		Label:      v.label,
		Cause:      v.cause,
		Confidence: x.confidence(v.conf, v.label),
		Evidence:   packEvidence(v.evidence),
	}
	if ev.Run != nil {
		f.RunID, f.ZapID, f.ZapTitle = keep(ev.Run.ID), e.strs.get(ev.Run.ZapID), e.strs.get(ev.Run.ZapTitle)
		if f.Step == "" {
			f.Step = e.strs.get(ev.Run.StepName)
		}
		if f.Status == 0 {
			f.Status = ev.Run.HTTPStatus
		}
		f.NoStatus = ev.Kind == parser.KindRun && f.Status == 0
		if f.URL == "" {
			f.URL = e.strs.get(ev.Run.HTTPURL)
		}
	}
	f.Remediation = fixFor(&f)
	if f.RunID != "" || f.ZapID != "" {
		e.runFindings++
	}
	idx := e.add(f, e.seq<<1, provisionalInput(ev))
	o := openFinding{idx: idx, seq: e.seq, awaitRefresh: v.awaitRefresh, tokenEP: x.tokenEP, at: ev.Time,
		auth: x.tokenEP || authLabel(v.label) || isAuthStatus(x.status)}
	if v.pathScoped && ev.Kind == parser.KindHTTP {
		// A run names no endpoint when it succeeds: the next successful
		// run of the connection is what recovers a run failure.
		o.path = x.path
	}
	e.open(x.c, o)
	x.c.found = true
	if x.c.explain {
		e.explainedBy(idx, because{rule: r.Name, cause: v.cause, matched: x.sig.quote(v.cause), from: min(1, len(v.evidence))})
	}
	return idx
}

// open adds o to c's unsettled findings.
func (e *Engine) open(c *conn, o openFinding) {
	if len(c.open) == maxOpenPerConn {
		e.settle(c, &c.open[0])
		copy(c.open, c.open[1:])
		c.open = c.open[:len(c.open)-1]
	}
	c.open = append(c.open, o)
}

// settle fixes an open finding's cause for good: the settle step of every
// rule that has one runs on it.
func (e *Engine) settle(c *conn, o *openFinding) {
	f := e.finding(o.idx)
	for i := range rules {
		if rules[i].Settle != nil {
			was := f.Cause
			rules[i].Settle(f, o, c)
			if c.explain && f.Cause != was {
				e.resettled(o.idx, rules[i].Name, f.Cause)
			}
		}
	}
	f.Remediation = fixFor(f)
}

// update moves the connection's state past the current event.
func (e *Engine) update(x *ctx, idx findingIndex) {
	ev, c := x.ev, x.c
	ok := !x.failed
	if t := ev.Token; t != nil {
		e.updateToken(x, idx)
	} else if ev.Auth.TokenFP != "" && ev.Kind == parser.KindHTTP {
		tk := x.tok
		if tk == nil {
			tk = c.addToken(tokenInfo{fp: ev.Auth.TokenFP})
		}
		if j := ev.Auth.JWT; j != nil && tk.jwtExp.IsZero() {
			tk.jwtExp = j.Expires
			if tk.issued.IsZero() && !j.IssuedAt.IsZero() {
				tk.issued = j.IssuedAt
			}
		}
		if ok {
			tk.okCount++
			if tk.firstOK.IsZero() {
				tk.firstOK = ev.Time
			}
			tk.lastOK, tk.lastOKSrc, tk.okPath = ev.Time, ev.Source, x.path
			if tk.okHost != ev.Host {
				// Interned: a substring of the record would pin all of it.
				tk.okHost = e.strs.get(ev.Host)
			}
		} else if isAuthStatus(ev.Status) {
			if tk.rejects == 0 {
				tk.firstRej = ev.Time
				tk.firstRejOK = tk.okCount > 0
				if ev.Status == 401 && tk.seen && !tk.issued.IsZero() && !ev.Time.IsZero() {
					c.noteRejectAge(ev.Time.Sub(tk.issued))
				}
			}
			tk.rejects++
		}
	}
	if ok && ev.Kind == parser.KindHTTP && ev.Status >= 200 && ev.Status < 400 {
		if ev.Token == nil {
			c.okCount++
			c.okSrc, c.okT, c.okPath = ev.Source, ev.Time, x.path
		}
		authOK, ifStripped := true, (*parser.Input)(nil)
		if len(c.open) > 0 {
			authOK, ifStripped = provesAuth(ev) // only asked when a finding may recover
		}
		e.succeeded(c, x.path, ev.Token != nil, x.tok, authOK, ifStripped)
	}
	if ok && ev.Kind == parser.KindRun && ev.Run != nil && ev.Run.Status == parser.RunSuccess {
		e.succeeded(c, 0, false, nil, true, nil)
	}
}

// succeeded settles the findings a success on path recovers.
//
// A successful token request (byRefresh) recovers only refused token
// requests: an API call refused for its token works again only when an API
// call succeeds. An API call recovers a refused refresh only when it
// carried a token issued after it (tok), or the refusal was a sibling
// worker's (see sibling): the old access token working until it expires
// says nothing of the grant. A success that does not show credentials
// working (authOK false, see provesAuth) recovers no refused credentials,
// unless it shows them working only if its input strips credentials
// everywhere (ifStripped, known at the end of that input): the finding
// is then marked recovered but kept open, for sanitize to undo should the
// input carry credentials after all, and for a success that does show
// them working to recover it for good.
func (e *Engine) succeeded(c *conn, path uint64, byRefresh bool, tok *tokenInfo, authOK bool, ifStripped *parser.Input) {
	keep := c.open[:0]
	for _, o := range c.open {
		if o.userActed {
			e.settle(c, &o)
			continue
		}
		provisional := o.auth && !authOK
		if provisional && ifStripped == nil {
			keep = append(keep, o)
			continue
		}
		if o.path != 0 && o.path != path && !(byRefresh && o.tokenEP) {
			keep = append(keep, o)
			continue
		}
		if byRefresh && !o.tokenEP || o.tokenEP && !byRefresh && tok != nil && !(tok.seen && tok.issued.After(o.at)) && !sibling(e.finding(o.idx).Cause) {
			keep = append(keep, o)
			continue
		}
		e.finding(o.idx).Recovered = true
		if h := e.mutable(o.idx); h != nil {
			if provisional {
				h.recoverIn = ifStripped
				keep = append(keep, o)
				continue
			}
			h.recoverIn = nil // recovered for good
		}
		if o.awaitRefresh && !o.refreshed {
			keep = append(keep, o)
			continue
		}
		e.settle(c, &o)
	}
	c.open = keep
}

// provesAuth reports whether an HTTP success shows the connection's
// credentials working: a token response, a request that carried
// credentials, or one from an export that strips them (Auth.Sanitized:
// what it carried is unknown). A request without credentials in an input
// that keeps them (a health check, a public page) proves nothing of them,
// nor does a page of the authorization endpoint (a sign-in form, or a
// prompt=none answer saying login_required). While no request of its
// input has carried credentials yet, Auth.Sanitized is provisional: it
// returns false and the input, whose end decides (see succeeded).
func provesAuth(ev *parser.Event) (ok bool, ifStripped *parser.Input) {
	if ev.Token != nil {
		return true, nil
	}
	if authorizePage(ev.Path) {
		return false, nil
	}
	if ev.Auth.Scheme != "" || sanitizedNow(ev) {
		return true, nil
	}
	if in := provisionalInput(ev); in != nil && !in.CredentialsSeen.Load() {
		return false, in
	}
	return false, nil
}

// authorizePage reports whether path is an OAuth authorization endpoint:
// /authorize (Auth0, Okta, Microsoft, GitHub, Salesforce, Slack) or
// Google's /o/oauth2/auth and Keycloak's /protocol/openid-connect/auth.
func authorizePage(path string) bool {
	p := strings.TrimSuffix(path, "/")
	if len(p) < len("/auth") || p[len(p)-1]|0x20 != 'e' && p[len(p)-1]|0x20 != 'h' {
		return false // most paths: no lower-casing
	}
	p = strings.ToLower(p)
	return strings.HasSuffix(p, "/authorize") ||
		strings.HasSuffix(p, "/auth") && (strings.Contains(p, "/oauth2/") || strings.Contains(p, "/openid-connect/"))
}

// sibling tells the refused refreshes of a worker whose sibling holds the
// working grant (it raced it, or kept a rotated token): the connection's
// current token working recovers them.
func sibling(c Cause) bool { return c == CauseRefreshCollision || c == CauseRotationNotPersisted }

// updateToken records a token-endpoint call on the connection.
func (e *Engine) updateToken(x *ctx, idx findingIndex) {
	ev, c, t := x.ev, x.c, x.ev.Token
	refresh := x.refresh
	if refresh {
		c.lastRefreshSeq = e.seq
		c.lastRefreshAt = ev.Time
		for i := range c.open {
			c.open[i].refreshed = true
		}
	}
	if t.ErrorIn200 {
		r := refreshRec{src: ev.Source, t: ev.Time, finding: idx}
		c.err200 = &r
	}
	if !t.Returned || x.failed {
		if refresh && t.RefreshSentFP != "" {
			c.addRefresh(refreshRec{sent: t.RefreshSentFP, src: ev.Source, t: ev.Time, finding: idx})
		}
		if idx >= 0 && c.rt != nil && !c.rt.consent.IsZero() && e.finding(idx).Cause == CauseRefreshTokenExpired {
			c.rt.testingExpiries++
		}
		return
	}
	c.err200 = nil
	c.tokenResponses++
	life := x.lifetimeOf(t, ev)
	tk := tokenInfo{
		// addToken copies the strings it keeps.
		fp: t.AccessFP, src: ev.Source, issued: ev.Time, life: life, expiresIn: t.ExpiresIn,
		host: ev.Host, refreshFP: t.RefreshFP, seen: true, grant: t.GrantType, scope: t.Scope,
	}
	if t.AccessJWT != nil {
		tk.jwtExp = t.AccessJWT.Expires
	}
	if t.AccessFP != "" {
		c.addToken(tk)
	}
	if t.RefreshFP != "" {
		c.refreshIssued = true
	}
	if d := refreshLife(t.RefreshExpiresIn); d > 0 && !ev.Time.IsZero() {
		c.life().deadline = ev.Time.Add(d)
	} else if t.RefreshFP != "" && t.RefreshFP != c.curRT && c.rt != nil {
		c.rt.deadline = time.Time{} // a new refresh token, its life not said
	}
	if refresh {
		got := t.RefreshFP
		c.addRefresh(refreshRec{sent: t.RefreshSentFP, got: got, ok: true, src: ev.Source, t: ev.Time, finding: -1})
		if got != "" {
			if got != t.RefreshSentFP && c.rt != nil {
				c.rt.consent = time.Time{} // rotated: a refresh issued it
			}
			c.curRT = keep(got)
		} else if t.RefreshSentFP != "" {
			c.curRT = keep(t.RefreshSentFP)
		}
		e.collided(c, t.RefreshSentFP, ev)
		return
	}
	if t.RefreshFP != "" {
		c.curRT = keep(t.RefreshFP)
		if strings.EqualFold(t.GrantType, "authorization_code") {
			l := c.life()
			l.consentSrc, l.consent = ev.Source, ev.Time
		} else if c.rt != nil {
			c.rt.consent = time.Time{}
		}
	}
	if strings.EqualFold(t.GrantType, "authorization_code") {
		// A new consent: earlier failures were fixed by the user.
		for i := range c.open {
			c.open[i].userActed = true
		}
		if len(c.connects) == maxConnectsPerConn {
			copy(c.connects, c.connects[1:])
			c.connects = c.connects[:len(c.connects)-1]
		}
		c.connects = append(c.connects, ev.Time)
	}
}

// inputClock is how far event time has got in one input. Inputs may
// cover different periods (last week's HAR next to today's log), so a
// connection's idleness is measured on the clock of the input it was
// last seen in.
type inputClock struct {
	file  string
	now   time.Time
	sites map[string]*conn // registrable site -> connection holding its credentials in this input
}

// clockOf returns the clock of the input named file.
func (e *Engine) clockOf(file string) *inputClock {
	if e.clock != nil && e.clock.file == file {
		return e.clock
	}
	c, ok := e.clocks[file]
	if !ok {
		c = &inputClock{file: keep(file), sites: make(map[string]*conn)}
		e.clocks[c.file] = c
	}
	e.clock = c
	return c
}

// pruneIdle finalizes connections idle longer than the window on the
// clock of the input they were last seen in, and compacts those idle
// longer than compactAfter and detaches their open findings (see
// detach.go).
func (e *Engine) pruneIdle() {
	var idle []*conn
	for _, c := range e.conns {
		if c.clock == nil || c.last.IsZero() || c.clock.now.IsZero() {
			continue
		}
		switch {
		case c.last.Before(c.clock.now.Add(-e.window)):
			idle = append(idle, c)
		case !c.compacted && c.last.Before(c.clock.now.Add(-compactAfter)):
			c.compact()
			e.detach(c)
		}
	}
	sort.Slice(idle, func(i, j int) bool { return idle[i].key < idle[j].key })
	for _, c := range idle {
		e.finalize(c)
	}
	e.pruneZaps()
}

// evictOldest finalizes the least recently active quarter of the
// connections once there are more than maxLiveConnections.
func (e *Engine) evictOldest() {
	all := make([]*conn, 0, len(e.conns))
	for _, c := range e.conns {
		all = append(all, c)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].lastSeq < all[j].lastSeq })
	for _, c := range all[:len(all)/4] {
		e.finalize(c)
	}
}

// finalize settles everything about c and forgets it.
func (e *Engine) finalize(c *conn) {
	for i := range c.walks {
		e.closeWalk(c, &c.walks[i], nil)
	}
	c.walks = nil
	e.runTimeline(c)
	for i := range c.open {
		if c.open[i].det == nil { // a detached one is settled already
			e.settle(c, &c.open[i])
		}
	}
	c.open = nil
	for _, fp := range c.fps {
		if e.byFP[fp] == c {
			delete(e.byFP, fp)
		}
	}
	for _, s := range c.sites {
		if s.clock.sites[s.site] == c {
			delete(s.clock.sites, s.site)
		}
	}
	if e.conns[c.key] == c {
		delete(e.conns, c.key)
	}
	e.keepStory(c)
}

// LiveConnections returns how many connections the engine holds state
// for right now; memory grows with it, not with the input.
func (e *Engine) LiveConnections() int { return len(e.conns) }

// pathHash hashes method, host and path of ev, so a success can be matched
// to the failures of the same endpoint without keeping strings.
func pathHash(ev *parser.Event) uint64 {
	if ev.Host == "" && ev.Path == "" {
		return 0
	}
	const offset, prime = 14695981039346656037, 1099511628211
	v := uint64(offset)
	for _, s := range [3]string{ev.Method, ev.Host, ev.Path} {
		for i := 0; i < len(s); i++ {
			v ^= uint64(s[i])
			v *= prime
		}
		v *= prime // separator
	}
	if v == 0 {
		v = 1
	}
	return v
}

// round2 rounds a confidence to two decimals so output is stable.
func round2(f float64) float64 { return math.Round(f*100) / 100 }
