package heuristics

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/authtriage/authtriage/parser"
)

// Windows of the run-history rules.
const (
	// pauseRiskWindow and pauseRiskShare: Zapier pauses a Zap whose runs
	// are (nearly) all errors over a week.
	pauseRiskWindow = 7 * 24 * time.Hour
	pauseRiskShare  = 0.95
	// minRunsForPauseRisk: fewer runs than this in a week is too little
	// to call a Zap at risk.
	minRunsForPauseRisk = 10
	// maxRiskWindows caps the at-risk stretches remembered per Zap.
	maxRiskWindows = 16
	// runJoinBefore/runJoinAfter: an HTTP record explains a run when it
	// happened between a little before the run started and its end (or
	// runJoinAfter past its start when the end is unknown).
	runJoinBefore = 30 * time.Second
	runJoinAfter  = 5 * time.Minute
	// maxRelated caps the HTTP records attached to one run finding.
	maxRelated = 8
)

// runRec is one run of a connection's run history, kept compactly.
type runRec struct {
	src     parser.Source
	t       time.Time
	status  parser.RunStatus
	idx     findingIndex // its finding, -1 when none
	http    int32        // its HTTP status (32 bits: packed with the flags below)
	refresh bool         // the run's text mentions an auth refresh (triggered or failed)
	// refreshFailed: the auth refresh itself was refused.
	refreshFailed bool
	host          string
	zap           string   // its Zap's id
	sig           causeSet // the causes its error text named (failed runs only)
}

// runRule is a run-level timeline rule: it reads a connection's runs in
// time order once the connection ends and may relabel their findings.
type runRule struct {
	Name  string
	Doc   string
	Check func(e *Engine, c *conn, runs []runRec)
}

// runRules lists the run-level rules in the order they apply; a later
// rule sees (and may override) an earlier one's labels.
var runRules = []runRule{ruleRunTTLInterval, ruleRunForbiddenUntilReconnect, ruleRunRefreshTokenLifetime, ruleRunStaleAfterRefresh,
	ruleRunEnvironmentMismatch, ruleRunFirstAfterConnect, ruleRunReconnected}

// addRun records a run on its connection and its Zap's statistics.
func (e *Engine) addRun(x *ctx, idx findingIndex) {
	ev, c := x.ev, x.c
	r := ev.Run
	if r == nil {
		return
	}
	if len(c.runs) == maxRunsPerConn {
		copy(c.runs, c.runs[1:])
		c.runs = c.runs[:len(c.runs)-1]
	}
	c.runs = append(c.runs, runRec{src: ev.Source, t: ev.Time, status: r.Status, http: int32(min(max(x.status, math.MinInt32), math.MaxInt32)), refresh: r.Refresh,
		refreshFailed: x.refreshFailedRun, idx: idx, host: keep(ev.Host), zap: e.strs.get(r.ZapID), sig: x.sig.set})
	if h := e.heldAt(idx); h != nil && !r.End.IsZero() {
		h.runEnd = r.End
	}
	if r.ZapID != "" && !ev.Time.IsZero() {
		e.zapRun(r, ev.Time)
	}
}

// runTimeline runs the run-level rules over a connection that ends.
func (e *Engine) runTimeline(c *conn) {
	if len(c.runs) == 0 {
		return
	}
	runs := c.runs
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].t.Before(runs[j].t) })
	for _, r := range runRules {
		r.Check(e, c, runs)
	}
	c.runs = nil
}

// relabel changes a run finding's label and cause and adds evidence.
func (e *Engine) relabel(idx findingIndex, rule string, l Label, c Cause, conf float64, evidence string) {
	f := e.finding(idx)
	e.relabelled(idx, rule, c, len(f.Evidence))
	f.Label, f.Cause = l, c
	f.Confidence = round2(conf)
	f.Evidence = append(f.Evidence, evidence)
	f.Remediation = fixFor(f)
}

// zapStats counts a Zap's runs per day for the pause-risk rule.
type zapStats struct {
	id    string
	title string
	day   int64 // of its latest run (Unix days)
	last  time.Time
	clock *inputClock // the input of its last run
	days  [8]dayCount // a ring of days, one more than the window
}

type dayCount struct {
	day            int64
	total, errored int32
}

// riskWindow is a stretch during which a Zap qualified for pause risk.
type riskWindow struct {
	from, to       time.Time
	total, errored int32
}

func (e *Engine) zapRun(r *parser.Run, t time.Time) {
	if t.IsZero() {
		return // in no window
	}
	z := e.zaps[r.ZapID]
	if z == nil {
		z = &zapStats{title: keep(r.ZapTitle), id: keep(r.ZapID)}
		e.zaps[z.id] = z
	}
	if t.After(z.last) {
		z.last = t
	}
	z.clock = e.clock
	day := t.Unix() / 86400
	if day > z.day && z.day != 0 {
		e.judgeZap(z) // its last day is over
	}
	if day > z.day {
		z.day = day
	}
	b := &z.days[int(uint64(day)%uint64(len(z.days)))]
	if b.day != day {
		if day < b.day {
			return // older than the ring holds: its day was judged long ago
		}
		*b = dayCount{day: day}
	}
	b.total++
	if r.Status == parser.RunError {
		b.errored++
	}
}

// judgeZap decides, once a Zap's last day is over (a later run came, or
// the input ended), whether the 7 days to it put the Zap at risk of
// automatic pause, as Zapier judges them: a day's later successes count.
func (e *Engine) judgeZap(z *zapStats) {
	day := z.day
	var total, errored int32
	days := int64(pauseRiskWindow / (24 * time.Hour))
	for _, d := range z.days {
		if d.day > day-days && d.day <= day {
			total += d.total
			errored += d.errored
		}
	}
	if total < minRunsForPauseRisk || float64(errored) < pauseRiskShare*float64(total) {
		return
	}
	from := time.Unix((day-days+1)*86400, 0).UTC()
	to := time.Unix((day+1)*86400, 0).UTC()
	ws := e.risks[z.id]
	if n := len(ws); n > 0 && !from.After(ws[n-1].to) {
		ws[n-1].to, ws[n-1].total, ws[n-1].errored = to, total, errored
		return
	}
	if len(ws) == maxRiskWindows {
		ws = ws[1:]
	}
	if e.risks == nil {
		e.risks = make(map[string][]riskWindow)
	}
	e.risks[z.id] = append(ws, riskWindow{from: from, to: to, total: total, errored: errored})
	if z.title != "" {
		e.zapTitles[z.id] = z.title
	}
}

// pruneZaps forgets the day counts of Zaps idle longer than the window,
// judging their last day first; their risk windows stay (a few per
// at-risk Zap) for Finish.
func (e *Engine) pruneZaps() {
	for id, z := range e.zaps {
		if z.clock != nil && z.last.Before(z.clock.now.Add(-e.window)) {
			e.judgeZap(z)
			delete(e.zaps, id)
		}
	}
}

// zapRisk adds to a finding on a Zap's run the Zap's risk of automatic
// pause, when the run fell in a stretch at risk.
func (e *Engine) zapRisk(f *Finding) {
	ws := e.risks[f.ZapID]
	if f.ZapID == "" || len(ws) == 0 || f.Time.IsZero() || f.Label == LabelPaginationGap {
		return
	}
	for _, w := range ws {
		if f.Time.Before(w.from) || !f.Time.Before(w.to) {
			continue
		}
		name := "Zap " + f.ZapID
		if t := e.zapTitles[f.ZapID]; t != "" {
			name = "Zap \"" + t + "\" (" + f.ZapID + ")"
		}
		pct := int(float64(w.errored)*100/float64(w.total) + 0.5)
		f.Evidence = append(f.Evidence, name+" is at risk of automatic pause: "+itoa(int(w.errored))+" of "+itoa(int(w.total))+
			" runs ("+itoa(pct)+"%) errored in the 7 days to "+w.to.Add(-time.Second).Format("2006-01-02"))
		return
	}
}

// joinPatch is what joining a run finding to the HTTP findings of its step
// or connection changes in it (see prepareJoins).
type joinPatch struct {
	related  []parser.Source
	take     bool // take the HTTP finding's label, cause and confidence
	label    Label
	cause    Cause
	conf     float64
	evidence string
	rule     string // that gave the HTTP finding its cause, for --explain
}

// prepareJoins finds, for each run finding, the HTTP findings of the same
// step or connection in the run's time window: the run finding will point
// at them and take their label when they are more specific. It reads every
// finding twice, keeping only the run findings and the HTTP findings that
// share a step or connection with one.
func (e *Engine) prepareJoins() {
	if e.runFindings == 0 {
		return
	}
	type runQ struct {
		idx   findingIndex
		t, to time.Time
		step  string
		conn  string
		label Label
		conf  float64
	}
	type hit struct {
		t        time.Time
		idx      findingIndex
		src      parser.Source
		conn     string // its connection when an id given by the input
		label    Label
		cause    Cause
		conf     float64
		evidence string
	}
	var runs []runQ
	steps, conns := map[string]bool{}, map[string]bool{}
	e.out.each(func(h *held) bool {
		f := &h.Finding
		if (f.RunID == "" && f.ZapID == "") || f.Time.IsZero() {
			return true
		}
		q := runQ{idx: h.idx, t: f.Time, to: f.Time.Add(runJoinAfter), label: f.Label, conf: f.Confidence}
		if h.runEnd.After(f.Time) {
			q.to = h.runEnd.Add(runJoinBefore)
		}
		if f.Step != "" {
			q.step = strings.ToLower(f.Step)
			steps[q.step] = true
		}
		if f.Connection != "" && !strings.HasPrefix(f.Connection, keyZap) {
			q.conn = f.Connection
			conns[q.conn] = true
		}
		runs = append(runs, q)
		return true
	})
	if len(runs) == 0 {
		return
	}
	bySte, byConn := map[string][]hit{}, map[string][]hit{}
	e.out.each(func(h *held) bool {
		f := &h.Finding
		if f.RunID != "" || f.ZapID != "" || f.Time.IsZero() {
			return true
		}
		k := strings.ToLower(f.Step)
		inStep, inConn := f.Step != "" && steps[k], f.Connection != "" && conns[f.Connection]
		if !inStep && !inConn {
			return true
		}
		x := hit{t: f.Time, idx: h.idx, src: f.Source, label: f.Label, cause: f.Cause, conf: f.Confidence}
		if !derivedKey(f.Connection) {
			x.conn = f.Connection
		}
		if len(f.Evidence) > 0 {
			x.evidence = f.Evidence[0]
		}
		if inStep {
			bySte[k] = append(bySte[k], x)
		}
		if inConn {
			byConn[f.Connection] = append(byConn[f.Connection], x)
		}
		return true
	})
	for _, m := range []map[string][]hit{bySte, byConn} {
		for _, hs := range m {
			slices.SortFunc(hs, func(a, b hit) int { return cmp.Or(a.t.Compare(b.t), cmp.Compare(a.idx, b.idx)) })
		}
	}
	for _, q := range runs {
		from := q.t.Add(-runJoinBefore)
		var found []*hit
		seen := map[findingIndex]bool{}
		collect := func(hs []hit) {
			k := sort.Search(len(hs), func(j int) bool { return !hs[j].t.Before(from) })
			for ; k < len(hs) && !hs[k].t.After(q.to); k++ {
				if q.conn != "" && !derivedKey(q.conn) && hs[k].conn != "" && accountID(hs[k].conn) != accountID(q.conn) {
					continue // the same step name on another account's connection
				}
				if !seen[hs[k].idx] && len(found) < maxRelated {
					seen[hs[k].idx] = true
					found = append(found, &hs[k])
				}
			}
		}
		if q.step != "" {
			collect(bySte[q.step])
		}
		if q.conn != "" {
			collect(byConn[q.conn])
		}
		if len(found) == 0 {
			continue
		}
		// In record order, as the findings were made.
		slices.SortFunc(found, func(a, b *hit) int { return cmp.Compare(a.idx, b.idx) })
		// The auth failure that explains the run: a refused refresh
		// rather than the expiry that led to it, else the first.
		best := found[0]
		for _, x := range found {
			if authLabel(x.label) && (!authLabel(best.label) || best.cause == CauseTTLElapsed && x.cause != CauseTTLElapsed) {
				best = x
			}
		}
		p := &joinPatch{}
		for _, x := range found {
			p.related = append(p.related, x.src)
		}
		if q.label == LabelOther || best.conf > q.conf {
			p.take, p.label, p.cause, p.conf = true, best.label, best.cause, best.conf
		}
		p.evidence = "the HTTP record " + posFrom(q.t, best.src, best.t) + " of the same step explains it: " + best.label.String() + "/" + best.cause.String()
		if best.evidence != "" {
			p.evidence += " — " + best.evidence
		}
		if _, ok := e.because[q.idx]; ok {
			// Explained: name the rule behind the HTTP finding.
			p.rule = string(best.cause)
			if hb, ok := e.because[best.idx]; ok && hb.cause == best.cause {
				p.rule = hb.rule
			}
		}
		if e.joins == nil {
			e.joins = make(map[findingIndex]*joinPatch)
		}
		e.joins[q.idx] = p
	}
}

// applyJoin makes the changes prepareJoins found for a run finding.
func (e *Engine) applyJoin(h *held) {
	p := e.joins[h.idx]
	if p == nil {
		return
	}
	f := &h.Finding
	f.Related = append(f.Related, p.related...)
	if p.take {
		f.Label, f.Cause, f.Confidence = p.label, p.cause, p.conf
		f.Remediation = fixFor(f)
		e.relabelled(h.idx, p.rule, p.cause, len(f.Evidence))
	}
	f.Evidence = append(f.Evidence, p.evidence)
}

// derivedKey tells a connection key authtriage made (from a token lineage,
// a JWT, a client id, a host, a Zap, a lone run or an input) from an id
// the input gave.
func derivedKey(k string) bool {
	for _, p := range []string{keyLineage, keyJWT, keyClient, keyHost, keyZap, keyRun, keyInput} {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// accountID returns the id in a connection label as task history writes
// it ("Acme CRM (4811203)" -> "4811203"), else the label.
func accountID(s string) string {
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndexByte(s, '('); i >= 0 {
			return s[i+1 : len(s)-1]
		}
	}
	return s
}
