package main

import (
	"encoding/base64"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// start is the time of the first generated record.
var start = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// Traffic shape. Each constant is a probability per record or per
// connection; together they put roughly 6-10% of records in failure.
const (
	// meanGap is the mean simulated time between two records of the whole
	// stream; with 300 live connections each sees a request every ~45 s, so
	// a one-hour token expires after ~80 of its connection's requests.
	meanGap = 150 * time.Millisecond
	// followUpChance is how often the next record is a pending follow-up
	// (retry, refresh) of a connection rather than a fresh request, which
	// keeps follow-ups within a second or two of their cause while still
	// interleaving other connections.
	followUpChance = 0.8

	minRequests = 100  // a connection makes at least this many requests,
	maxRequests = 1500 // at most this many, then goes idle forever

	p429      = 0.012 // 429 with Retry-After, then a successful retry
	p5xx      = 0.008 // 502/503, then a successful retry
	pNetErr   = 0.003 // status 0
	p404      = 0.008
	pWebhook  = 0.010 // a webhook delivery answered 400
	pWalk     = 0.040 // start a paginated list walk
	pScopeHit = 0.150 // for scope-gap connections: share of calls to the forbidden endpoint

	// brokenRequests bounds how long a connection keeps failing once nothing
	// can heal it (between this and twice this many requests) before it is
	// abandoned, so broken connections do not dominate the stream.
	brokenRequests = 10
)

// fate is what eventually happens to a connection's credentials.
type fate uint8

const (
	fateHealthy         fate = iota // refreshes on 401 and recovers (ttl-elapsed)
	fateNoRefresh                   // never refreshes: 401s after expiry until it goes idle
	fateRevokedEarly                // rejected well before expiry, refresh says invalid_grant
	fateRevokedAtExpiry             // the refresh at expiry is refused
	fateBadClient                   // the refresh at expiry is refused for the client
	fateRotationReuse               // the second refresh sends the replaced refresh token
	fateCollision                   // two refreshes with the same token 1 s apart
	fateScopeGap                    // 403 insufficient scope on one endpoint, others fine
)

// fateWeights are the shares of each fate among new connections, in fate order.
var fateWeights = [...]float64{0.66, 0.05, 0.05, 0.04, 0.03, 0.06, 0.05, 0.06}

type walk struct {
	page    int // pages fetched so far
	pages   int // pages in the full list
	stopAt  int // last page fetched when the client gives up early (cursor-not-followed); 0: never
	skipAt  int // page after which one page is skipped (page-skipped); 0: never
	failAt  int // page answered 500 that ends the walk (interrupted); 0: never
	cursor  string
	skipped bool
}

type conn struct {
	p         *provider
	fate      fate
	left      int // requests left before the connection goes idle forever
	access    string
	refresh   string
	replaced  string // the refresh token the last rotation replaced
	issued    time.Time
	expired   bool // the access token was rejected for expiry and not yet replaced
	refreshes int
	walk      *walk
	pending   []func(*generator) *exchange
	dead      bool
	clientID  string
	secret    string
	tenant    string
}

type generator struct {
	rng     *rand.Rand
	now     time.Time
	live    []*conn
	urgent  []*conn // connections with pending follow-ups, oldest first
	x       exchange
	created int
}

func newGenerator(seed uint64, live int) *generator {
	g := &generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), now: start}
	g.live = make([]*conn, live)
	for i := range g.live {
		g.live[i] = g.newConn()
	}
	return g
}

func (g *generator) newConn() *conn {
	g.created++
	c := &conn{
		p:        providers[g.rng.IntN(len(providers))],
		left:     minRequests + g.rng.IntN(maxRequests-minRequests),
		clientID: g.token(24),
		secret:   g.token(40),
		tenant:   strconv.Itoa(1000000 + g.created),
		refresh:  g.token(64),
	}
	r := g.rng.Float64()
	for i, w := range fateWeights {
		if r < w || i == len(fateWeights)-1 {
			c.fate = fate(i)
			break
		}
		r -= w
	}
	if (c.fate == fateRotationReuse || c.fate == fateCollision) && !c.p.rotates {
		c.fate = fateHealthy // only rotation makes a replaced or raced token fail
	}
	if g.rng.IntN(2) == 0 {
		// The connection was set up before the trace began: its current
		// access token was issued some time ago, by a response not in the
		// trace. This keeps expiries spread from the first record on.
		c.issued = g.now.Add(-time.Duration(g.rng.Int64N(int64(c.p.lifetime))) * time.Second)
		c.access = g.accessToken(c)
	}
	return c
}

// next returns the next record of the stream.
func (g *generator) next() *exchange {
	for len(g.urgent) > 0 && len(g.urgent[0].pending) == 0 {
		g.urgent = g.urgent[1:] // served when it was picked at random
	}
	if len(g.urgent) > 0 && g.rng.Float64() < followUpChance {
		c := g.urgent[0]
		g.urgent = g.urgent[1:]
		return g.followUp(c)
	}
	g.advance(time.Duration(g.rng.ExpFloat64() * float64(meanGap)))
	i := g.rng.IntN(len(g.live))
	c := g.live[i]
	if c.dead || c.left <= 0 && c.walk == nil { // a walk in progress is finished first
		c = g.newConn() // the old one stays idle forever
		g.live[i] = c
	}
	if len(c.pending) > 0 {
		return g.followUp(c)
	}
	c.left--
	return g.request(c)
}

// followUp serves c's oldest pending step.
func (g *generator) followUp(c *conn) *exchange {
	g.advance(50*time.Millisecond + time.Duration(g.rng.IntN(900))*time.Millisecond)
	step := c.pending[0]
	c.pending = c.pending[1:]
	x := step(g)
	if len(c.pending) > 0 {
		g.urgent = append(g.urgent, c)
	}
	return x
}

func (g *generator) advance(d time.Duration) { g.now = g.now.Add(d) }

// later queues follow-ups for c.
func (g *generator) later(c *conn, steps ...func(*generator) *exchange) {
	if len(c.pending) == 0 {
		g.urgent = append(g.urgent, c)
	}
	c.pending = append(c.pending, steps...)
}

// request picks what c does now.
func (g *generator) request(c *conn) *exchange {
	p := c.p
	if c.access == "" {
		return g.tokenCall(c, c.refresh, issued)
	}
	lifetime := time.Duration(p.lifetime) * time.Second
	if g.now.Sub(c.issued) > lifetime {
		return g.expiry(c)
	}
	if c.fate == fateRevokedEarly && g.now.Sub(c.issued) > lifetime/5 && g.rng.Float64() < 0.05 {
		c.dead = true
		x := g.api(c, "GET", p.api+g.path(p.paths[0]), nil, 401,
			`{"error":"invalid_token","error_description":"The access token is invalid."}`,
			`Bearer error="invalid_token", error_description="The access token is invalid."`)
		if p.name == "slack" {
			x.status, x.respBody = 200, `{"ok":false,"error":"token_revoked"}`
		}
		g.later(c, func(g *generator) *exchange { return g.tokenCall(c, c.refresh, refusedGrant) })
		return x
	}
	if c.walk != nil {
		return g.walkPage(c)
	}
	r := g.rng.Float64()
	switch {
	case r < p429:
		retry := g.rng.IntN(30) + 1
		x := g.api(c, "GET", p.api+g.path(p.paths[1]), nil, 429, `{"error":"rate_limited","message":"Too many requests, retry later."}`, "")
		x.respHdr = append(x.respHdr, [2]string{"Retry-After", strconv.Itoa(retry)})
		url := x.url
		g.later(c, func(g *generator) *exchange {
			g.advance(time.Duration(retry) * time.Second)
			return g.api(c, "GET", url, nil, 200, g.okBody(), "")
		})
		return x
	case r < p429+p5xx:
		status := 502 + g.rng.IntN(2)
		x := g.api(c, "GET", p.api+g.path(p.paths[0]), nil, status, "<html><body><h1>"+strconv.Itoa(status)+" "+statusText(status)+"</h1></body></html>", "")
		x.respMime = "text/html"
		x.respHdr[0][1] = "text/html"
		x.duration = 10000 + g.rng.Float64()*20000
		url := x.url
		g.later(c, func(g *generator) *exchange { return g.api(c, "GET", url, nil, 200, g.okBody(), "") })
		return x
	case r < p429+p5xx+pNetErr:
		x := g.api(c, "GET", p.api+g.path(p.paths[1]), nil, 0, "", "")
		x.netErr = [...]string{"net::ERR_CONNECTION_RESET", "net::ERR_TIMED_OUT", "net::ERR_NAME_NOT_RESOLVED"}[g.rng.IntN(3)]
		x.duration = 30000
		return x
	case r < p429+p5xx+pNetErr+p404:
		return g.api(c, "GET", p.api+g.path(p.paths[0]), nil, 404, `{"error":"not_found","message":"The requested resource does not exist."}`, "")
	case r < p429+p5xx+pNetErr+p404+pWebhook:
		return g.webhook(c)
	case r < p429+p5xx+pNetErr+p404+pWebhook+pWalk:
		w := &walk{pages: 3 + g.rng.IntN(5)}
		switch k := g.rng.IntN(10); {
		case k < 2:
			w.stopAt = 1 + g.rng.IntN(w.pages-1)
		case k < 3 && p.paging != pagingCursor: // a cursor walk cannot skip a page
			w.skipAt = 1 + g.rng.IntN(w.pages-2)
		case k < 4:
			w.failAt = 2 + g.rng.IntN(w.pages-1)
		}
		c.walk = w
		return g.walkStep(c)
	}
	if c.fate == fateScopeGap && g.rng.Float64() < pScopeHit {
		x := g.api(c, "GET", p.api+p.scopePath, nil, 403, p.scopeBody, `Bearer error="insufficient_scope"`)
		if p.name == "slack" {
			x.status = 200 // Slack answers every API error with 200 and ok:false
		}
		return x
	}
	path := p.paths[g.rng.IntN(len(p.paths))]
	return g.api(c, "GET", p.api+g.path(path), nil, 200, g.okBody(), "")
}

// expiry is the first request after the access token's lifetime.
func (g *generator) expiry(c *conn) *exchange {
	p := c.p
	x := g.api(c, "GET", p.api+g.path(p.paths[0]), nil, p.expiredStatus, p.expiredBody, p.expiredAuth)
	url := x.url
	retry := func(g *generator) *exchange { return g.api(c, "GET", url, nil, 200, g.okBody(), "") }
	switch {
	case c.fate == fateNoRefresh || p.expiredStatus != 401:
		// Nothing refreshes: the client does not, or the status is not the
		// 401 it refreshes on. The connection fails until someone notices
		// and reconnects, or it goes idle.
		if p.expiredStatus != 401 && c.fate != fateNoRefresh && g.rng.Float64() < 0.3 {
			g.later(c, func(g *generator) *exchange { return g.tokenCall(c, c.refresh, issued) }, retry)
		} else {
			c.left = min(c.left, brokenRequests+g.rng.IntN(brokenRequests))
		}
	case c.fate == fateRevokedAtExpiry:
		c.dead = true
		g.later(c, func(g *generator) *exchange { return g.tokenCall(c, c.refresh, refusedGrant) })
	case c.fate == fateBadClient:
		c.dead = true
		g.later(c, func(g *generator) *exchange { return g.tokenCall(c, c.refresh, refusedClient) })
	case c.fate == fateRotationReuse && c.refreshes >= 2:
		c.dead = true
		g.later(c, func(g *generator) *exchange { return g.tokenCall(c, c.replaced, refusedGrant) })
	case c.fate == fateCollision && c.refreshes >= 1:
		c.fate = fateHealthy
		rt := c.refresh
		g.later(c,
			func(g *generator) *exchange { return g.tokenCall(c, rt, issued) },
			func(g *generator) *exchange { g.advance(time.Second); return g.tokenCall(c, rt, refusedGrant) },
			retry)
	default:
		g.later(c, func(g *generator) *exchange { return g.tokenCall(c, c.refresh, issued) }, retry)
	}
	return x
}

// walkStep fetches the next page of c's walk and queues the one after, so a
// walk's pages follow each other within a second or two.
func (g *generator) walkStep(c *conn) *exchange {
	x := g.walkPage(c)
	if c.walk != nil {
		g.later(c, func(g *generator) *exchange { return g.walkStep(c) })
	}
	return x
}

// walkPage fetches the next page of c's current list walk.
func (g *generator) walkPage(c *conn) *exchange {
	p, w := c.p, c.walk
	w.page++
	page := w.page
	if w.skipAt > 0 && page == w.skipAt+1 && !w.skipped {
		w.skipped = true
		w.page++
		page = w.page
	}
	url := p.api + p.list
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	switch {
	case p.paging == pagingPage:
		url += sep + p.cursorName + "=" + strconv.Itoa(page)
	case p.paging == pagingOffset:
		url += sep + p.cursorName + "=" + strconv.Itoa((page-1)*walkPageSize)
	case page > 1:
		url += sep + p.cursorName + "=" + w.cursor
	}
	last := page >= w.pages || (w.stopAt > 0 && page == w.stopAt)
	if w.failAt > 0 && page == w.failAt {
		c.walk = nil
		return g.api(c, "GET", url, nil, 500, `{"error":"internal_error","message":"An unexpected error occurred."}`, "")
	}
	if last {
		c.walk = nil
	}
	more := page < w.pages
	w.cursor = g.token(24)
	var b strings.Builder
	b.WriteString(`{"results":[`)
	for i := range walkPageSize {
		if i > 0 {
			b.WriteByte(',')
		}
		id := strconv.Itoa((page-1)*walkPageSize + i + 1)
		b.WriteString(`{"id":"`)
		b.WriteString(id)
		b.WriteString(`","name":"Record `)
		b.WriteString(id)
		b.WriteString(`"}`)
	}
	b.WriteString(`],"total":`)
	b.WriteString(strconv.Itoa(w.pages * walkPageSize))
	b.WriteString(`,"has_more":`)
	b.WriteString(strconv.FormatBool(more))
	if more && p.paging == pagingCursor {
		b.WriteString(`,"next_cursor":"`)
		b.WriteString(w.cursor)
		b.WriteString(`","paging":{"next":{"after":"`)
		b.WriteString(w.cursor)
		b.WriteString(`"}}`)
	}
	b.WriteByte('}')
	return g.api(c, "GET", url, nil, 200, b.String(), "")
}

// webhook is a delivery to a catch hook or a customer endpoint answered 400.
func (g *generator) webhook(c *conn) *exchange {
	x := &g.x
	*x = exchange{time: g.now, duration: 20 + g.rng.Float64()*60, method: "POST"}
	if g.rng.IntN(2) == 0 {
		x.url = "https://hooks.zapier.com/hooks/catch/" + strconv.Itoa(1000000+g.rng.IntN(9000000)) + "/" + strings.ToLower(g.token(7)) + "/"
	} else {
		x.url = "https://api.customer-" + c.tenant + ".example/webhook"
	}
	body := `{"event":"invoice.paid","invoice":{"id":"in_` + g.token(14) + `","amount_paid":4200,"currency":"eur","customer":"cus_` + g.token(14) + `"}}`
	ct := "application/json"
	resp := `{"error":"missing required field: email"}`
	switch g.rng.IntN(3) {
	case 0:
		body = body[:len(body)-2] + ",}" // trailing comma
		resp = `{"error":"Invalid JSON: Unexpected token } in JSON"}`
	case 1:
		ct = "application/x-www-form-urlencoded"
		body = "event=invoice.paid&amount_paid=4200"
		resp = `{"error":"Unsupported Content-Type; expected application/json"}`
	}
	x.reqHdr = [][2]string{{"User-Agent", "acme-events/2.3"}, {"Content-Type", ct}}
	x.reqBody, x.reqMime = body, ct
	x.status = 400
	x.respHdr = [][2]string{{"Content-Type", "application/json"}}
	x.respBody, x.respMime = resp, "application/json"
	return x
}

// outcome is how a token endpoint answers a refresh.
type outcome uint8

const (
	issued        outcome = iota // new access token (and refresh token where the provider rotates)
	refusedGrant                 // the refresh token is refused (revoked, replaced, reused)
	refusedClient                // the client is refused
)

// tokenCall is a refresh request sending rt, answered as out says.
func (g *generator) tokenCall(c *conn, rt string, out outcome) *exchange {
	p := c.p
	x := &g.x
	*x = exchange{time: g.now, duration: 120 + g.rng.Float64()*300, method: "POST", url: p.tokenURL, status: 200}
	if p.form {
		x.reqMime = "application/x-www-form-urlencoded"
		x.reqBody = "grant_type=refresh_token&refresh_token=" + rt + "&client_id=" + c.clientID + "&client_secret=" + c.secret
	} else {
		x.reqMime = "application/json"
		x.reqBody = `{"grant_type":"refresh_token","refresh_token":"` + rt + `","client_id":"` + c.clientID + `","client_secret":"` + c.secret + `"}`
	}
	x.reqHdr = [][2]string{{"User-Agent", "acme-sync/3.4.1"}, {"Accept", "application/json"}, {"Content-Type", x.reqMime}}
	x.respHdr = [][2]string{{"Content-Type", "application/json; charset=utf-8"}, {"Cache-Control", "no-store"}, {"Pragma", "no-cache"}}
	x.respMime = "application/json"
	switch out {
	case refusedGrant:
		x.status, x.respBody = p.revokedStatus, p.revokedBody
		return x
	case refusedClient:
		x.status, x.respBody = p.clientStatus, p.clientBody
		return x
	}
	c.refreshes++
	c.issued = g.now
	c.access = g.accessToken(c)
	var b strings.Builder
	b.WriteString(`{"access_token":"`)
	b.WriteString(c.access)
	b.WriteString(`","token_type":"Bearer","expires_in":`)
	b.WriteString(p.expiresIn(p.lifetime))
	if p.rotates {
		c.replaced, c.refresh = c.refresh, g.token(64)
		b.WriteString(`,"refresh_token":"`)
		b.WriteString(c.refresh)
		b.WriteByte('"')
	}
	b.WriteString(`,"scope":"read write offline_access"}`)
	x.respBody = b.String()
	return x
}

// api is an authenticated call to c's API.
func (g *generator) api(c *conn, method, url string, body []byte, status int, resp, wwwAuth string) *exchange {
	x := &g.x
	*x = exchange{time: g.now, duration: 40 + g.rng.ExpFloat64()*180, method: method, url: url, status: status}
	if i := strings.IndexByte(url, '?'); i >= 0 {
		for _, kv := range strings.Split(url[i+1:], "&") {
			k, v, _ := strings.Cut(kv, "=")
			x.query = append(x.query, [2]string{k, v})
		}
	}
	x.reqHdr = [][2]string{
		{"User-Agent", "acme-sync/3.4.1 (+https://acme-ops.example)"},
		{"Accept", "application/json"},
		{"Authorization", "Bearer " + c.access},
		{"X-Request-Id", g.token(32)},
	}
	if len(body) > 0 {
		x.reqBody, x.reqMime = string(body), "application/json"
	}
	x.respHdr = [][2]string{
		{"Content-Type", "application/json; charset=utf-8"},
		{"Date", g.now.Format(httpDate)},
		{"Cache-Control", "no-cache, private"},
	}
	if wwwAuth != "" {
		x.respHdr = append(x.respHdr, [2]string{"WWW-Authenticate", wwwAuth})
	}
	x.respBody, x.respMime = resp, "application/json"
	return x
}

// okBody is a successful API response of a realistic size.
func (g *generator) okBody() string {
	var b strings.Builder
	b.WriteString(`{"data":[`)
	n := 1 + g.rng.IntN(3)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":"`)
		b.WriteString(g.token(12))
		b.WriteString(`","type":"record","attributes":{"name":"Northwind order `)
		b.WriteString(strconv.Itoa(g.rng.IntN(100000)))
		b.WriteString(`","status":"open","amount":`)
		b.WriteString(strconv.Itoa(g.rng.IntN(50000)))
		b.WriteString(`,"updated_at":"2026-03-01T17:22:05Z"}}`)
	}
	b.WriteString(`]}`)
	return b.String()
}

// path fills an endpoint template's {id}.
func (g *generator) path(tmpl string) string {
	if i := strings.Index(tmpl, "{id}"); i >= 0 {
		return tmpl[:i] + strconv.Itoa(10000+g.rng.IntN(90000)) + tmpl[i+4:]
	}
	return tmpl
}

// accessToken mints an access token: a JWT (real header and claims, fake
// signature) for providers that issue them, an opaque string otherwise.
func (g *generator) accessToken(c *conn) string {
	p := c.p
	if p.jwtIssuer == "" {
		return g.token(p.tokenLen)
	}
	iat := c.issued.Unix()
	claims := `{"aud":"` + p.audience + `","iss":"` + p.jwtIssuer + `","iat":` + strconv.FormatInt(iat, 10) +
		`,"nbf":` + strconv.FormatInt(iat, 10) + `,"exp":` + strconv.FormatInt(iat+int64(p.lifetime), 10) +
		`,"sub":"` + c.tenant + `","client_id":"` + c.clientID + `","scope":"read write offline_access","jti":"` + g.token(22) + `"}`
	return jwtHeader + "." + base64.RawURLEncoding.EncodeToString([]byte(claims)) + "." + g.token(jwtSignatureLen)
}

// jwtSignatureLen is the length of the fake signature, between HS256 (43)
// and RS256 (342) ones, to keep records near 1.5 KB.
const jwtSignatureLen = 128

// httpDate is the layout of HTTP Date headers.
const httpDate = "Mon, 02 Jan 2006 15:04:05 GMT"

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT","kid":"1CAF8E66772D6DC028D6726FD0261581570EFC19"}`))

const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// token is a random URL-safe string of n characters.
func (g *generator) token(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = tokenAlphabet[g.rng.Uint64()&63]
	}
	return string(b)
}
