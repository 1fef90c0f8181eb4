// Package reports turns heuristics Findings, with the parser's per-input
// Stats and record errors, into one Report value and renders it as a table,
// Markdown, JSON, JSON lines, CSV or a self-contained HTML page. Build makes
// the Report; Write renders it; FailOn tests it for cron thresholds. Output
// goes to cmd, which owns the files and the terminal.
//
// A renderer is a function of the Report alone: it never reads the clock,
// the environment or a map in iteration order, so the same Report always
// renders to the same bytes.
package reports

import (
	"cmp"
	"encoding/json"
	"fmt"
	"iter"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/authtriage/authtriage/heuristics"
	"github.com/authtriage/authtriage/parser"
)

// SchemaVersion is the version of the JSON report (schema_version). It
// changes only when a field is renamed or removed; adding fields keeps it.
const SchemaVersion = 1

// maxTopActions caps the top actions: a reader acts on the first few, and a
// sixth fix rarely clears enough failures to be worth a line.
const maxTopActions = 5

// Input is everything Build needs: the findings and what was read to get
// them. cmd fills it; nothing in it is read from the environment.
type Input struct {
	// Findings are taken over, not copied: the Report refers to them, so
	// they must not change afterwards. Their order does not matter.
	Findings []*heuristics.Finding
	// Inputs has one entry per input file, in any order.
	Inputs []parser.Stats
	// Errors are record and input errors already formatted "file:line: msg",
	// in the order they were met; cmd may cap the list.
	Errors []string
	// ErrorCount is the total number of errors, capped list or not.
	ErrorCount int
	// Since and Until are the window applied to record times; zero is open.
	Since, Until time.Time
	// Generated is "now" as fixed by cmd; zero leaves it out of the report.
	Generated time.Time
	// Explain is the --explain connection, or nil.
	Explain *heuristics.Explanation
	// Stories are the token stories of the connections with findings
	// (Engine.Stories), in any order; nil draws failures alone. Build
	// takes them over: their marks are cleared as they are copied.
	Stories []heuristics.Story
}

// Report is the one report model every format renders. Its JSON field names
// are a contract (see SchemaVersion).
type Report struct {
	SchemaVersion int    `json:"schema_version"`
	Generated     Time   `json:"generated,omitzero"`
	Window        Window `json:"window"`
	// TopActions are the few fixes that would clear most unrecovered
	// failures, most failures first.
	TopActions  []Action       `json:"top_actions"`
	Totals      Totals         `json:"totals"`
	Connections []Connection   `json:"connections"`
	Endpoints   []Endpoint     `json:"endpoints"`
	Steps       []StepSummary  `json:"steps"`
	Days        []Day          `json:"days"`
	Inputs      []InputSummary `json:"inputs"`
	Errors      Errors         `json:"errors"`
	Findings    FindingList    `json:"findings"`
	// Timelines are the token stories of the connections, in Connections
	// order, for those that have one.
	Timelines []Timeline `json:"timelines"`
	Explain   *Explain   `json:"explain,omitempty"`
}

// Window is the time window applied to record times; a zero end is open.
type Window struct {
	Since Time `json:"since,omitzero"`
	Until Time `json:"until,omitzero"`
}

// Action is one remediation and the unrecovered failures it would clear.
type Action struct {
	Label       string   `json:"label"`
	Cause       string   `json:"cause"`
	Action      string   `json:"action"`
	Count       int      `json:"count"`       // unrecovered findings with this cause
	Connections []string `json:"connections"` // the connections concerned, sorted
}

// Totals counts the findings.
type Totals struct {
	Findings    int          `json:"findings"`
	Unrecovered int          `json:"unrecovered"`
	Recovered   int          `json:"recovered"`
	Connections int          `json:"connections"`
	ByLabel     []LabelCount `json:"by_label"` // every label, in heuristics.Labels order
	ByCause     []CauseCount `json:"by_cause"` // most findings first
}

// LabelCount counts findings with one label.
type LabelCount struct {
	Label       string `json:"label"`
	Findings    int    `json:"findings"`
	Unrecovered int    `json:"unrecovered"`
	Recovered   int    `json:"recovered"`
}

// CauseCount counts findings with one label and cause.
type CauseCount struct {
	Label       string `json:"label"`
	Cause       string `json:"cause"`
	Findings    int    `json:"findings"`
	Unrecovered int    `json:"unrecovered"`
	Recovered   int    `json:"recovered"`
}

// Connection summarizes the failures of one connection.
type Connection struct {
	Connection   string       `json:"connection"`
	Findings     int          `json:"findings"`
	Unrecovered  int          `json:"unrecovered"`
	Recovered    int          `json:"recovered"`
	Labels       []LabelCount `json:"labels"` // labels present, in heuristics.Labels order
	FirstFailure Time         `json:"first_failure,omitzero"`
	LastFailure  Time         `json:"last_failure,omitzero"`
	Label        string       `json:"label"` // of the root cause
	Cause        string       `json:"cause"`
	RootCause    string       `json:"root_cause"` // one sentence
	Fix          string       `json:"fix"`
}

// Endpoint summarizes the failures of one method, host and templated path.
type Endpoint struct {
	Method      string       `json:"method"`
	Host        string       `json:"host"`
	Path        string       `json:"path"` // ids folded to {id}, see TemplatePath
	Findings    int          `json:"findings"`
	Unrecovered int          `json:"unrecovered"`
	Labels      []LabelCount `json:"labels"`
	Statuses    []int        `json:"statuses"` // distinct, ascending
}

// StepSummary summarizes the failures of one Zap step.
type StepSummary struct {
	ZapID       string       `json:"zap_id,omitempty"`
	ZapTitle    string       `json:"zap_title,omitempty"`
	Step        string       `json:"step"`
	Findings    int          `json:"findings"`
	Unrecovered int          `json:"unrecovered"`
	Labels      []LabelCount `json:"labels"`
}

// Day counts the findings of one UTC day.
type Day struct {
	Date     string       `json:"date"` // YYYY-MM-DD, UTC
	Findings int          `json:"findings"`
	Labels   []LabelCount `json:"labels"`
}

// InputSummary is what was read from one input.
type InputSummary struct {
	File    string `json:"file"`
	Format  string `json:"format"`
	Records int    `json:"records"`
	Skipped int    `json:"skipped"`
}

// Errors are the record and input errors, capped by cmd; Count is the total.
type Errors struct {
	Count    int      `json:"count"`
	Messages []string `json:"messages"`
}

// Finding is one labelled failure as reported; its JSON is the jsonl line.
type Finding struct {
	Source      Source   `json:"source"`
	Time        Time     `json:"time,omitzero"`
	Connection  string   `json:"connection"`
	Step        string   `json:"step"`
	Method      string   `json:"method"`
	URL         string   `json:"url"`
	Status      int      `json:"status"`
	Label       string   `json:"label"`
	Cause       string   `json:"cause"`
	Recovered   bool     `json:"recovered"`
	Confidence  float64  `json:"confidence"`
	Evidence    []string `json:"evidence"`
	Remediation string   `json:"remediation"`
	RunID       string   `json:"run_id,omitempty"`
	ZapID       string   `json:"zap_id,omitempty"`
	ZapTitle    string   `json:"zap_title,omitempty"`
	Related     []Source `json:"related,omitempty"`

	host, path string // for the endpoint table; not part of the contract
}

// Explain is one connection's timeline, token lineage and reasoning.
type Explain struct {
	Connection string    `json:"connection"`
	Tokens     []Token   `json:"tokens"`
	Timeline   []Event   `json:"timeline"`
	Findings   []Finding `json:"findings"`
	Reasoning  []string  `json:"reasoning"`
}

// Token is one token response in a connection's lineage.
type Token struct {
	Source          Source `json:"source"`
	Time            Time   `json:"time,omitzero"`
	GrantType       string `json:"grant_type"`
	RefreshSentFP   string `json:"refresh_sent_fp,omitempty"`
	AccessFP        string `json:"access_fp,omitempty"`
	RefreshFP       string `json:"refresh_fp,omitempty"`
	ExpiresIn       string `json:"expires_in,omitempty"` // as written
	LifetimeSeconds int64  `json:"lifetime_seconds,omitempty"`
}

// Event is one event on an explained connection's timeline.
type Event struct {
	Source Source `json:"source"`
	Time   Time   `json:"time,omitzero"`
	Method string `json:"method,omitempty"`
	URL    string `json:"url,omitempty"`
	Status int    `json:"status,omitempty"`
	What   string `json:"what"`
}

// Build makes the Report from in. It sorts every list, so the Report does
// not depend on the order of in. It copies what it keeps, except the
// findings and stories, which grow with the input: those it takes over
// (see Input).
func Build(in Input) *Report {
	r := &Report{
		SchemaVersion: SchemaVersion,
		Generated:     at(in.Generated),
		Window:        Window{Since: at(in.Since), Until: at(in.Until)},
		Errors:        Errors{Count: max(in.ErrorCount, len(in.Errors)), Messages: append([]string{}, in.Errors...)},
		Inputs:        []InputSummary{},
	}
	for _, s := range in.Inputs {
		r.Inputs = append(r.Inputs, InputSummary{File: s.File, Format: string(s.Format), Records: s.Records, Skipped: s.Skipped})
	}
	slices.SortStableFunc(r.Inputs, func(a, b InputSummary) int { return cmp.Compare(a.File, b.File) })

	r.Findings = NewFindingList(in.Findings)
	r.Totals = totals(r.Findings)
	r.TopActions = topActions(r.Findings)
	r.Connections = connections(r.Findings)
	r.Totals.Connections = len(r.Connections)
	r.Endpoints = endpoints(r.Findings)
	r.Steps = steps(r.Findings)
	r.Days = days(r.Findings)
	r.Timelines = timelines(in.Stories, r.Connections, in.Since, in.Until)
	if in.Explain != nil {
		r.Explain = explain(in.Explain)
	}
	return r
}

// FindingList is the report's findings in report order: by time (undated
// last), then source, connection, label and cause, input order on ties.
// It refers to the heuristics findings instead of holding a converted copy
// of each, which would double the memory of the one list that grows with
// the input; At converts one finding when it is read.
type FindingList struct {
	fs []*heuristics.Finding
}

// NewFindingList returns fs in report order; fs itself is not reordered.
func NewFindingList(fs []*heuristics.Finding) FindingList {
	l := FindingList{fs: slices.Clone(fs)}
	slices.SortStableFunc(l.fs, func(a, b *heuristics.Finding) int {
		if az, bz := a.Time.IsZero(), b.Time.IsZero(); az != bz {
			if az {
				return 1
			}
			return -1
		}
		la, lb := labelOf(a), labelOf(b)
		return cmp.Or(
			a.Time.Compare(b.Time),
			compareSource(source(a.Source), source(b.Source)),
			cmp.Compare(a.Connection, b.Connection),
			cmp.Compare(labelRank(la), labelRank(lb)),
			cmp.Compare(causeOf(a), causeOf(b)),
		)
	})
	return l
}

// Len returns the number of findings.
func (l FindingList) Len() int { return len(l.fs) }

// At returns the i-th finding as reported.
func (l FindingList) At(i int) Finding { return finding(l.fs[i]) }

// All yields the findings in report order.
func (l FindingList) All() iter.Seq[Finding] {
	return func(yield func(Finding) bool) {
		for _, f := range l.fs {
			if !yield(finding(f)) {
				return
			}
		}
	}
}

// MarshalJSON writes the findings as a JSON array.
func (l FindingList) MarshalJSON() ([]byte, error) {
	out := make([]Finding, 0, len(l.fs))
	for f := range l.All() {
		out = append(out, f)
	}
	return json.Marshal(out)
}

func labelOf(f *heuristics.Finding) string {
	if f.Label == "" {
		return string(heuristics.LabelOther)
	}
	return string(f.Label)
}

func causeOf(f *heuristics.Finding) string {
	if f.Cause == "" {
		return string(heuristics.CauseUnknown)
	}
	return string(f.Cause)
}

func finding(f *heuristics.Finding) Finding {
	out := Finding{
		Source:      source(f.Source),
		Time:        at(f.Time),
		Connection:  f.Connection,
		Step:        f.Step,
		Method:      f.Method,
		URL:         f.URL,
		Status:      f.Status,
		Label:       labelOf(f),
		Cause:       causeOf(f),
		Recovered:   f.Recovered,
		Confidence:  confidence(f.Confidence),
		Evidence:    f.Evidence, // shared, never changed; nil becomes [] below
		Remediation: f.Remediation,
		RunID:       f.RunID,
		ZapID:       f.ZapID,
		ZapTitle:    f.ZapTitle,
		host:        f.Host,
		path:        f.Path,
	}
	if out.Evidence == nil {
		out.Evidence = []string{}
	}
	for _, s := range f.Related {
		out.Related = append(out.Related, source(s))
	}
	if out.host == "" && out.URL != "" {
		out.host, out.path = splitURL(out.URL)
	}
	return out
}

// confidence keeps a confidence within [0, 1]; NaN, which JSON cannot
// carry, becomes 0.
func confidence(c float64) float64 {
	if math.IsNaN(c) || c < 0 {
		return 0
	}
	return min(c, 1)
}

func totals(fs FindingList) Totals {
	t := Totals{Findings: fs.Len(), ByLabel: labelCounts(fs, nil, true), ByCause: []CauseCount{}}
	byCause := map[[2]string]*CauseCount{}
	for f := range fs.All() {
		if f.Recovered {
			t.Recovered++
		} else {
			t.Unrecovered++
		}
		k := [2]string{f.Label, f.Cause}
		c := byCause[k]
		if c == nil {
			c = &CauseCount{Label: f.Label, Cause: f.Cause}
			byCause[k] = c
		}
		c.Findings++
		if f.Recovered {
			c.Recovered++
		} else {
			c.Unrecovered++
		}
	}
	for _, c := range byCause {
		t.ByCause = append(t.ByCause, *c)
	}
	slices.SortFunc(t.ByCause, func(a, b CauseCount) int {
		return cmp.Or(-cmp.Compare(a.Findings, b.Findings), -cmp.Compare(a.Unrecovered, b.Unrecovered),
			cmp.Compare(labelRank(a.Label), labelRank(b.Label)), cmp.Compare(a.Label, b.Label), cmp.Compare(a.Cause, b.Cause))
	})
	return t
}

// labelCounts counts by label, in report order, the findings of fs at the
// positions idx, or all of fs when idx is nil; all includes the labels with
// no finding. Report order is heuristics.Labels followed by any other label
// found, sorted, so a label added upstream is still counted.
func labelCounts(fs FindingList, idx []int32, all bool) []LabelCount {
	known := make([]LabelCount, len(heuristics.Labels))
	for i, l := range heuristics.Labels {
		known[i].Label = string(l)
	}
	var extra map[string]*LabelCount
	count := func(f *Finding) {
		var c *LabelCount
		if i := labelRank(f.Label); i < len(known) {
			c = &known[i]
		} else {
			if extra == nil {
				extra = map[string]*LabelCount{}
			}
			if c = extra[f.Label]; c == nil {
				c = &LabelCount{Label: f.Label}
				extra[f.Label] = c
			}
		}
		c.Findings++
		if f.Recovered {
			c.Recovered++
		} else {
			c.Unrecovered++
		}
	}
	if idx == nil {
		for i := range fs.Len() {
			f := fs.At(int(i))
			count(&f)
		}
	} else {
		for _, i := range idx {
			f := fs.At(int(i))
			count(&f)
		}
	}
	out := []LabelCount{}
	for _, c := range known {
		if all || c.Findings > 0 {
			out = append(out, c)
		}
	}
	start := len(out)
	for _, c := range extra {
		out = append(out, *c)
	}
	slices.SortFunc(out[start:], func(a, b LabelCount) int { return cmp.Compare(a.Label, b.Label) })
	return out
}

func isKnownLabel(l string) bool {
	return slices.Contains(heuristics.Labels, heuristics.Label(l))
}

// labelRank orders labels as heuristics.Labels does; unknown ones last.
func labelRank(l string) int {
	if i := slices.Index(heuristics.Labels, heuristics.Label(l)); i >= 0 {
		return i
	}
	return len(heuristics.Labels)
}

// topActions groups the unrecovered findings by cause and keeps the causes
// that concern most of them. The action is the remediation most findings of
// the cause carry.
func topActions(fs FindingList) []Action {
	type group struct {
		Action
		fixes map[string]int
		conns map[string]struct{} // the set of Action.Connections
	}
	groups := map[[2]string]*group{}
	for f := range fs.All() {
		if f.Recovered {
			continue
		}
		k := [2]string{f.Label, f.Cause}
		g := groups[k]
		if g == nil {
			g = &group{Action: Action{Label: f.Label, Cause: f.Cause, Connections: []string{}}, fixes: map[string]int{}, conns: map[string]struct{}{}}
			groups[k] = g
		}
		g.Count++
		if f.Remediation != "" {
			g.fixes[f.Remediation]++
		}
		if c := connectionName(f.Connection); !has(g.conns, c) {
			g.conns[c] = struct{}{}
			g.Connections = append(g.Connections, c)
		}
	}
	out := []Action{}
	for _, g := range groups {
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

// has reports whether set holds k.
func has[K comparable](set map[K]struct{}, k K) bool {
	_, ok := set[k]
	return ok
}

// mostCommon returns the key with the highest count, the smallest on a tie.
func mostCommon(m map[string]int) string {
	best, n := "", 0
	for k, c := range m {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	return best
}

// noConnection names the findings whose input named no connection.
const noConnection = "(none)"

func connectionName(c string) string {
	if c == "" {
		return noConnection
	}
	return c
}

func connections(fs FindingList) []Connection {
	byConn := map[string][]int32{}
	for i := range fs.Len() {
		c := connectionName(fs.At(int(i)).Connection)
		byConn[c] = append(byConn[c], int32(i))
	}
	out := make([]Connection, 0, len(byConn))
	for name, idx := range byConn {
		c := Connection{Connection: name, Findings: len(idx), Labels: labelCounts(fs, idx, false)}
		for _, i := range idx {
			f := fs.At(int(i))
			if f.Recovered {
				c.Recovered++
			} else {
				c.Unrecovered++
			}
			if !f.Time.IsZero() {
				if c.FirstFailure.IsZero() || f.Time.Before(c.FirstFailure.Time) {
					c.FirstFailure = f.Time
				}
				if f.Time.After(c.LastFailure.Time) {
					c.LastFailure = f.Time
				}
			}
		}
		c.Label, c.Cause, c.RootCause, c.Fix = rootCause(fs, idx)
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
func rootCause(fs FindingList, idx []int32) (label, cause, sentence, fix string) {
	pool := slices.DeleteFunc(slices.Clone(idx), func(i int32) bool { return fs.At(int(i)).Recovered })
	state := "unrecovered"
	if len(pool) == 0 {
		pool, state = idx, "recovered"
	}
	type key struct{ label, cause string }
	counts := map[key]int{}
	for _, i := range pool {
		f := fs.At(int(i))
		counts[key{f.Label, f.Cause}]++
	}
	var best key
	n := 0
	for k, c := range counts {
		if c > n || c == n && (labelRank(k.label) < labelRank(best.label) ||
			labelRank(k.label) == labelRank(best.label) && k.label+"\x00"+k.cause < best.label+"\x00"+best.cause) {
			best, n = k, c
		}
	}
	fixes := map[string]int{}
	for _, i := range pool {
		if f := fs.At(int(i)); f.Label == best.label && f.Cause == best.cause && f.Remediation != "" {
			fixes[f.Remediation]++
		}
	}
	failures := "failures"
	if len(pool) == 1 {
		failures = "failure"
	}
	sentence = fmt.Sprintf("%d of %d %s %s: %s (%s/%s).", n, len(pool), state, failures, describeCause(best.cause), best.label, best.cause)
	return best.label, best.cause, sentence, mostCommon(fixes)
}

func endpoints(fs FindingList) []Endpoint {
	type key struct{ method, host, path string }
	groups := map[key][]int32{}
	for i := range fs.Len() {
		f := fs.At(int(i))
		if f.host == "" {
			continue
		}
		k := key{f.Method, f.host, TemplatePath(f.path)}
		groups[k] = append(groups[k], int32(i))
	}
	out := make([]Endpoint, 0, len(groups))
	for k, idx := range groups {
		e := Endpoint{Method: k.method, Host: k.host, Path: k.path, Findings: len(idx), Labels: labelCounts(fs, idx, false), Statuses: []int{}}
		seen := map[int]struct{}{}
		for _, i := range idx {
			f := fs.At(int(i))
			if !f.Recovered {
				e.Unrecovered++
			}
			if !has(seen, f.Status) {
				seen[f.Status] = struct{}{}
				e.Statuses = append(e.Statuses, f.Status)
			}
		}
		slices.Sort(e.Statuses)
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Endpoint) int {
		return cmp.Or(-cmp.Compare(a.Findings, b.Findings), cmp.Compare(a.Host, b.Host),
			cmp.Compare(a.Path, b.Path), cmp.Compare(a.Method, b.Method))
	})
	return out
}

func steps(fs FindingList) []StepSummary {
	type key struct{ zapID, zapTitle, step string }
	groups := map[key][]int32{}
	for i := range fs.Len() {
		f := fs.At(int(i))
		if f.Step == "" && f.ZapID == "" && f.ZapTitle == "" {
			continue
		}
		k := key{f.ZapID, f.ZapTitle, f.Step}
		groups[k] = append(groups[k], int32(i))
	}
	out := make([]StepSummary, 0, len(groups))
	for k, idx := range groups {
		s := StepSummary{ZapID: k.zapID, ZapTitle: k.zapTitle, Step: k.step, Findings: len(idx), Labels: labelCounts(fs, idx, false)}
		for _, i := range idx {
			if !fs.At(int(i)).Recovered {
				s.Unrecovered++
			}
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b StepSummary) int {
		return cmp.Or(-cmp.Compare(a.Findings, b.Findings), cmp.Compare(a.ZapTitle, b.ZapTitle),
			cmp.Compare(a.ZapID, b.ZapID), cmp.Compare(a.Step, b.Step))
	})
	return out
}

func days(fs FindingList) []Day {
	groups := map[string][]int32{}
	for i := range fs.Len() {
		f := fs.At(int(i))
		if f.Time.IsZero() {
			continue
		}
		d := f.Time.UTC().Format(time.DateOnly)
		groups[d] = append(groups[d], int32(i))
	}
	out := make([]Day, 0, len(groups))
	for d, idx := range groups {
		out = append(out, Day{Date: d, Findings: len(idx), Labels: labelCounts(fs, idx, false)})
	}
	slices.SortFunc(out, func(a, b Day) int { return cmp.Compare(a.Date, b.Date) })
	return out
}

func explain(e *heuristics.Explanation) *Explain {
	out := &Explain{
		Connection: e.Connection,
		Tokens:     []Token{},
		Timeline:   []Event{},
		Findings:   explainFindings(e.Findings),
		Reasoning:  append([]string{}, e.Reasoning...),
	}
	for _, t := range e.Tokens {
		out.Tokens = append(out.Tokens, Token{
			Source: source(t.Source), Time: at(t.Time), GrantType: t.GrantType,
			RefreshSentFP: t.RefreshSentFP, AccessFP: t.AccessFP, RefreshFP: t.RefreshFP,
			ExpiresIn: t.ExpiresIn, LifetimeSeconds: int64(t.Lifetime / time.Second),
		})
	}
	for _, s := range e.Timeline {
		out.Timeline = append(out.Timeline, Event{
			Source: source(s.Source), Time: at(s.Time), Method: s.Method, URL: s.URL, Status: s.Status, What: s.What,
		})
	}
	// Upstream gives both in time order; keep it stable on equal times.
	slices.SortStableFunc(out.Tokens, func(a, b Token) int { return compareTime(a.Time, b.Time) })
	slices.SortStableFunc(out.Timeline, func(a, b Event) int { return compareTime(a.Time, b.Time) })
	return out
}

// explainFindings returns an explained connection's findings in report
// order.
func explainFindings(fs []heuristics.Finding) []Finding {
	ps := make([]*heuristics.Finding, len(fs))
	for i := range fs {
		ps[i] = &fs[i]
	}
	return slices.Collect(NewFindingList(ps).All())
}

// compareTime orders times with the zero time last.
func compareTime(a, b Time) int {
	if az, bz := a.IsZero(), b.IsZero(); az || bz {
		switch {
		case az && bz:
			return 0
		case az:
			return 1
		}
		return -1
	}
	return a.Compare(b.Time)
}

// splitURL returns the lower-case host and the escaped path of a URL, or
// "" when u has no host.
func splitURL(u string) (host, path string) {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return "", ""
	}
	path = p.EscapedPath()
	if path == "" {
		path = "/"
	}
	return strings.ToLower(p.Hostname()), path
}
