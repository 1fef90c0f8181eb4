package reports

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/authtriage/authtriage/heuristics"
)

// tally counts the findings for every summary of the Report in one pass:
// the findings may be read back from a file, so each pass costs a read.
// Its memory grows with connections, endpoints, steps and days, not with
// the findings.
type tally struct {
	n                      int
	recovered, unrecovered int
	labels                 labelTally
	causes                 map[[2]string]*CauseCount
	actions                map[[2]string]*actionTally
	conns                  map[string]*connTally
	endpoints              map[endpointKey]*endpointTally
	steps                  map[stepKey]*stepTally
	days                   map[string]*labelTally
}

type endpointKey struct{ method, host, path string }

type stepKey struct{ zapID, zapTitle, step string }

type causeKey struct{ label, cause string }

type actionTally struct {
	Action
	fixes map[string]int
	conns map[string]struct{} // the set of Action.Connections
}

type connTally struct {
	c      Connection
	labels labelTally
	// Per label and cause, of the unrecovered findings and of all: their
	// number and their remediations, for the root cause.
	unrec, all           map[causeKey]int
	unrecFixes, allFixes map[causeKey]map[string]int
	// Which cause explains which expiry, of the same two pools.
	unrecLinks, allLinks expiryLinks
}

type endpointTally struct {
	e      Endpoint
	labels labelTally
	seen   map[int]struct{}
}

type stepTally struct {
	s      StepSummary
	labels labelTally
}

func newTally() *tally {
	return &tally{
		causes: map[[2]string]*CauseCount{}, actions: map[[2]string]*actionTally{},
		conns: map[string]*connTally{}, endpoints: map[endpointKey]*endpointTally{},
		steps: map[stepKey]*stepTally{}, days: map[string]*labelTally{},
	}
}

// add counts one finding.
func (t *tally) add(f *Finding) {
	t.n++
	if f.Recovered {
		t.recovered++
	} else {
		t.unrecovered++
	}
	t.labels.add(f)

	k := [2]string{f.Label, f.Cause}
	c := t.causes[k]
	if c == nil {
		c = &CauseCount{Label: f.Label, Cause: f.Cause}
		t.causes[k] = c
	}
	c.Findings++
	if f.Recovered {
		c.Recovered++
	} else {
		c.Unrecovered++
	}

	name := connectionName(f.Connection)
	if !f.Recovered {
		g := t.actions[k]
		if g == nil {
			g = &actionTally{Action: Action{Label: f.Label, Cause: f.Cause, Connections: []string{}}, fixes: map[string]int{}, conns: map[string]struct{}{}}
			t.actions[k] = g
		}
		g.Count++
		if f.Remediation != "" {
			g.fixes[f.Remediation]++
		}
		if !has(g.conns, name) {
			g.conns[name] = struct{}{}
			g.Connections = append(g.Connections, name)
		}
	}

	ct := t.conns[name]
	if ct == nil {
		ct = &connTally{c: Connection{Connection: name}, unrec: map[causeKey]int{}, all: map[causeKey]int{},
			unrecFixes: map[causeKey]map[string]int{}, allFixes: map[causeKey]map[string]int{}}
		t.conns[name] = ct
	}
	ct.add(f)

	if f.host != "" {
		ek := endpointKey{f.Method, f.host, TemplatePath(f.path)}
		et := t.endpoints[ek]
		if et == nil {
			et = &endpointTally{e: Endpoint{Method: ek.method, Host: ek.host, Path: ek.path, Statuses: []int{}}, seen: map[int]struct{}{}}
			t.endpoints[ek] = et
		}
		et.e.Findings++
		et.labels.add(f)
		if !f.Recovered {
			et.e.Unrecovered++
		}
		if s := f.Status; !s.None && !has(et.seen, s.Code) {
			et.seen[s.Code] = struct{}{}
			et.e.Statuses = append(et.e.Statuses, s.Code)
		}
	}

	if f.Step != "" || f.ZapID != "" || f.ZapTitle != "" {
		sk := stepKey{f.ZapID, f.ZapTitle, f.Step}
		st := t.steps[sk]
		if st == nil {
			st = &stepTally{s: StepSummary{ZapID: sk.zapID, ZapTitle: sk.zapTitle, Step: sk.step}}
			t.steps[sk] = st
		}
		st.s.Findings++
		st.labels.add(f)
		if !f.Recovered {
			st.s.Unrecovered++
		}
	}

	if !f.Time.IsZero() {
		d := f.Time.UTC().Format(time.DateOnly)
		dt := t.days[d]
		if dt == nil {
			dt = &labelTally{}
			t.days[d] = dt
		}
		dt.add(f)
	}
}

func (ct *connTally) add(f *Finding) {
	c := &ct.c
	c.Findings++
	ct.labels.add(f)
	k := causeKey{f.Label, f.Cause}
	count := func(n map[causeKey]int, fixes map[causeKey]map[string]int) {
		n[k]++
		if f.Remediation != "" {
			m := fixes[k]
			if m == nil {
				m = map[string]int{}
				fixes[k] = m
			}
			m[f.Remediation]++
		}
	}
	if f.Recovered {
		c.Recovered++
	} else {
		c.Unrecovered++
		count(ct.unrec, ct.unrecFixes)
		ct.unrecLinks.add(k, f.Time.Time)
	}
	count(ct.all, ct.allFixes)
	ct.allLinks.add(k, f.Time.Time)
	if !f.Time.IsZero() {
		if c.FirstFailure.IsZero() || f.Time.Before(c.FirstFailure.Time) {
			c.FirstFailure = f.Time
		}
		if f.Time.After(c.LastFailure.Time) {
			c.LastFailure = f.Time
		}
	}
}

// fill sets the summaries of r from the tally.
func (t *tally) fill(r *Report) {
	r.Totals = Totals{Findings: t.n, Recovered: t.recovered, Unrecovered: t.unrecovered,
		ByLabel: t.labels.list(true), ByCause: []CauseCount{}}
	for _, c := range t.causes {
		r.Totals.ByCause = append(r.Totals.ByCause, *c)
	}
	slices.SortFunc(r.Totals.ByCause, func(a, b CauseCount) int {
		return cmp.Or(-cmp.Compare(a.Findings, b.Findings), -cmp.Compare(a.Unrecovered, b.Unrecovered),
			cmp.Compare(labelRank(a.Label), labelRank(b.Label)), cmp.Compare(a.Label, b.Label), cmp.Compare(a.Cause, b.Cause))
	})
	t.creditRootCauses()
	r.TopActions = t.topActions()
	r.Connections = t.connections()
	r.Totals.Connections = len(r.Connections)
	r.Endpoints = make([]Endpoint, 0, len(t.endpoints))
	for _, et := range t.endpoints {
		et.e.Labels = et.labels.list(false)
		slices.Sort(et.e.Statuses)
		r.Endpoints = append(r.Endpoints, et.e)
	}
	slices.SortFunc(r.Endpoints, func(a, b Endpoint) int {
		return cmp.Or(-cmp.Compare(a.Findings, b.Findings), cmp.Compare(a.Host, b.Host),
			cmp.Compare(a.Path, b.Path), cmp.Compare(a.Method, b.Method))
	})
	r.Steps = make([]StepSummary, 0, len(t.steps))
	for _, st := range t.steps {
		st.s.Labels = st.labels.list(false)
		r.Steps = append(r.Steps, st.s)
	}
	slices.SortFunc(r.Steps, func(a, b StepSummary) int {
		return cmp.Or(-cmp.Compare(a.Findings, b.Findings), cmp.Compare(a.ZapTitle, b.ZapTitle),
			cmp.Compare(a.ZapID, b.ZapID), cmp.Compare(a.Step, b.Step))
	})
	r.Days = make([]Day, 0, len(t.days))
	for d, lt := range t.days {
		r.Days = append(r.Days, Day{Date: d, Findings: lt.n, Labels: lt.list(false)})
	}
	slices.SortFunc(r.Days, func(a, b Day) int { return cmp.Compare(a.Date, b.Date) })
}

// topActions keeps the causes that concern most unrecovered findings. The
// action is the remediation most findings of the cause carry.
func (t *tally) topActions() []Action {
	out := []Action{}
	for _, g := range t.actions {
		g.Action.Action = mostCommon(g.fixes)
		if g.Action.Action == "" {
			g.Action.Action = "Read the evidence of the " + g.Cause + " findings."
		}
		slices.Sort(g.Connections)
		out = append(out, g.Action)
	}
	slices.SortFunc(out, func(a, b Action) int {
		return cmp.Or(-cmp.Compare(a.Count, b.Count), -cmp.Compare(len(a.Connections), len(b.Connections)),
			cmp.Compare(labelRank(a.Label), labelRank(b.Label)), cmp.Compare(a.Label, b.Label), cmp.Compare(a.Cause, b.Cause))
	})
	if len(out) > maxTopActions {
		out = out[:maxTopActions]
	}
	return out
}

func (t *tally) connections() []Connection {
	out := make([]Connection, 0, len(t.conns))
	for _, ct := range t.conns {
		c := ct.c
		c.Labels = ct.labels.list(false)
		c.Label, c.Cause, c.RootCause, c.Fix = ct.rootCause()
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Connection) int {
		return cmp.Or(-cmp.Compare(a.Unrecovered, b.Unrecovered), -cmp.Compare(a.Findings, b.Findings),
			cmp.Compare(a.Connection, b.Connection))
	})
	return out
}

// rootCause picks the cause behind most of a connection's unrecovered
// failures (or of all of them when every one recovered) and says it in one
// sentence.
func (ct *connTally) rootCause() (label, cause, sentence, fix string) {
	counts, fixes, links, pool, state := ct.unrec, ct.unrecFixes, &ct.unrecLinks, ct.c.Unrecovered, "unrecovered"
	if pool == 0 {
		counts, fixes, links, pool, state = ct.all, ct.allFixes, &ct.allLinks, ct.c.Findings, "recovered"
	}
	best, n, explained := pickRoot(counts, links)
	failures := "failures"
	if pool == 1 {
		failures = "failure"
	}
	sentence = fmt.Sprintf("%d of %d %s %s: %s (%s/%s).", n, pool, state, failures, describeCause(best.cause), best.label, best.cause)
	if explained > 0 {
		tokens := "tokens"
		if explained == 1 {
			tokens = "token"
		}
		sentence += fmt.Sprintf(" It also explains the %d expired access %s (%s/%s).", explained, tokens, expirySymptom.label, expirySymptom.cause)
	}
	return best.label, best.cause, sentence, mostCommon(fixes[best])
}

// expirySymptom is an access token used after its lifetime: the symptom
// of a failed refresh, or of a token the API would not take, when the
// connection has such a cause too (behindExpiry).
var expirySymptom = causeKey{string(heuristics.LabelExpired), string(heuristics.CauseTTLElapsed)}

// pickRoot picks, of a connection's findings counted by cause, the root
// cause: the one that accounts for most failures, ties broken by label
// order. A cause behind expired tokens accounts for its own findings and
// for the expiries it explains (links), which then no longer count as
// expiries of their own.
func pickRoot(counts map[causeKey]int, links *expiryLinks) (best causeKey, n, explained int) {
	links.finish()
	score, bestScore := 0, 0
	for k, c := range counts {
		switch {
		case k == expirySymptom:
			score = c - links.total
		default:
			score = c + links.linked[k]
		}
		if score > bestScore || score == bestScore && score > 0 && (labelRank(k.label) < labelRank(best.label) ||
			labelRank(k.label) == labelRank(best.label) && k.label+"\x00"+k.cause < best.label+"\x00"+best.cause) {
			best, bestScore = k, score
		}
	}
	if best == expirySymptom {
		return best, bestScore, 0
	}
	return best, counts[best], links.linked[best]
}

// expiryLinkWindow is how long after an expiry a finding of a cause
// behind expiries is still taken for its consequence: a client asks for a
// new token on the 401 it gets, within a second or two, and Zapier logs a
// run's failed auth refresh a little after the request. A finding later
// than this is a later event, which cannot explain the expiry.
const expiryLinkWindow = 5 * time.Minute

// maxPendingExpiries caps the expiries of a connection that a later
// finding may still claim (those of the last expiryLinkWindow), so memory
// does not grow with the findings: past it, the oldest is settled with
// the cause before it, as if the window had closed.
const maxPendingExpiries = 64

// expiryLinks says, of one connection's findings read in time order,
// which cause behind expiries (behindExpiry) explains each expiry: the
// first such finding within expiryLinkWindow after it (the refused
// refresh the expiry led to), else the last one before it (a refresh
// already refused, a token issued without a refresh token). A cause that
// comes later, beyond the window, explains none. Undated findings come
// last: an undated cause may claim only undated expiries.
type expiryLinks struct {
	last    causeKey // the latest cause behind expiries; zero when none yet
	pending []pendingExpiry
	linked  map[causeKey]int // expiries each cause explains
	total   int              // expiries some cause explains
}

type pendingExpiry struct {
	t  time.Time
	by causeKey // the cause before it; zero when none
}

// add reads one finding of cause k at time t (zero when unknown).
func (l *expiryLinks) add(k causeKey, t time.Time) {
	l.expire(t)
	switch {
	case k == expirySymptom:
		if len(l.pending) == maxPendingExpiries {
			l.claim(l.pending[0].by)
			l.pending = append(l.pending[:0], l.pending[1:]...)
		}
		l.pending = append(l.pending, pendingExpiry{t: t, by: l.last})
	case behindExpiry[k.cause]:
		for range l.pending {
			l.claim(k)
		}
		l.pending = l.pending[:0]
		l.last = k
	}
}

// expire settles the pending expiries that a finding at now can no
// longer claim: those more than expiryLinkWindow earlier, and dated ones
// once the undated findings begin.
func (l *expiryLinks) expire(now time.Time) {
	i := 0
	for ; i < len(l.pending); i++ {
		p := l.pending[i]
		if p.t.IsZero() || !now.IsZero() && now.Sub(p.t) <= expiryLinkWindow {
			break
		}
		l.claim(p.by)
	}
	if i > 0 {
		l.pending = append(l.pending[:0], l.pending[i:]...)
	}
}

// finish settles every pending expiry with the cause before it.
func (l *expiryLinks) finish() {
	for _, p := range l.pending {
		l.claim(p.by)
	}
	l.pending = l.pending[:0]
}

func (l *expiryLinks) claim(k causeKey) {
	if k == (causeKey{}) {
		return
	}
	if l.linked == nil {
		l.linked = map[causeKey]int{}
	}
	l.linked[k]++
	l.total++
}

// creditRootCauses counts a connection's unrecovered expiries that its
// root cause explains under that cause's action, so the top actions ask
// for the fix of the refused refresh, not "refresh the token" for tokens
// whose refresh failed.
func (t *tally) creditRootCauses() {
	sym := [2]string{expirySymptom.label, expirySymptom.cause}
	from := t.actions[sym]
	if from == nil {
		return
	}
	for name, ct := range t.conns {
		root, _, explained := pickRoot(ct.unrec, &ct.unrecLinks)
		to := t.actions[[2]string{root.label, root.cause}]
		if explained == 0 || to == nil {
			continue
		}
		from.Count -= explained
		delete(from.conns, name)
		from.Connections = slices.DeleteFunc(from.Connections, func(c string) bool { return c == name })
		to.Count += explained
	}
	if from.Count <= 0 {
		delete(t.actions, sym)
	}
}

// behindExpiry are the causes that leave a connection with expired access
// tokens: a refresh refused or never made, or tokens that die early.
var behindExpiry = map[string]bool{}

func init() {
	for _, c := range []heuristics.Cause{heuristics.CauseNonstandardExpiryStatus, heuristics.CauseNoRefreshToken,
		heuristics.CauseRefreshNotAttempted, heuristics.CauseGrantRevoked, heuristics.CauseRefreshTokenExpired,
		heuristics.CauseAdminPolicy, heuristics.CauseInvalidClient, heuristics.CauseRedirectURIMismatch, heuristics.CauseEnvironmentMismatch,
		heuristics.CauseRotationNotPersisted, heuristics.CauseRefreshCollision, heuristics.CauseBadExpiresIn,
		heuristics.CauseTokenEndpointError200, heuristics.CauseClockSkew, heuristics.CauseWrongTokenEndpoint,
		heuristics.CauseBadRefreshRequest} {
		behindExpiry[string(c)] = true
	}
}

// labelTally counts findings by label.
type labelTally struct {
	n     int
	known []LabelCount // by heuristics.Labels; nil until a finding is added
	extra map[string]*LabelCount
}

func (lt *labelTally) add(f *Finding) {
	lt.n++
	if lt.known == nil {
		lt.known = make([]LabelCount, len(heuristics.Labels))
	}
	var c *LabelCount
	if i := labelRank(f.Label); i < len(lt.known) {
		c = &lt.known[i]
	} else {
		if lt.extra == nil {
			lt.extra = map[string]*LabelCount{}
		}
		if c = lt.extra[f.Label]; c == nil {
			c = &LabelCount{Label: f.Label}
			lt.extra[f.Label] = c
		}
	}
	c.Findings++
	if f.Recovered {
		c.Recovered++
	} else {
		c.Unrecovered++
	}
}

// list returns the counts in report order: heuristics.Labels, then any
// other label found, sorted, so a label added upstream is still counted;
// all includes the labels with no finding.
func (lt *labelTally) list(all bool) []LabelCount {
	out := []LabelCount{}
	for i, l := range heuristics.Labels {
		var c LabelCount
		if lt.known != nil {
			c = lt.known[i]
		}
		c.Label = string(l)
		if all || c.Findings > 0 {
			out = append(out, c)
		}
	}
	start := len(out)
	for _, c := range lt.extra {
		out = append(out, *c)
	}
	slices.SortFunc(out[start:], func(a, b LabelCount) int { return cmp.Compare(a.Label, b.Label) })
	return out
}
