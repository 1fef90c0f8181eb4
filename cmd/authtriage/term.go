package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/authtriage/authtriage/reports"
)

// colorFor decides colour: only on a terminal that is not TERM=dumb, never
// with NO_COLOR set (https://no-color.org) or --no-color.
func (c *config) colorFor(w io.Writer) bool {
	return c.wantColor(isTerminal(w), os.Getenv("NO_COLOR"), os.Getenv("TERM"))
}

// wantColor is colorFor's decision, given whether the output is a terminal
// and the values of NO_COLOR and TERM.
func (c *config) wantColor(tty bool, noColorEnv, term string) bool {
	if c.opts.noColor || noColorEnv != "" || c.opts.output != "" || term == "dumb" {
		return false
	}
	return c.format == "table" && tty
}

// termWidth is the terminal's width in columns, or $COLUMNS, or 0 (the
// renderer's default) when the output is not a terminal.
func termWidth(w io.Writer) int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	f, ok := w.(*os.File)
	if !ok || !isTerminal(w) {
		return 0
	}
	ws, err := unix.IoctlGetWinsize(int(f.Fd()), unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 {
		return 0
	}
	return int(ws.Col)
}

// progressDelay is how long an input may take before a progress line
// appears: short runs stay silent.
const progressDelay = 2 * time.Second

// progress prints a progress line on stderr for long inputs, only when
// stderr is a terminal. Several inputs may be read at once (see merge.go):
// the line then sums them and names the first.
type progress struct {
	w     io.Writer
	on    bool
	mu    sync.Mutex
	open  []*progressInput // the inputs being read, in the order opened
	done  chan struct{}
	once  sync.Once
	shown bool
}

// progressInput is one input being read; read is added to by the
// goroutine reading it.
type progressInput struct {
	name    string
	size    int64 // 0 when unknown (stdin, a pipe)
	read    atomic.Int64
	started time.Time
}

func newProgress(stderr io.Writer, quiet bool) *progress {
	if m, ok := stderr.(messageWriter); ok {
		stderr = m.w // the line's own \r and ESC[K must reach the terminal
	}
	p := &progress{w: stderr, on: !quiet && isTerminal(stderr), done: make(chan struct{})}
	if p.on {
		go p.loop()
	}
	return p
}

// start counts an input being read from r, of size bytes (0 when
// unknown), and returns r to read it through and a function to call when
// it is done.
func (p *progress) start(name string, size int64, r io.Reader) (io.Reader, func()) {
	if !p.on {
		return r, func() {}
	}
	in := &progressInput{name: name, size: size, started: time.Now()}
	p.mu.Lock()
	p.open = append(p.open, in)
	p.mu.Unlock()
	return &countReader{r: r, n: &in.read}, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		for i, o := range p.open {
			if o == in {
				p.open = append(p.open[:i], p.open[i+1:]...)
				break
			}
		}
	}
}

func (p *progress) loop() {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-t.C:
			p.mu.Lock()
			if line, ok := p.line(); ok {
				fmt.Fprint(p.w, "\r"+line+"\x1b[K")
				p.shown = true
			}
			p.mu.Unlock()
		}
	}
}

// line is the progress line, once the oldest input being read has taken
// longer than progressDelay. The caller holds p.mu.
func (p *progress) line() (string, bool) {
	if len(p.open) == 0 || time.Since(p.open[0].started) <= progressDelay {
		return "", false
	}
	var n, size int64
	for _, in := range p.open {
		n += in.read.Load()
		if size >= 0 && in.size > 0 {
			size += in.size
		} else {
			size = -1 // one size unknown: no percentage
		}
	}
	name := p.open[0].name
	if len(p.open) > 1 {
		name = fmt.Sprintf("%s and %d more", name, len(p.open)-1)
	}
	if size > 0 {
		return fmt.Sprintf("%s: %3d%% (%d of %d MB)", name, n*100/size, n>>20, size>>20), true
	}
	return fmt.Sprintf("%s: %d MB", name, n>>20), true
}

func (p *progress) stop() {
	p.once.Do(func() {
		close(p.done)
		p.mu.Lock()
		if p.shown {
			fmt.Fprint(p.w, "\r\x1b[K")
		}
		p.mu.Unlock()
	})
}

type countReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}

// messageWriter is stderr as run writes its messages: one message a Write,
// ending in a newline. Anything else in it from an input (a file name, a
// record's text) that could drive the terminal is shown as
// reports.Visible writes it: ESC as \x1b, a carriage return as \x0d.
type messageWriter struct{ w io.Writer }

func (m messageWriter) Write(p []byte) (int, error) {
	s := string(p)
	body, nl := strings.CutSuffix(s, "\n")
	v := reports.Visible(body)
	if nl {
		v += "\n"
	}
	if v == s {
		return m.w.Write(p)
	}
	if _, err := io.WriteString(m.w, v); err != nil {
		return 0, err
	}
	return len(p), nil
}
