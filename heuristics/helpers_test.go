package heuristics

import (
	"flag"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/authtriage/authtriage/parser"
)

var update = flag.Bool("update", false, "rewrite golden files")

// t0 is the start of every test timeline.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// min returns t0 plus m minutes.
func mins(m float64) time.Time { return t0.Add(time.Duration(m * float64(time.Minute))) }

// tl builds a timeline of events in one file, numbering their entries.
type tl struct {
	file string
	evs  []*parser.Event
}

func newTL(file string) *tl { return &tl{file: file} }

// add appends ev as the next entry, at m minutes.
func (b *tl) add(m float64, ev *parser.Event) *parser.Event {
	ev.Source = parser.Source{File: b.file, Index: len(b.evs)}
	if m >= 0 {
		ev.Time = mins(m)
	}
	if ev.Format == "" {
		ev.Format = parser.FormatHAR
	}
	b.evs = append(b.evs, ev)
	return ev
}

// req makes an HTTP event for method and rawURL answered with status.
func req(method, rawURL string, status int) *parser.Event {
	u, err := url.Parse(rawURL)
	if err != nil {
		panic(err)
	}
	return &parser.Event{Kind: parser.KindHTTP, Method: method, URL: rawURL, Host: strings.ToLower(u.Hostname()), Path: u.Path, Status: status}
}

// api makes a bearer API call with token fingerprint tok.
func api(method, rawURL string, status int, tok string) *parser.Event {
	ev := req(method, rawURL, status)
	if tok != "" {
		ev.Auth = parser.Auth{Scheme: "Bearer", TokenFP: tok}
	}
	return ev
}

// grant makes a successful token response.
func grant(rawURL, grantType, rtSent, access, rtGot, expiresIn string) *parser.Event {
	ev := req("POST", rawURL, 200)
	ev.Token = &parser.TokenCall{GrantType: grantType, RefreshSentFP: rtSent, AccessFP: access, RefreshFP: rtGot,
		ExpiresIn: expiresIn, Returned: true, ClientID: "client-1"}
	return ev
}

// refreshFail makes a refused refresh.
func refreshFail(rawURL, rtSent string, status int, code, desc string) *parser.Event {
	ev := req("POST", rawURL, status)
	ev.Token = &parser.TokenCall{GrantType: "refresh_token", RefreshSentFP: rtSent, ClientID: "client-1"}
	if code != "" || desc != "" {
		ev.Error = &parser.ErrorBody{Code: code, Description: desc}
	}
	return ev
}

// withErr sets the error body facts of ev.
func withErr(ev *parser.Event, code, desc string, codes ...string) *parser.Event {
	ev.Error = &parser.ErrorBody{Code: code, Description: desc, Codes: codes}
	return ev
}

// withWWW sets the WWW-Authenticate header of ev.
func withWWW(ev *parser.Event, h string) *parser.Event {
	ev.Response.WWWAuthenticate = h
	return ev
}

// run makes a Zap run event.
func run(id, zap string, status parser.RunStatus, httpStatus int, msg string) *parser.Event {
	ev := &parser.Event{Kind: parser.KindRun, Format: parser.FormatTaskCSV, Status: httpStatus,
		Run: &parser.Run{ID: id, ZapID: zap, ZapTitle: "Sync leads", StepName: "step-2", Status: status, RawStatus: string(status),
			Message: msg, HTTPStatus: httpStatus}}
	return ev
}

// analyze runs events through a fresh engine.
func analyze(cfg Config, evs ...[]*parser.Event) ([]*Finding, *Engine) {
	e := New(cfg)
	for _, list := range evs {
		for _, ev := range list {
			e.Add(ev)
		}
	}
	return all(e.Finish()), e
}

// findingsAt returns the findings of the record at src.
func findingsAt(fs []*Finding, src parser.Source) []*Finding {
	var out []*Finding
	for _, f := range fs {
		if f.Source == src {
			out = append(out, f)
		}
	}
	return out
}

// all collects the findings in order.
func all(fs *Findings) []*Finding { return slices.Collect(fs.All()) }
