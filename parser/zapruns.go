package parser

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tidwall/gjson"
)

// runField is what a run record's key or CSV column holds.
type runField uint8

// The fields of a run record.
const (
	runFieldNone runField = iota
	runFieldID
	runFieldZapID
	runFieldZapTitle
	runFieldZap // "zap": a title, or an object {"id","title"}
	runFieldTitle
	runFieldStep
	runFieldStepID
	runFieldStepName
	runFieldApp
	runFieldAction
	runFieldStatus
	runFieldStart
	runFieldEnd
	runFieldError
	runFieldErrorMessage
	runFieldMessage
	runFieldDataOut
	runFieldConnection
	runFieldSteps
)

// runFieldNames maps key and column names, normalized by runWord, to
// fields. Exports of different eras and hand-made sheets name the same
// thing differently.
var runFieldNames = map[string]runField{
	"id": runFieldID, "run_id": runFieldID, "task_id": runFieldID, "zap_run_id": runFieldID,
	"zap_id":    runFieldZapID,
	"zap_title": runFieldZapTitle, "zap_name": runFieldZapTitle,
	"zap":   runFieldZap,
	"title": runFieldTitle, "name": runFieldTitle,
	"step": runFieldStep, "step_id": runFieldStepID,
	"step_name": runFieldStepName, "step_title": runFieldStepName,
	"app": runFieldApp, "app_name": runFieldApp, "action": runFieldAction, "action_name": runFieldAction,
	"status": runFieldStatus, "result": runFieldStatus,
	"start_time": runFieldStart, "date": runFieldStart, "timestamp": runFieldStart, "time": runFieldStart,
	"started_at": runFieldStart, "start": runFieldStart, "date_time": runFieldStart,
	"end_time": runFieldEnd, "ended_at": runFieldEnd, "end": runFieldEnd, "finished_at": runFieldEnd,
	"error": runFieldError, "error_message": runFieldErrorMessage, "message": runFieldMessage,
	"data_out":   runFieldDataOut,
	"connection": runFieldConnection, "connection_id": runFieldConnection,
	"authentication_id": runFieldConnection, "authentication": runFieldConnection,
	"account": runFieldConnection, "account_id": runFieldConnection,
	"steps": runFieldSteps,
}

// runDistinctive are the names that only run history uses; detection asks
// for one of them so that other logs with "status" and "time" are not
// taken for run history.
var runDistinctive = map[string]bool{
	"zap_id": true, "zap_title": true, "zap_name": true, "zap": true,
	"run_id": true, "task_id": true, "zap_run_id": true,
}

// runHTTPKeys are keys of HTTP records; an object holding one is no run.
var runHTTPKeys = map[string]bool{
	"method": true, "url": true, "request": true, "response": true,
	"request_url": true, "request_method": true, "started_date_time": true,
}

// runPageKeys name the array of runs inside a page object.
var runPageKeys = map[string]bool{
	"data": true, "runs": true, "results": true, "items": true, "zap_runs": true, "tasks": true,
}

// runFieldOf maps a key or column name to its field.
func runFieldOf(name string) runField {
	w := runWord(name)
	if f, ok := runFieldNames[w]; ok {
		return f
	}
	// "Start Time (UTC)" names its zone.
	for _, z := range []string{"_utc", "_gmt"} {
		if s, ok := strings.CutSuffix(w, z); ok {
			return runFieldNames[s]
		}
	}
	return runFieldNone
}

// runRecord holds one run's fields as written, before they are read.
type runRecord struct {
	id, zapID, zapTitle, title            string
	step, stepID, stepName, app, action   string
	status, start, end                    string
	errText, errMessage, message, dataOut string
	connection                            string
}

// set stores v in field f unless the field already has a value: the
// first column or key of a kind wins.
func (r *runRecord) set(f runField, v string) {
	var p *string
	switch f {
	case runFieldID:
		p = &r.id
	case runFieldZapID:
		p = &r.zapID
	case runFieldZapTitle, runFieldZap:
		p = &r.zapTitle
	case runFieldTitle:
		p = &r.title
	case runFieldStep:
		p = &r.step
	case runFieldStepID:
		p = &r.stepID
	case runFieldStepName:
		p = &r.stepName
	case runFieldApp:
		p = &r.app
	case runFieldAction:
		p = &r.action
	case runFieldStatus:
		p = &r.status
	case runFieldStart:
		p = &r.start
	case runFieldEnd:
		p = &r.end
	case runFieldError:
		p = &r.errText
	case runFieldErrorMessage:
		p = &r.errMessage
	case runFieldMessage:
		p = &r.message
	case runFieldDataOut:
		p = &r.dataOut
	case runFieldConnection:
		p = &r.connection
	default:
		return
	}
	if *p == "" {
		*p = strings.TrimSpace(v)
	}
}

// size is how many bytes the record's fields hold.
func (r *runRecord) size() int {
	n := 0
	for _, v := range []string{r.id, r.zapID, r.zapTitle, r.title, r.step, r.stepID, r.stepName, r.app,
		r.action, r.status, r.start, r.end, r.errText, r.errMessage, r.message, r.dataOut, r.connection} {
		n += len(v)
	}
	return n
}

// empty reports whether the record names no run at all.
func (r *runRecord) empty() bool {
	return r.id == "" && r.zapID == "" && r.zapTitle == "" && r.title == "" && r.status == ""
}

// runDataOutStatuses are the statuses whose data_out is an error report
// rather than the step's output (which is never copied).
var runDataOutStatuses = map[RunStatus]bool{
	RunError: true, RunErrorHandled: true, RunHalted: true, RunHeld: true,
	RunThrottled: true, RunStopped: true,
}

// event reads the record into a run Event, its numeric dates by order.
func (r *runRecord) event(src Source, format Format, order dateOrder) (*Event, error) {
	start, err := parseRunTime(r.start, "start time", order)
	if err != nil {
		return nil, err
	}
	end, err := parseRunTime(r.end, "end time", order)
	if err != nil {
		return nil, err
	}
	status := parseRunStatus(r.status)
	zapTitle := r.zapTitle
	if zapTitle == "" {
		zapTitle = r.title
	}
	appAction := r.app
	if r.action != "" {
		if appAction != "" {
			appAction += ": "
		}
		appAction += r.action
	}
	run := &Run{
		ID:        runID(r.id),
		ZapID:     runID(r.zapID),
		ZapTitle:  runName(zapTitle),
		StepName:  runName(runFirst(r.stepName, r.step, appAction)),
		Status:    status,
		RawStatus: runName(r.status),
		End:       end,
	}
	ev := &Event{
		Source:     src,
		Format:     format,
		Kind:       KindRun,
		Time:       start,
		Run:        run,
		Connection: runID(r.connection),
		Step:       runID(runFirst(r.stepID, r.step, r.stepName, appAction)),
	}
	text := runFirst(r.errText, r.errMessage, r.message)
	if text == "" && runDataOutStatuses[status] {
		text = r.dataOut
	}
	runText(ev, text)
	return ev, nil
}

func runFirst(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// readZapRuns streams Zap runs from the Partner API's GET /v2/zap-runs
// pages, an array of such pages, or an account export's array of run
// objects, whose keys vary and are matched by synonym:
//
//	{"links": {"next": "...", "prev": null}, "meta": {"count": 2, "limit": 25, "offset": 0},
//	 "data": [{"id": "...", "zap_id": 1234, "zap_title": "New lead to CRM", "status": "error",
//	           "start_time": "2026-03-02T10:12:44.123Z", "end_time": "...",
//	           "steps": [{"status": "success"}, {"status": "error", ...}],
//	           "data_in": {...}, "data_out": {...}}]}
//
// Each run becomes one Event (KindRun) whose Source.Index is its position
// in its array; runs of pages are numbered across all pages in input
// order. Only one run is held in memory at a time. The failing step is the
// first of steps[] whose status is not success; the error text comes from
// the run's or that step's error fields, or from data_out for a failed run.
func readZapRuns(sc *jsonScanner, k *sink) error {
	z := &zapRunReader{sc: sc, k: k, kbuf: make([]byte, 0, 256)}
	err := z.read()
	if errors.Is(err, errTruncEOF) {
		return fmt.Errorf("zap-runs JSON ends early (truncated after %d runs)", k.stats.Records+k.stats.Skipped)
	}
	if err != nil {
		return fmt.Errorf("invalid zap-runs JSON: %w", err)
	}
	return nil
}

// isRunLines reports whether an input is JSON lines of runs: its first
// line is one whole run object and another object follows on the next
// lines. Such a file is read line by line, so that each run says its line;
// a file of one object, or of pages or pretty-printed runs, is read as a
// document.
func isRunLines(br *bufio.Reader) bool {
	p, _ := br.Peek(sniffBytes)
	p = bytes.TrimLeft(bytes.TrimPrefix(p, []byte("\xef\xbb\xbf")), " \t\r\n")
	line, rest, ok := bytes.Cut(p, []byte("\n"))
	if !ok || !bytes.HasPrefix(bytes.TrimLeft(rest, " \t\r\n"), []byte("{")) {
		return false
	}
	line = bytes.TrimRight(line, " \t\r")
	return isRunObject(line) && !isRunPage(line)
}

// readZapRunLines reads JSON lines of runs, each run's Source its line. A
// line that holds a page reads as the runs of that page, all on its line.
func readZapRunLines(lr *lineReader, k *sink) error {
	for {
		line, err := lr.next()
		if err == io.EOF {
			return nil
		}
		src := k.line(lr.line)
		if isTooLarge(err) {
			k.skip(src, err)
			continue
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", lr.line, err)
		}
		if lr.line == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		line = trimSpace(line)
		if len(line) == 0 {
			continue
		}
		if !gjson.ValidBytes(line) {
			k.skip(src, errors.New("invalid JSON"))
			continue
		}
		if line[0] != '{' {
			k.skip(src, fmt.Errorf("line is %s, not a run object", runJSONKind(line)))
			continue
		}
		if !isRunPage(line) {
			zapRun(line, src, k)
			continue
		}
		gjson.ParseBytes(line).ForEach(func(key, v gjson.Result) bool {
			if runPageKeys[runWord(key.Str)] && v.IsArray() {
				i := 0
				v.ForEach(func(_, r gjson.Result) bool {
					at := Source{File: src.File, Line: src.Line, Index: i}
					i++
					if !r.IsObject() {
						k.skip(at, fmt.Errorf("element is %s, not a run object", kindOf(r)))
						return true
					}
					zapRun([]byte(r.Raw), at, k)
					return true
				})
			}
			return true
		})
	}
}

// zapRun reads one run object at src and hands on its Event.
func zapRun(raw []byte, src Source, k *sink) {
	rec, err := zapRunRecord(raw)
	if err != nil {
		k.skip(src, err)
		return
	}
	ev, err := rec.event(src, FormatZapRuns, monthFirst)
	if err != nil {
		k.skip(src, err)
		return
	}
	k.event(ev)
}

// zapRunReader walks a zap-runs document.
type zapRunReader struct {
	sc   *jsonScanner
	k    *sink
	next int // index of the next run read from a page
	obj  []byte
	kbuf []byte
	vbuf []byte
}

func (z *zapRunReader) read() error {
	c, ok := z.sc.peek()
	if !ok {
		return errors.New("empty input")
	}
	for ok {
		var err error
		switch c {
		case '{':
			err = z.object(0)
		case '[':
			err = z.array()
		default:
			return fmt.Errorf("expected a zap-runs page or an array of runs, found %q", c)
		}
		if err != nil {
			return err
		}
		// Pages fetched one after another are often saved end to end.
		c, ok = z.sc.peek()
	}
	return nil
}

// array reads an array whose elements are pages or run objects.
func (z *zapRunReader) array() error {
	if err := z.sc.expect('['); err != nil {
		return err
	}
	for i := 0; ; i++ {
		more, err := z.sc.elem(i == 0)
		if err != nil {
			return err
		}
		if !more {
			return nil
		}
		if c, _ := z.sc.peek(); c != '{' {
			raw, _, err := z.sc.value(z.vbuf[:0], false)
			if err != nil {
				return err
			}
			z.k.skip(z.k.entry(i), fmt.Errorf("element is %s, not a run object", runJSONKind(raw)))
			continue
		}
		if err := z.object(i); err != nil {
			return err
		}
	}
}

// object reads an object at position pos of its array: a page, whose run
// array is streamed, or one run object, gathered and read.
func (z *zapRunReader) object(pos int) error {
	if err := z.sc.expect('{'); err != nil {
		return err
	}
	z.obj = append(z.obj[:0], '{')
	page, over := false, false
	for first := true; ; first = false {
		key, more, err := z.sc.key(z.kbuf[:0], first)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		if runPageKeys[runWord(string(key))] {
			if c, _ := z.sc.peek(); c == '[' {
				page = true
				if err := z.runs(); err != nil {
					return err
				}
				continue
			}
		}
		// key aliases kbuf, which value does not touch.
		v, _, err := z.sc.value(z.vbuf, over || page)
		if isTooLarge(err) {
			over = true
			continue
		}
		if err != nil {
			return err
		}
		z.vbuf = v[:0]
		if over || page {
			continue
		}
		if len(z.obj) > 1 {
			z.obj = append(z.obj, ',')
		}
		z.obj = append(z.obj, '"')
		z.obj = append(z.obj, key...)
		z.obj = append(z.obj, '"', ':')
		z.obj = append(z.obj, v...)
		if len(z.obj) > z.sc.maxRec {
			over = true
		}
	}
	if page {
		return nil
	}
	if over {
		z.k.skip(z.k.entry(pos), fmt.Errorf("run object exceeds the %d-byte limit; skipped", z.sc.maxRec))
		z.obj = nil
		return nil
	}
	z.obj = append(z.obj, '}')
	z.run(pos, z.obj)
	return nil
}

// runs streams a page's array of runs.
func (z *zapRunReader) runs() error {
	return z.sc.array(func(_ int, raw []byte, _ bool, err error) error {
		pos := z.next
		z.next++
		if err != nil {
			z.k.skip(z.k.entry(pos), err)
			return nil
		}
		if len(raw) == 0 || raw[0] != '{' {
			z.k.skip(z.k.entry(pos), fmt.Errorf("element is %s, not a run object", runJSONKind(raw)))
			return nil
		}
		z.run(pos, raw)
		return nil
	})
}

// run reads one run object and hands on its Event.
func (z *zapRunReader) run(pos int, raw []byte) { zapRun(raw, z.k.entry(pos), z.k) }

// runJSONKind names the kind of a JSON value for messages.
func runJSONKind(raw []byte) string {
	if len(raw) == 0 {
		return "empty"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// zapRunRecord reads the fields of one run object.
func zapRunRecord(raw []byte) (*runRecord, error) {
	if !gjson.ValidBytes(raw) {
		return nil, errors.New("run object is not valid JSON")
	}
	root := gjson.ParseBytes(raw)
	if !root.IsObject() {
		return nil, fmt.Errorf("element is %s, not a run object", runJSONKind(raw))
	}
	r := &runRecord{}
	var steps gjson.Result
	root.ForEach(func(k, v gjson.Result) bool {
		switch f := runFieldOf(k.String()); f {
		case runFieldNone:
		case runFieldSteps:
			steps = v
		case runFieldZap:
			if v.IsObject() {
				r.set(runFieldZapID, runScalar(v.Get("id")))
				r.set(runFieldZapTitle, runFirst(runScalar(v.Get("title")), runScalar(v.Get("name"))))
			} else {
				r.set(f, runScalar(v))
			}
		case runFieldError, runFieldErrorMessage, runFieldMessage:
			r.set(f, runErrorValue(v))
		case runFieldDataOut:
			r.set(f, runErrorText(v, 0))
		default:
			r.set(f, runScalar(v))
		}
		return true
	})
	if r.empty() {
		return nil, errors.New("object names no run: no id, Zap or status")
	}
	if steps.IsArray() || steps.IsObject() {
		r.failingStep(steps)
	}
	return r, nil
}

// failingStep fills the step fields, and the error text when the run has
// none, from the first step whose status is not success. steps is an
// array, or an object keyed by step id.
func (r *runRecord) failingStep(steps gjson.Result) {
	n := 0
	steps.ForEach(func(_, st gjson.Result) bool {
		n++
		if !st.IsObject() {
			return true
		}
		var s runRecord
		st.ForEach(func(k, v gjson.Result) bool {
			switch f := runFieldOf(k.String()); f {
			case runFieldID:
				s.set(runFieldStepID, runScalar(v))
			case runFieldTitle:
				s.set(runFieldStepName, runScalar(v))
			case runFieldError, runFieldErrorMessage, runFieldMessage:
				s.set(f, runErrorValue(v))
			case runFieldDataOut:
				s.set(f, runErrorText(v, 0))
			case runFieldStatus, runFieldStep, runFieldStepID, runFieldStepName, runFieldApp,
				runFieldAction, runFieldConnection:
				s.set(f, runScalar(v))
			}
			return true
		})
		status := parseRunStatus(s.status)
		if s.status == "" || status == RunSuccess {
			return true
		}
		if s.stepID == "" && s.step == "" && s.stepName == "" && s.app == "" && s.action == "" {
			s.stepName = fmt.Sprintf("step %d", n)
		}
		for _, p := range [][2]*string{
			{&r.step, &s.step}, {&r.stepID, &s.stepID}, {&r.stepName, &s.stepName},
			{&r.app, &s.app}, {&r.action, &s.action}, {&r.connection, &s.connection},
		} {
			if *p[0] == "" {
				*p[0] = *p[1]
			}
		}
		if r.errText == "" && r.errMessage == "" && r.message == "" {
			r.errText = runFirst(s.errText, s.errMessage, s.message)
			if r.errText == "" && runDataOutStatuses[status] {
				r.errText = s.dataOut
			}
		}
		return false
	})
}

// runScalar reads a value written as a string, number or boolean; of an
// object it reads the "id" (a connection or Zap given as an object).
func runScalar(v gjson.Result) string {
	switch v.Type {
	case gjson.String:
		return v.Str
	case gjson.Number, gjson.True, gjson.False:
		return v.Raw
	case gjson.JSON:
		if v.IsObject() {
			return runScalar(v.Get("id"))
		}
	}
	return ""
}

// runErrorValue reads an error field: text as written, or an error
// object's JSON for runText to read.
func runErrorValue(v gjson.Result) string {
	switch {
	case v.Type == gjson.String:
		return v.Str
	case v.IsObject(), v.IsArray():
		return v.Raw
	}
	return ""
}

// runErrorKeys are where a data_out payload reports an error.
var runErrorKeys = []string{"error", "error_message", "errorMessage", "message", "errors", "detail"}

// runErrorText finds the error report in a data_out payload: a string, a
// Zapier error object (kept whole for runText), or the value under an
// error key. Any other payload is the step's output and is not read.
func runErrorText(v gjson.Result, depth int) string {
	switch {
	case v.Type == gjson.String:
		if depth == 0 {
			s := strings.TrimSpace(v.Str)
			if strings.HasPrefix(s, "{") && gjson.Valid(s) {
				return runErrorText(gjson.Parse(s), 1)
			}
		}
		return v.Str
	case v.IsArray():
		if depth < 2 {
			return runErrorText(v.Get("0"), depth+1)
		}
	case v.IsObject():
		status, msg := v.Get("status"), v.Get("message")
		if status.Exists() && (v.Get("content").Exists() || v.Get("request").Exists()) ||
			msg.Exists() && (v.Get("code").Exists() || status.Exists() || v.Get("delay").Exists()) {
			return v.Raw
		}
		if depth > 2 {
			return ""
		}
		for _, key := range runErrorKeys {
			if e := v.Get(key); e.Exists() {
				if e.IsObject() {
					return e.Raw
				}
				return runErrorText(e, depth+1)
			}
		}
	}
	return ""
}

// isRunObject reports whether raw, one whole JSON value, is a run record:
// an object with a status, a key only run history uses (zap_id, zap_title,
// run_id, task_id, ...) and at least three run keys in all, and none of
// the keys of an HTTP record.
func isRunObject(raw []byte) bool {
	if !gjson.ValidBytes(raw) {
		return false
	}
	root := gjson.ParseBytes(raw)
	if !root.IsObject() {
		return false
	}
	status, distinct, http, n := false, false, false, 0
	root.ForEach(func(k, _ gjson.Result) bool {
		w := runWord(k.String())
		if runHTTPKeys[w] {
			http = true
			return false
		}
		switch runFieldOf(w) {
		case runFieldNone:
			return true
		case runFieldStatus:
			status = true
		}
		n++
		distinct = distinct || runDistinctive[w]
		return true
	})
	return !http && status && distinct && n >= 3
}

// isRunPage reports whether raw, one whole JSON value, is a /v2/zap-runs
// page: an object with "links" or "meta" and a "data" array whose first
// element is a run object (or which is empty under a page's "meta").
func isRunPage(raw []byte) bool {
	if !gjson.ValidBytes(raw) {
		return false
	}
	root := gjson.ParseBytes(raw)
	if !root.IsObject() {
		return false
	}
	data, meta, links := root.Get("data"), root.Get("meta"), root.Get("links")
	if !data.IsArray() || !meta.IsObject() && !links.IsObject() {
		return false
	}
	first := data.Get("0")
	if !first.Exists() {
		return meta.Get("count").Exists() || meta.Get("limit").Exists() || meta.Get("offset").Exists()
	}
	return isRunObject([]byte(first.Raw))
}
