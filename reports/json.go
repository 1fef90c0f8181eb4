package reports

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// writeJSON writes the whole Report as one indented JSON object. The
// field names are a contract (schema_version 2, see SchemaVersion); fields
// may be added, never renamed, removed or given another type without a new
// version. Every field is always written: a value that is not known is
// null (never left out, never ""), a list is never null, times are
// RFC 3339 UTC with milliseconds. README's "JSON report" section names
// every field, and TestREADMEDocumentsJSON holds it to that.
//
//	schema_version  2
//	generated       the "now" cmd fixed (--now, SOURCE_DATE_EPOCH), else null
//	window          {since, until, undated}: the window applied to record times; an
//	                open end is null; undated counts the findings with no time it left out
//	top_actions     [{label, cause, action, count, connections}]: the causes of most
//	                unrecovered failures (at most 5), each with its fix, the unrecovered
//	                findings it concerns and the connections, sorted
//	totals          {findings, unrecovered, recovered, connections,
//	                 by_label: [{label, findings, unrecovered, recovered}] (every label, report order),
//	                 by_cause: [{label, cause, findings, unrecovered, recovered}] (causes found, most first)}
//	connections     [{connection, findings, unrecovered, recovered, labels, first_failure,
//	                  last_failure, label, cause, root_cause, fix}]: most unrecovered first;
//	                "(none)" gathers findings without a connection; root_cause is one sentence
//	endpoints       [{method, host, path, findings, unrecovered, labels, statuses}]: path with
//	                ids folded to {id} (see TemplatePath); findings without a host are left out
//	steps           [{zap_id, zap_title, step, findings, unrecovered, labels}]
//	days            [{date, findings, labels}]: UTC dates with failures, ascending
//	inputs          [{file, format, records, skipped}], by file name
//	errors          {count, messages}: count is the total, messages may be capped by cmd
//	findings        the jsonl lines (see writeJSONL), by time, undated last
//	timelines       [{connection, marks: [{time, kind, source}], dropped}]
//	explain         null without --explain, else {connection, tokens: [{source, time,
//	                grant_type, refresh_sent_fp, access_fp, refresh_fp, expires_in,
//	                expires_in_raw, lifetime_seconds}], timeline: [{source, time, method,
//	                url, status, what}], findings, reasoning}
//
// labels, wherever it appears, is [{label, findings, unrecovered, recovered}]
// for the labels present, in report order.
//
// The findings are written one at a time, so a report of many findings is
// never held twice in memory (once as values, once as JSON text).
func writeJSON(w io.Writer, r *Report) error {
	head := *r
	head.Findings = FindingList{}
	head.Timelines = []Timeline{}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&head); err != nil {
		return err
	}
	doc := buf.Bytes()
	// The two long lists are written element by element into their places.
	lists := []struct {
		key  string
		n    int
		each func(yield func(any) bool)
	}{
		{"findings", r.Findings.Len(), func(yield func(any) bool) {
			for f := range r.Findings.All() {
				if !yield(&f) {
					return
				}
			}
		}},
		{"timelines", len(r.Timelines), func(yield func(any) bool) {
			for i := range r.Timelines {
				if !yield(&r.Timelines[i]) {
					return
				}
			}
		}},
	}
	bw := bufio.NewWriter(w)
	var eb bytes.Buffer
	var cb []byte
	for _, l := range lists {
		empty := []byte("\n  \"" + l.key + "\": []")
		if l.n == 0 {
			continue
		}
		at := bytes.Index(doc, empty)
		if at < 0 {
			return fmt.Errorf("internal error: %q not found in the report's JSON", l.key)
		}
		bw.Write(doc[:at])
		bw.WriteString("\n  \"" + l.key + "\": [\n")
		var err error
		i := 0
		for v := range l.each {
			eb.Reset()
			if f, ok := v.(*Finding); ok {
				// What the encoder below writes, without reflection.
				cb = f.appendJSON(cb[:0], "    ", "  ")
				eb.Write(cb)
			} else {
				fe := json.NewEncoder(&eb)
				fe.SetIndent("    ", "  ")
				fe.SetEscapeHTML(false)
				if err = fe.Encode(v); err != nil {
					break
				}
			}
			if i > 0 {
				bw.WriteString(",\n")
			}
			bw.WriteString("    ")
			bw.Write(bytes.TrimSuffix(eb.Bytes(), []byte("\n")))
			i++
		}
		if err != nil {
			return err
		}
		if err := r.Findings.Err(); err != nil && l.key == "findings" {
			// Reading findings back failed: the list stops short. Closing
			// it would make a valid report of what was read, or a valid
			// empty one when the first read failed; left open, the
			// document is no valid JSON and the error is returned.
			return err
		}
		bw.WriteString("\n  ]")
		doc = doc[at+len(empty):]
	}
	bw.Write(doc)
	return bw.Flush()
}

// writeJSONL writes one finding per line, the contract of issue 2, with
// the JSON report's rule for values not known (schema_version 2):
//
//	{"source":{"file":"session.har","index":12},"time":"2026-03-02T10:12:44.123Z","connection":"…","step":null,"method":"GET","url":"…","status":401,"label":"expired","cause":"ttl-elapsed","recovered":true,"confidence":0.9,"evidence":["…"],"remediation":"…","run_id":null,"zap_id":null,"zap_title":null,"related":[]}
//
// An explanation (--explain) adds lines after the findings, each with a
// "record" member, which no finding line has, saying what it is: "token"
// (one per token response, in lineage order), "event" (the timeline),
// "finding" (the explained connection's findings again, in the shape
// above) and "reasoning" ({"record":"reasoning","text":"…"}).
func writeJSONL(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	var b []byte
	for f := range r.Findings.All() {
		b = append(f.appendJSON(b[:0], "", ""), '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	if e := r.Explain; e != nil {
		if err := writeExplainJSONL(bw, e); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// writeExplainJSONL writes an explanation's records, each with its
// "record" kind first.
func writeExplainJSONL(w io.Writer, e *Explain) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	record := func(kind string, v any) error {
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		// v's object, {…}, with "record" as its first member.
		if _, err := io.WriteString(w, `{"record":"`+kind+`"`); err != nil {
			return err
		}
		rest := buf.Bytes()[1:]
		if rest[0] != '}' {
			rest = append([]byte{','}, rest...)
		}
		_, err := w.Write(rest)
		return err
	}
	for _, t := range e.Tokens {
		if err := record("token", t); err != nil {
			return err
		}
	}
	for _, ev := range e.Timeline {
		if err := record("event", ev); err != nil {
			return err
		}
	}
	for _, f := range e.Findings {
		if err := record("finding", f); err != nil {
			return err
		}
	}
	for _, s := range e.Reasoning {
		if err := record("reasoning", struct {
			Text string `json:"text"`
		}{s}); err != nil {
			return err
		}
	}
	return nil
}
