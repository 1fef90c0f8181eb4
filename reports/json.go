package reports

import (
	"bufio"
	"encoding/json"
	"io"
)

// writeJSON writes the whole Report as one indented JSON object:
//
//	{
//	  "schema_version": 1,
//	  "window": {},
//	  "top_actions": [{"label": "expired", "cause": "ttl-elapsed", "action": "…", "count": 4, "connections": ["…"]}],
//	  "totals": {"findings": 14, "unrecovered": 9, "recovered": 5, …},
//	  …
//	}
func writeJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// writeJSONL writes one finding per line, the contract of issue 2:
//
//	{"source":{"file":"session.har","index":12},"time":"2026-03-02T10:12:44.123Z","connection":"…","step":"…","method":"GET","url":"…","status":401,"label":"expired","cause":"ttl-elapsed","recovered":true,"confidence":0.9,"evidence":["…"],"remediation":"…"}
//
// With an explanation (--explain) every line instead carries a "record"
// member saying what it is: "token" (one per token response, in lineage
// order), "event" (the timeline), "finding" (the connection's findings, in
// the shape above) and "reasoning" ({"record":"reasoning","text":"…"}).
func writeJSONL(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if e := r.Explain; e != nil {
		for _, t := range e.Tokens {
			if err := enc.Encode(struct {
				Record string `json:"record"`
				Token
			}{"token", t}); err != nil {
				return err
			}
		}
		for _, ev := range e.Timeline {
			if err := enc.Encode(struct {
				Record string `json:"record"`
				Event
			}{"event", ev}); err != nil {
				return err
			}
		}
		for _, f := range e.Findings {
			if err := enc.Encode(struct {
				Record string `json:"record"`
				Finding
			}{"finding", f}); err != nil {
				return err
			}
		}
		for _, s := range e.Reasoning {
			if err := enc.Encode(struct {
				Record string `json:"record"`
				Text   string `json:"text"`
			}{"reasoning", s}); err != nil {
				return err
			}
		}
		return bw.Flush()
	}
	for _, f := range r.Findings {
		if err := enc.Encode(f); err != nil {
			return err
		}
	}
	return bw.Flush()
}
