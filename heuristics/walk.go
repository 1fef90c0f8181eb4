package heuristics

import (
	"time"

	"github.com/authtriage/authtriage/parser"
)

// pageRec is one request of a list walk, kept compactly.
type pageRec struct {
	src     parser.Source
	t       time.Time
	method  string
	url     string
	host    string
	path    string
	step    string
	status  int
	cursor  string
	next    string
	offset  int64
	pageNum int64
	limit   int64
	count   int64
	total   int64
	hasMore bool
	last    bool // the response said the list ends here
	link    bool
	// nextList: the list its Link rel="next" points at, when that is
	// another path (GitHub's /repositories/ID/…).
	nextList string
	seq      uint64 // the engine's sequence number of its record
}

// more reports whether the page offered a continuation: a next cursor,
// has_more, Link rel="next", or a total beyond this page (by its offset
// and limit, else by the records counted so far).
func (p *pageRec) more(seen int64) bool {
	if p.next != "" || p.hasMore || p.link {
		return true
	}
	if p.total < 0 || p.last {
		return false // a total the list's own end contradicts counts what cannot be fetched
	}
	if p.offset >= 0 && p.limit > 0 {
		return p.offset+p.limit < p.total
	}
	if p.pageNum >= 1 && p.limit > 0 {
		return p.pageNum*p.limit < p.total
	}
	return seen >= 0 && seen < p.total
}

// walk is one walk of a list endpoint on a connection.
type walk struct {
	key     string
	seen    int64 // records fetched so far; -1 when some page did not say
	last    pageRec
	lastOK  pageRec
	failIdx findingIndex // its primary finding
	pages   int32
	hasOK   bool
	skipped bool // a page-skipped finding was made on this walk
	failed  bool // the last request failed
	// tail: the walk ends with the connection, and its last successful
	// page is the connection's last record: nothing follows it in the
	// trace (set by closeWalk for the Close rules).
	tail bool
}

// walkRule is a pagination rule. OnPage sees each page request before the
// walk moves past it; Close sees the walk when it ends (restarted, evicted
// or at the end of the connection). Either may be nil.
type walkRule struct {
	Name   string
	Doc    string
	OnPage func(w *walk, p *pageRec, failed bool) (verdict, bool)
	Close  func(w *walk, restarted bool) (verdict, *pageRec, bool)
}

// walkRules lists the pagination rules.
var walkRules = []walkRule{ruleInterrupted, ruleCursorNotFollowed, rulePageSkipped}

func newPageRec(ev *parser.Event) pageRec {
	p := ev.Page
	return pageRec{
		src: ev.Source, t: ev.Time, method: keep(ev.Method), url: keep(ev.URL), host: keep(ev.Host), path: keep(ev.Path), step: keep(ev.Step),
		status: ev.Status, cursor: keep(p.Cursor), next: keep(p.NextCursor), offset: p.Offset, pageNum: p.PageNum,
		limit: p.Limit, count: p.Count, total: p.Total, hasMore: p.HasMore, last: p.Last, link: p.LinkNext,
		nextList: keep(p.NextList),
	}
}

// restarts reports whether p starts a list from its beginning.
func restarts(p *pageRec) bool {
	return p.cursor == "" && p.offset <= 0 && p.pageNum <= 1
}

// paginate moves the walk of the current event's list forward.
func (e *Engine) paginate(x *ctx, idx findingIndex) {
	c, ev := x.c, x.ev
	key := ev.Page.ListKey
	var w *walk
	for i := range c.walks {
		if c.walks[i].key == key {
			w = &c.walks[i]
			break
		}
	}
	if w == nil {
		w = c.followed(ev.Page)
	}
	if w == nil {
		if len(c.walks) == maxWalksPerConn {
			e.closeWalk(c, &c.walks[0], nil)
			copy(c.walks, c.walks[1:])
			c.walks = c.walks[:len(c.walks)-1]
		}
		c.walks = append(c.walks, walk{key: keep(key), failIdx: -1})
		w = &c.walks[len(c.walks)-1]
	}
	p := newPageRec(ev)
	p.seq = e.seq
	if w.pages > 0 && restarts(&p) && !(w.failed && restarts(&w.last)) {
		e.closeWalk(c, w, &p)
		*w = walk{key: key, failIdx: -1}
	}
	if w.pages > 0 && idx < 0 {
		for _, r := range walkRules {
			if r.OnPage == nil {
				continue
			}
			if v, ok := r.OnPage(w, &p, x.failed); ok {
				w.skipped = true
				e.addPageFinding(c, &p, r.Name, v)
				break
			}
		}
	}
	w.pages++
	w.last = p
	if x.failed {
		w.failed, w.failIdx = true, idx
		return
	}
	w.failed, w.failIdx = false, -1
	w.lastOK, w.hasOK = p, true
	if p.count >= 0 && w.seen >= 0 {
		w.seen += p.count
	} else {
		w.seen = -1
	}
}

// followed returns the walk of another list whose last page offered the
// page p requests: the cursor it sends is the one offered
// (Dropbox's list_folder, then list_folder/continue with that cursor in
// its body), or it goes on from the page its Link rel="next" named on
// another path. The walk goes on under p's list; nil when none.
func (c *conn) followed(p *parser.Page) *walk {
	for i := range c.walks {
		w := &c.walks[i]
		if !w.hasOK || w.failed {
			continue
		}
		o := &w.lastOK
		if (p.Cursor != "" && o.next == p.Cursor) ||
			(o.nextList != "" && o.nextList == p.ListKey && (p.Cursor != "" || p.Offset > 0 || p.PageNum > 1)) {
			w.key = keep(p.ListKey)
			return w
		}
	}
	return nil
}

// closeWalk runs the Close rules on a walk that ends; restart is the
// request that started the list over, nil at the end of the connection.
func (e *Engine) closeWalk(c *conn, w *walk, restart *pageRec) {
	if w.pages == 0 {
		return
	}
	w.tail = restart == nil && w.hasOK && w.lastOK.seq == c.lastSeq
	for _, r := range walkRules {
		if r.Close == nil {
			continue
		}
		if v, p, ok := r.Close(w, restart != nil); ok {
			if r.Name == ruleInterrupted.Name && w.failIdx >= 0 {
				e.addSecondFinding(w.failIdx, r.Name, v)
			} else {
				e.addPageFinding(c, p, r.Name, v)
			}
			return
		}
	}
}

// addPageFinding records a pagination finding on the page p.
func (e *Engine) addPageFinding(c *conn, p *pageRec, name string, v verdict) {
	url := e.strs.get(p.url)
	f := Finding{
		Source: p.src, Time: p.t, Connection: c.key, Step: e.strs.get(p.step), Method: e.strs.get(p.method), URL: url,
		Host: e.strs.within(url, p.host), Path: e.strs.within(url, p.path), Status: p.status, Label: v.label, Cause: v.cause,
		Confidence: round2(v.conf), Evidence: packEvidence(v.evidence), Remediation: remediation(v.cause),
	}
	idx := e.add(f, e.seq<<1, nil)
	c.found = true
	if c.explain {
		e.explainedBy(idx, because{rule: name, cause: v.cause})
	}
}

// addSecondFinding adds a pagination finding to a record that already has
// its primary finding (a failed page that ended a walk).
func (e *Engine) addSecondFinding(primary findingIndex, name string, v verdict) {
	p := e.heldAt(primary)
	if p == nil {
		e.lost++
		return
	}
	f := p.Finding
	f.Label, f.Cause = v.label, v.cause
	f.Confidence = round2(v.conf)
	f.Evidence = packEvidence(v.evidence)
	f.Remediation = fixFor(&f)
	f.Recovered = false
	idx := e.add(f, p.seq|1, nil) // right after its primary
	if _, ok := e.because[primary]; ok {
		e.explainedBy(idx, because{rule: name, cause: v.cause})
	}
}

// pageName names a page by what it sent: "cursor c2", "offset 200", "page 3".
func pageName(p *pageRec) string {
	switch {
	case p.cursor != "":
		return "cursor " + fp(p.cursor)
	case p.offset >= 0:
		return "offset " + i64(p.offset)
	case p.pageNum >= 0:
		return "page " + i64(p.pageNum)
	}
	return "the first page"
}
