package parser

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// Limits of the text read from run records.
const (
	// maxRunTextBytes is how much of one error message runText reads:
	// the same cut the JSON scanner applies to any string, so a CSV cell
	// and a JSON value are read alike.
	maxRunTextBytes = maxStringBytes
	// maxRunMessageBytes caps Run.Message and the descriptions runText
	// keeps: 2 KiB holds any Zapier error summary with its URL and the
	// provider's error body, and keeps a history of thousands of runs small.
	maxRunMessageBytes = 2 << 10
	// maxRunNameBytes caps Zap titles, step names and raw statuses, which
	// people type: 256 bytes is longer than Zapier lets a title be.
	maxRunNameBytes = 256
	// maxRunIDBytes caps run, Zap, step and connection ids: real ids are
	// numbers, UUIDs or ULIDs, far below 128 bytes.
	maxRunIDBytes = 128
)

// The codes runText adds to ErrorBody.Codes for Zapier's own signals, so
// the heuristics need not match phrases. Codes also gets "ResponseError"
// when the text is a ResponseError (a non-2xx response the app did not
// handle) and "AppError" when it is a z.errors.Error.
const (
	ZapierRefreshAuth  = "RefreshAuthError" // the app's auth refresh failed
	ZapierExpiredAuth  = "ExpiredAuthError" // the app said the connection expired
	ZapierHalted       = "HaltedError"      // the app halted the run on purpose
	ZapierThrottled    = "ThrottledError"   // the app or Zapier ("Throttled by Zapier!") throttled the run
	ZapierDisconnected = "DisconnectedApp"  // the run is held until the user reconnects the app
	zapierResponseErr  = "ResponseError"
	zapierAppError     = "AppError"
)

// runStatusWords maps every era's status vocabulary, normalized by
// runWord, to a RunStatus.
var runStatusWords = map[string]RunStatus{
	"success": RunSuccess, "successful": RunSuccess, "succeeded": RunSuccess,
	"error": RunError, "errored": RunError, "failed": RunError, "failure": RunError,
	"error_handled": RunErrorHandled, "handled_error": RunErrorHandled, "errorhandled": RunErrorHandled,
	"halted": RunHalted, "safely_halted": RunHalted,
	"held": RunHeld, "on_hold": RunHeld, "holding": RunHeld, "hold": RunHeld,
	"filtered":  RunFiltered,
	"skipped":   RunSkipped,
	"delayed":   RunDelayed,
	"scheduled": RunScheduled,
	"pending":   RunPending, "running": RunPending, "playing": RunPending,
	"throttled":    RunThrottled,
	"stopped":      RunStopped,
	"waiting":      RunWaiting,
	"needs_review": RunNeedsReview, "needsreview": RunNeedsReview,
}

// parseRunStatus normalizes a run status of any era, case-insensitively:
// "Safely Halted", "on hold", "ERRORED". Anything else is RunUnknown.
func parseRunStatus(s string) RunStatus {
	if st, ok := runStatusWords[runWord(s)]; ok {
		return st
	}
	return RunUnknown
}

// runWord lower-cases a status or a column name and joins its words with
// single underscores, whatever separated them: "Safely Halted" and
// "safely-halted" give "safely_halted", "zapTitle" gives "zap_title",
// "Start Time (UTC)" gives "start_time_utc".
func runWord(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	b.Grow(len(s) + 4)
	sep := false
	for i, r := range s {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			sep = b.Len() > 0
			continue
		case 'A' <= r && r <= 'Z':
			// camelCase: a capital after a lower-case letter starts a word.
			if i > 0 && 'a' <= s[i-1] && s[i-1] <= 'z' {
				sep = true
			}
			r += 'a' - 'A'
		}
		if sep {
			b.WriteByte('_')
			sep = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// parseRunTime reads a run time as exported (see parseTimeOrder): RFC
// 3339, a written date and time (no zone is UTC), or epoch seconds or
// milliseconds. An empty value is the zero time; a value that is no time
// is a *timeError naming field.
func parseRunTime(s, field string, order dateOrder) (time.Time, error) {
	t, ok := parseTimeOrder(s, order)
	if !ok {
		return t, badTime(field, s)
	}
	return t, nil
}

// runCut shortens s to at most n bytes without splitting a UTF-8 sequence.
func runCut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// runName redacts and caps a name people type: a Zap title, a step name.
func runName(s string) string {
	return runCut(redactText(strings.TrimSpace(s)), maxRunNameBytes)
}

// runID caps an id. Ids are kept as written but for the credentials
// redactID finds (they are how a support engineer finds the run); one with
// white space in it is no id but text, and is redacted like text.
func runID(s string) string {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, " \t\r\n") || len(s) > maxRunIDBytes {
		return runName(s)
	}
	return redactID(s)
}

var (
	// runURLPattern finds URLs in free text so their secret parameters
	// are redacted by the URL rules before the text rules run.
	runURLPattern = regexp.MustCompile(`https?://[^\s"'<>\\` + "`" + `]+`)
	// runErrorJSON is an error class followed by its JSON, anywhere:
	// "ResponseError: {...}", "...\nRefreshAuthError: {...}".
	runErrorJSON = regexp.MustCompile(`\b[A-Za-z]*Error\b:?\s*\{`)
	// runClasses are zapier-platform-core error classes named anywhere.
	runClasses = regexp.MustCompile(`\b(RefreshAuthError|ExpiredAuthError|HaltedError|ThrottledError)\b`)
	// runStarting is the "What happened:" request line.
	runStarting = regexp.MustCompile(`(?i)\bstarting\s+([a-z]+)\s+request\s+to\s+(\S+)`)
	// runReceived is the "What happened:" response line.
	runReceived = regexp.MustCompile(`(?i)\breceived\s+(\d{3})\s+code\s+from\s+(\S+)(?:\s+after\s+(\d+(?:\.\d+)?)\s*ms)?`)
	// runContent starts the "What happened:" body; Zapier does not escape
	// the quotes inside it, so the body runs to the message's last quote.
	runContent = regexp.MustCompile(`(?i)\breceived\s+content\s+"`)
	// runGot is the pre-v10 text: "Got 401 calling GET URL, triggering
	// auth refresh." or "..., expected 2xx."
	runGot = regexp.MustCompile(`(?i)\bgot\s+(\d{3})\s+calling\s+([a-z]+)\s+(\S+)`)
	// runRefresh says an auth refresh was triggered or failed.
	runRefresh = regexp.MustCompile(`(?i)\btriggering\s+auth\s+refresh\b|\bRefreshAuthError\b|\bauth(?:entication)?\s+refresh\s+failed\b`)
	// runThrottled is Zapier's own throttling message.
	runThrottled = regexp.MustCompile(`(?i)\bthrottled\s+by\s+zapier\b`)
	// runDisconnected is a run held until the user reconnects the app.
	runDisconnected = regexp.MustCompile(`(?i)\bdisconnected\s+app\b|\bre-?connect\b`)
	// runAppReturned is Zapier's summary of an app's error: `The app
	// returned "…"`, the provider's message or body, to the last quote.
	runAppReturned = regexp.MustCompile(`(?i)\bthe\s+app\s+returned\s+"`)
	// runClientStatus are HTTP client libraries' messages for a response
	// that failed: axios "Request failed with status code 401", Python
	// requests "401 Client Error: Unauthorized for url: URL", got
	// "Response code 401 (Unauthorized)", Java "Server returned HTTP
	// response code: 401 for URL: URL", Faraday "the server responded with
	// status 401", fetch wrappers "HTTP error! status: 401", and httpx
	// "Client error '401 Unauthorized' for url 'URL'". The first group is
	// the status, the second the URL when given.
	runClientStatus = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\brequest\s+failed\s+with\s+status\s+code\s+(\d{3})\b()`),
		regexp.MustCompile(`\b(\d{3})\s+(?:Client|Server)\s+Error:.*?\bfor\s+url:\s+(\S+)`),
		regexp.MustCompile(`(?i)\bresponse\s+code:?\s+(\d{3})\b(?:\s+for\s+url:\s+(\S+))?`),
		regexp.MustCompile(`(?i)\b(?:client|server)\s+error\s+'(\d{3})\s[^']*'\s+for\s+url\s+'([^'\s]+)'`),
		regexp.MustCompile(`(?i)\bstatus(?:\s+code)?(?::\s*|\s+|=)(\d{3})\b()`),
	}
	// runStatusReason is a status followed by its reason phrase, as
	// clients and apps print it: "401 Unauthorized", "(402 Payment
	// Required)"; the phrase must be the status's own (see runReasonOK).
	runStatusReason = regexp.MustCompile(`\b([1-5]\d\d)\s+\(?([A-Za-z][A-Za-z' -]{1,40})`)
)

// redactRunText scrubs free text: URLs by the URL rules, then everything
// by the text rules.
func redactRunText(s string) string {
	s = runURLPattern.ReplaceAllStringFunc(s, func(u string) string {
		u, tail := runTrimURL(u)
		r, _, _ := redactRunURL(u)
		return r + tail
	})
	return redactText(s)
}

// runTrimURL splits the punctuation that ends a sentence off a URL found
// in text: "Got 401 calling GET https://x/y?a=b, triggering ...".
func runTrimURL(u string) (url, tail string) {
	url = strings.TrimRight(u, ".,;:!?)]}'")
	return url, u[len(url):]
}

// redactRunURL redacts a URL by the URL rules, then its query by the text
// rules too: a URL in an error message is the app's, with whatever key
// parameter the app uses (Pipedrive's api_token, ...).
func redactRunURL(raw string) (redacted, host, path string) {
	redacted, host, path = redactURL(raw)
	if i := strings.IndexByte(redacted, '?'); i >= 0 {
		redacted = redacted[:i] + redactText(redacted[i:])
	}
	return redacted, host, path
}

// runFacts gathers what one error message says before it is written into
// the Event.
type runFacts struct {
	status      int
	method      string
	url         string
	duration    time.Duration
	contentType string
	retryAfter  string
	wwwAuth     string
	body        string // the provider's response body, for errorFacts
	code        string // z.errors.Error code
	desc        string // z.errors.Error or ThrottledError message
	codes       []string
	refresh     bool
}

// runText reads a run's error message into ev, which must be a run Event.
// It understands the shapes of every era:
//
//	ResponseError: {"status":401,"headers":{"content-type":"application/json","retry-after":null},
//	  "content":"{\"error\":\"invalid_token\"}","request":{"url":"https://api.example.com/v1/me"}}
//	{"message":"Token expired","code":"AuthenticationError","status":401}   (z.errors.Error)
//	{"message":"Rate limited","delay":60}                                   (ThrottledError)
//	What happened:
//	  Starting GET request to https://api.example.com/v1/me
//	  Received 401 code from https://api.example.com/v1/me after 123ms
//	  Received content "{"error":"invalid_token"}"
//	Got 401 calling GET https://api.example.com/v1/me, triggering auth refresh.
//	Got 400 calling POST https://api.example.com/v1/items, expected 2xx.
//	RefreshAuthError, ExpiredAuthError, HaltedError, "Throttled by Zapier!",
//	"Disconnected app ... reconnect"
//
// It sets Run.Message (redacted, capped); the HTTP status, method and URL
// the text names into ev.Status/Method/URL/Host/Path and Run.HTTPStatus/
// HTTPURL; the request time "after 123ms" into ev.Duration; Retry-After or
// a ThrottledError delay into ev.Response.RetryAfter; Run.Refresh when an
// auth refresh was triggered or failed; and ev.Error with the provider's
// error body read by the same rules as HTTP records, plus the Zapier*
// codes in ErrorBody.Codes and ErrorBody.Text for phrase matching.
func runText(ev *Event, msg string) {
	if ev.Run == nil {
		ev.Run = &Run{}
	}
	msg = strings.TrimSpace(runCut(msg, maxRunTextBytes))
	if msg == "" {
		return
	}
	ev.Run.Message = runCut(redactRunText(msg), maxRunMessageBytes)

	var f runFacts
	if doc, ok := runJSON(msg); ok {
		f.readJSON(gjson.Parse(doc))
	}
	f.readText(msg)
	f.apply(ev)
	var ks knownSecrets
	for _, u := range urlsIn(msg) {
		ks.addURL(u)
	}
	ks.scrubEvent(ev)
}

// urlsIn finds the URLs in free text: http(s), and any other scheme
// with an authority (postgres://user:pw@db, amqp://, redis://), whose
// user:password part is as secret.
func urlsIn(s string) []string {
	var out []string
	forEachURL(s, func(start, end int) { out = append(out, s[start:end]) })
	return out
}

// forEachURL calls f with the offsets of each URL in s, in order.
func forEachURL(s string, f func(start, end int)) {
	for from := 0; ; {
		i := strings.Index(s[from:], "://")
		if i < 0 {
			return
		}
		i += from
		start := i
		for start > from && isSchemeChar(s[start-1]) {
			start--
		}
		if i-start < 2 || !isLetter(s[start]) {
			from = i + 3
			continue
		}
		end := strings.IndexAny(s[start:], " \t\n\"'<>,)")
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		f(start, end)
		from = end
	}
}

func isSchemeChar(c byte) bool {
	return isLetter(c) || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// runJSON finds the JSON document of an error message: the message
// itself (an object or an array), or the object after an error class name. The document runs to the
// message's last '}' and must be valid.
func runJSON(msg string) (string, bool) {
	if strings.HasPrefix(msg, "[") && gjson.Valid(msg) {
		return msg, true // a provider's array of errors (Salesforce)
	}
	starts := []int{}
	if strings.HasPrefix(msg, "{") {
		starts = append(starts, 0)
	}
	for _, loc := range runErrorJSON.FindAllStringIndex(msg, 4) {
		starts = append(starts, loc[1]-1)
	}
	end := strings.LastIndexByte(msg, '}')
	for _, i := range starts {
		if i < end && gjson.Valid(msg[i:end+1]) {
			return msg[i : end+1], true
		}
	}
	return "", false
}

// readJSON reads the JSON shapes of Zapier's errors; any other JSON object
// is taken as the provider's body.
func (f *runFacts) readJSON(r gjson.Result) {
	if !r.IsObject() {
		f.body = r.Raw
		return
	}
	status, content, request, headers := r.Get("status"), r.Get("content"), r.Get("request"), r.Get("headers")
	switch {
	case status.Exists() && (content.Exists() || request.IsObject() || headers.IsObject()):
		f.codes = append(f.codes, zapierResponseErr)
		f.status = runHTTPStatus(status)
		headers.ForEach(func(k, v gjson.Result) bool {
			if v.Type != gjson.String && v.Type != gjson.Number {
				return true
			}
			switch strings.ToLower(k.String()) {
			case "content-type":
				f.contentType = v.String()
			case "retry-after":
				f.retryAfter = v.String()
			case "www-authenticate":
				f.wwwAuth = v.String()
			}
			return true
		})
		switch {
		case content.Type == gjson.String:
			f.body = content.Str
		case content.IsObject() || content.IsArray():
			f.body = content.Raw
		}
		if u := request.Get("url"); u.Type == gjson.String {
			f.url = u.Str
		}
		if m := request.Get("method"); m.Type == gjson.String {
			f.method = m.Str
		}
	case r.Get("delay").Exists() && r.Get("message").Exists():
		f.codes = append(f.codes, ZapierThrottled)
		f.desc = r.Get("message").String()
		if d := r.Get("delay"); d.Type == gjson.Number || d.Type == gjson.String {
			f.retryAfter = d.String()
		}
	case r.Get("message").Exists() && (r.Get("code").Exists() || runHTTPStatus(status) != 0):
		f.codes = append(f.codes, zapierAppError)
		f.desc = r.Get("message").String()
		if c := r.Get("code"); c.Type == gjson.String || c.Type == gjson.Number {
			f.code = c.String()
		}
		f.status = runHTTPStatus(status)
		// Apps throw the provider's own body as z.errors.Error (Zoom's
		// {"code":124,"message":...}): it is read as the HTTP path reads it.
		f.body = r.Raw
	default:
		// The provider's body as the app passed it on (HubSpot's
		// {"status":"error","category":...}, Xero's problem details): read
		// as the HTTP path reads a response body, with the HTTP status a
		// problem-details body states.
		f.body = r.Raw
		f.status = runBodyStatus(r)
	}
}

// runBodyStatus is the HTTP status a provider's error body states in a
// status key (RFC 7807 problem details' "status", Xero's "Status",
// "statusCode", "http_status"), or 0.
func runBodyStatus(r gjson.Result) int {
	n := 0
	r.ForEach(func(k, v gjson.Result) bool {
		switch runWord(k.String()) {
		case "status", "status_code", "http_status", "http_status_code":
			n = runHTTPStatus(v)
		}
		return n == 0
	})
	return n
}

// runHTTPStatus reads an HTTP status written as a number or a string; 0
// when it is none.
func runHTTPStatus(v gjson.Result) int {
	var n int
	switch v.Type {
	case gjson.Number:
		n = int(v.Int())
	case gjson.String:
		n, _ = strconv.Atoi(strings.TrimSpace(v.Str))
	}
	return runStatusCode(n)
}

func runStatusCode(n int) int {
	if n < 100 || n > 599 {
		return 0
	}
	return n
}

// readText reads the plain-text shapes; facts already read from JSON win.
func (f *runFacts) readText(msg string) {
	if m := runStarting.FindStringSubmatch(msg); m != nil {
		u, _ := runTrimURL(m[2])
		f.setRequest(m[1], u)
	}
	if m := runReceived.FindStringSubmatch(msg); m != nil {
		f.setStatus(m[1])
		u, _ := runTrimURL(m[2])
		f.setRequest("", u)
		if m[3] != "" && f.duration == 0 {
			if ms, err := strconv.ParseFloat(m[3], 64); err == nil {
				f.duration = time.Duration(ms * float64(time.Millisecond))
			}
		}
	}
	if loc := runContent.FindStringIndex(msg); loc != nil && f.body == "" {
		body := msg[loc[1]:]
		if j := strings.LastIndexByte(body, '"'); j >= 0 {
			body = body[:j]
		}
		f.body = body
	}
	if m := runGot.FindStringSubmatch(msg); m != nil {
		f.setStatus(m[1])
		u, _ := runTrimURL(m[3])
		f.setRequest(m[2], u)
	}
	if loc := runAppReturned.FindStringIndex(msg); loc != nil && f.body == "" {
		body := msg[loc[1]:]
		if j := strings.LastIndexByte(body, '"'); j >= 0 {
			body = body[:j]
		}
		f.body = body
		if f.status == 0 && strings.HasPrefix(strings.TrimSpace(body), "{") && gjson.Valid(body) {
			f.status = runBodyStatus(gjson.Parse(body))
		}
	}
	if f.status == 0 {
		f.clientStatus(msg)
	}
	f.refresh = f.refresh || runRefresh.MatchString(msg)
	for _, m := range runClasses.FindAllStringSubmatch(msg, -1) {
		f.codes = appendUnique(f.codes, m[1])
	}
	if runThrottled.MatchString(msg) {
		f.codes = appendUnique(f.codes, ZapierThrottled)
	}
	if runDisconnected.MatchString(msg) {
		f.codes = appendUnique(f.codes, ZapierDisconnected)
	}
}

// clientStatus reads the HTTP status (and URL) from an HTTP client
// library's message (see runClientStatus), or from a status and its own
// reason phrase, or last from a bare "status 401". An error text's status
// is the failing one: "Expected status 200 but the app returned 401
// Unauthorized" is 401, so a status with its reason phrase comes before
// a bare one, and a bare one under 400 counts only when no bare one is
// 400 or over.
func (f *runFacts) clientStatus(msg string) {
	specific, generic := runClientStatus[:len(runClientStatus)-1], runClientStatus[len(runClientStatus)-1]
	for _, re := range specific {
		if m := re.FindStringSubmatch(msg); m != nil {
			f.setStatus(m[1])
			if m[2] != "" {
				u, _ := runTrimURL(m[2])
				f.setRequest("", u)
			}
			if f.status != 0 {
				return
			}
		}
	}
	for _, m := range runStatusReason.FindAllStringSubmatch(msg, 4) {
		n, _ := strconv.Atoi(m[1])
		if runReasonOK(n, m[2]) {
			f.status = runStatusCode(n)
			return
		}
	}
	low := ""
	for _, m := range generic.FindAllStringSubmatch(msg, runBareStatuses) {
		if n, _ := strconv.Atoi(m[1]); n >= 400 {
			f.setStatus(m[1])
			return
		}
		if low == "" {
			low = m[1]
		}
	}
	if low != "" {
		f.setStatus(low)
	}
}

// runBareStatuses is how many bare "status NNN" clientStatus looks at in
// one message for a failing one: an error text names a few statuses at
// most.
const runBareStatuses = 8

// runReasons are the reason phrases of the statuses a failed run names
// (net/http's, without importing it into the parser).
var runReasons = map[int]string{
	400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found",
	405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict", 410: "Gone", 413: "Payload Too Large",
	415: "Unsupported Media Type", 422: "Unprocessable Entity", 423: "Locked", 429: "Too Many Requests",
	500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
	504: "Gateway Timeout",
}

// runReasonOK reports whether text starts with the reason phrase of HTTP
// status n, in any case: "Unauthorized" for 401.
func runReasonOK(n int, text string) bool {
	r := runReasons[n]
	return r != "" && len(text) >= len(r) && strings.EqualFold(text[:len(r)], r) &&
		(len(text) == len(r) || !isLetter(text[len(r)]))
}

func (f *runFacts) setStatus(s string) {
	if f.status == 0 {
		n, _ := strconv.Atoi(s)
		f.status = runStatusCode(n)
	}
}

func (f *runFacts) setRequest(method, url string) {
	if f.method == "" {
		f.method = method
	}
	if f.url == "" {
		f.url = url
	}
}

// runIsMethod reports whether m can be an HTTP method: a short word of
// letters, so that nothing else written there reaches the Event.
func runIsMethod(m string) bool {
	if m == "" || len(m) > 16 {
		return false
	}
	for i := 0; i < len(m); i++ {
		if c := m[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// apply writes the facts into the Event, redacted.
func (f *runFacts) apply(ev *Event) {
	defer func() {
		ev.Hook = ev.Hook || isHook(ev)
		ev.TokenEndpoint = ev.TokenEndpoint || (ev.Path != "" && IsTokenPath(ev.Path))
	}()
	if f.status != 0 {
		ev.Status = f.status
		ev.Run.HTTPStatus = f.status
	}
	if runIsMethod(f.method) {
		ev.Method = strings.ToUpper(f.method)
	}
	if f.url != "" {
		ev.URL, ev.Host, ev.Path = redactRunURL(runCut(f.url, maxRunMessageBytes))
		ev.Run.HTTPURL = ev.URL
	}
	if f.duration > 0 {
		ev.Duration = f.duration
	}
	if f.retryAfter != "" {
		ev.Response.RetryAfter = runCut(f.retryAfter, 64)
	}
	if f.contentType != "" {
		ev.Response.ContentType = runName(f.contentType)
	}
	if f.wwwAuth != "" {
		ev.Response.WWWAuthenticate = runCut(redactText(f.wwwAuth), maxRunMessageBytes)
	}
	ev.Run.Refresh = ev.Run.Refresh || f.refresh

	var eb *ErrorBody
	if f.body != "" || f.wwwAuth != "" {
		eb = errorFacts(f.status, f.contentType, []byte(f.body), f.wwwAuth)
	}
	if eb == nil && (f.code != "" || f.desc != "" || len(f.codes) > 0) {
		eb = &ErrorBody{}
	}
	if eb == nil {
		return
	}
	if code := runCut(redactText(f.code), maxRunNameBytes); code != "" {
		if eb.Code == "" {
			eb.Code = code
		} else {
			eb.Codes = appendUnique(eb.Codes, code)
		}
	}
	if eb.Description == "" && f.desc != "" {
		eb.Description = runCut(redactRunText(f.desc), maxRunMessageBytes)
	}
	for _, c := range f.codes {
		eb.Codes = appendUnique(eb.Codes, c)
	}
	if eb.Text == "" {
		eb.Text = ev.Run.Message
	}
	ev.Error = eb
}
