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
	"iter"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/authtriage/authtriage/heuristics"
	"github.com/authtriage/authtriage/parser"
)

// SchemaVersion is the version of the JSON report (schema_version), which
// the jsonl lines follow too. It changes when a field is renamed, removed or
// changes type; adding fields keeps it. Version 2 writes every field always,
// a value that is not known as null (version 1 left some out and wrote
// others as ""), and a token's expires_in as a number (1 wrote a string).
const SchemaVersion = 2

// maxTopActions caps the top actions: a reader acts on the first few, and a
// sixth fix rarely clears enough failures to be worth a line.
const maxTopActions = 5

// Input is everything Build needs: the findings and what was read to get
// them. cmd fills it; nothing in it is read from the environment.
type Input struct {
	// Findings are read, in their order (report order), when the Report
	// is built and again each time it is written; the Report refers to
	// them instead of copying them, so they must stay open and unchanged
	// until it is written. Build keeps those inside the window below.
	Findings *heuristics.Findings
	// Inputs has one entry per input file, in any order.
	Inputs []parser.Stats
	// Errors are record and input errors already formatted "file:line: msg",
	// in the order they were met; cmd may cap the list.
	Errors []string
	// ErrorCount is the total number of errors, capped list or not.
	ErrorCount int
	// Since and Until are the window applied to record times, findings
	// and timelines alike; zero is open. An undated finding is always in.
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
	Generated     Time   `json:"generated"`
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
	Explain   *Explain   `json:"explain"` // null without --explain
}

// Window is the time window applied to record times; a zero end is open.
type Window struct {
	Since Time `json:"since"`
	Until Time `json:"until"`
	// Undated counts the findings with no time (a run exported without
	// its date) left out because a window was asked for: they cannot be
	// placed in it, and would otherwise be in every window's report.
	Undated int `json:"undated"`
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
	FirstFailure Time         `json:"first_failure"`
	LastFailure  Time         `json:"last_failure"`
	Label        string       `json:"label"` // of the root cause
	Cause        string       `json:"cause"`
	RootCause    string       `json:"root_cause"` // one sentence
	Fix          string       `json:"fix"`
}

// MarshalJSON writes every member, a fix that is not known as null.
func (c Connection) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Connection   string       `json:"connection"`
		Findings     int          `json:"findings"`
		Unrecovered  int          `json:"unrecovered"`
		Recovered    int          `json:"recovered"`
		Labels       []LabelCount `json:"labels"`
		FirstFailure Time         `json:"first_failure"`
		LastFailure  Time         `json:"last_failure"`
		Label        string       `json:"label"`
		Cause        string       `json:"cause"`
		RootCause    string       `json:"root_cause"`
		Fix          *string      `json:"fix"`
	}{c.Connection, c.Findings, c.Unrecovered, c.Recovered, c.Labels, c.FirstFailure, c.LastFailure,
		c.Label, c.Cause, c.RootCause, nullString(c.Fix)})
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

// MarshalJSON writes every member, a method that is not known as null.
func (e Endpoint) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Method      *string      `json:"method"`
		Host        string       `json:"host"`
		Path        string       `json:"path"`
		Findings    int          `json:"findings"`
		Unrecovered int          `json:"unrecovered"`
		Labels      []LabelCount `json:"labels"`
		Statuses    []int        `json:"statuses"`
	}{nullString(e.Method), e.Host, e.Path, e.Findings, e.Unrecovered, e.Labels, e.Statuses})
}

// StepSummary summarizes the failures of one Zap step.
type StepSummary struct {
	ZapID       string       `json:"zap_id"`    // null when not known
	ZapTitle    string       `json:"zap_title"` // null when not known
	Step        string       `json:"step"`
	Findings    int          `json:"findings"`
	Unrecovered int          `json:"unrecovered"`
	Labels      []LabelCount `json:"labels"`
}

// MarshalJSON writes every member, a Zap id, title or step that is not
// known as null.
func (s StepSummary) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ZapID       *string      `json:"zap_id"`
		ZapTitle    *string      `json:"zap_title"`
		Step        *string      `json:"step"`
		Findings    int          `json:"findings"`
		Unrecovered int          `json:"unrecovered"`
		Labels      []LabelCount `json:"labels"`
	}{nullString(s.ZapID), nullString(s.ZapTitle), nullString(s.Step), s.Findings, s.Unrecovered, s.Labels})
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

// Finding is one labelled failure as reported; its JSON is the jsonl line,
// written by appendJSON: every member always, a string that is not known
// ("") as null.
type Finding struct {
	Source      Source   `json:"source"`
	Time        Time     `json:"time"` // null when the record had no time
	Connection  string   `json:"connection"`
	Step        string   `json:"step"`
	Method      string   `json:"method"`
	URL         string   `json:"url"`
	Status      Status   `json:"status"` // null for a run that names no HTTP status
	Label       string   `json:"label"`
	Cause       string   `json:"cause"`
	Recovered   bool     `json:"recovered"`
	Confidence  float64  `json:"confidence"`
	Evidence    []string `json:"evidence"`
	Remediation string   `json:"remediation"`
	RunID       string   `json:"run_id"`
	ZapID       string   `json:"zap_id"`
	ZapTitle    string   `json:"zap_title"`
	Related     []Source `json:"related"` // [] when none

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
	Time            Time
	GrantType       string
	RefreshSentFP   string
	AccessFP        string
	RefreshFP       string
	ExpiresIn       string // as written, quotes kept when it was a JSON string
	LifetimeSeconds int64
}

// MarshalJSON writes every member, a value that is not known as null:
// expires_in is the number the response wrote, null when it wrote none or
// no number (a string, "3600" included), and expires_in_raw is the value
// as written ("\"3600\"" for a string), which bad-expires-in is about.
func (t Token) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Source          Source       `json:"source"`
		Time            Time         `json:"time"`
		GrantType       *string      `json:"grant_type"`
		RefreshSentFP   *string      `json:"refresh_sent_fp"`
		AccessFP        *string      `json:"access_fp"`
		RefreshFP       *string      `json:"refresh_fp"`
		ExpiresIn       *json.Number `json:"expires_in"`
		ExpiresInRaw    *string      `json:"expires_in_raw"`
		LifetimeSeconds *int64       `json:"lifetime_seconds"`
	}{t.Source, t.Time, nullString(t.GrantType), nullString(t.RefreshSentFP), nullString(t.AccessFP), nullString(t.RefreshFP),
		jsonNumber(t.ExpiresIn), nullString(t.ExpiresIn), nullInt(t.LifetimeSeconds)})
}

// Event is one event on an explained connection's timeline.
type Event struct {
	Source Source `json:"source"`
	Time   Time
	Method string
	URL    string
	Status Status
	What   string
}

// MarshalJSON writes every member, a value that is not known as null.
func (e Event) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Source Source  `json:"source"`
		Time   Time    `json:"time"`
		Method *string `json:"method"`
		URL    *string `json:"url"`
		Status Status  `json:"status"`
		What   string  `json:"what"`
	}{e.Source, e.Time, nullString(e.Method), nullString(e.URL), e.Status, e.What})
}

// Build makes the Report from in. It sorts every list, so the Report does
// not depend on the order of in (the findings come sorted). It copies what
// it keeps, except the findings and stories, which grow with the input
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

	r.Findings = FindingList{src: in.Findings, since: in.Since, until: in.Until}
	t := newTally()
	for f := range r.Findings.All() {
		t.add(&f)
	}
	if r.Findings.windowed() {
		for f := range in.Findings.All() {
			if f.Time.IsZero() {
				r.Window.Undated++
			}
		}
	}
	r.Findings.n = t.n
	t.fill(r)
	r.Timelines = timelines(in.Stories, r.Connections, in.Since, in.Until)
	if in.Explain != nil {
		r.Explain = explain(in.Explain)
	}
	return r
}

// FindingList is the report's findings, in report order: by time (undated
// last), then source, connection, label and cause. It reads them from the
// heuristics Findings each time instead of holding a converted copy, which
// would hold in memory the one list that grows with the input.
type FindingList struct {
	src          *heuristics.Findings
	since, until time.Time
	n            int
}

// Len returns the number of findings.
func (l FindingList) Len() int { return l.n }

// Err returns the error that stopped reading the findings, if one did.
func (l FindingList) Err() error { return l.src.Err() }

// All yields the findings in report order.
func (l FindingList) All() iter.Seq[Finding] {
	return func(yield func(Finding) bool) {
		for f := range l.src.All() {
			if l.windowed() && (f.Time.IsZero() || !l.since.IsZero() && f.Time.Before(l.since) || !l.until.IsZero() && !f.Time.Before(l.until)) {
				continue
			}
			if !yield(finding(f)) {
				return
			}
		}
	}
}

// windowed tells whether a window was asked for: then undated findings
// are left out.
func (l FindingList) windowed() bool { return !l.since.IsZero() || !l.until.IsZero() }

// MarshalJSON writes the findings as a JSON array.
func (l FindingList) MarshalJSON() ([]byte, error) {
	out := make([]Finding, 0, l.n)
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
		Status:      Status{Code: f.Status, None: f.NoStatus},
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
			Source: source(s.Source), Time: at(s.Time), Method: s.Method, URL: s.URL,
			Status: Status{Code: s.Status, None: s.NoStatus}, What: s.What,
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
	return slices.Collect(FindingList{src: heuristics.NewFindings(ps)}.All())
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
