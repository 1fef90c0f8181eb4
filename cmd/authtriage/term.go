package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// colorFor decides colour: only on a terminal, never with NO_COLOR set
// (https://no-color.org) or --no-color.
func (c *config) colorFor(w io.Writer) bool { return c.wantColor(isTerminal(w), os.Getenv("NO_COLOR")) }

// wantColor is colorFor's decision, given whether the output is a terminal
// and the value of NO_COLOR.
func (c *config) wantColor(tty bool, noColorEnv string) bool {
	if c.opts.noColor || noColorEnv != "" || c.opts.output != "" {
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
// stderr is a terminal.
type progress struct {
	w       io.Writer
	on      bool
	mu      sync.Mutex
	name    string
	size    int64
	read    atomic.Int64
	started time.Time
	done    chan struct{}
	once    sync.Once
	shown   bool
}

func newProgress(stderr io.Writer, quiet bool) *progress {
	p := &progress{w: stderr, on: !quiet && isTerminal(stderr), done: make(chan struct{})}
	if p.on {
		go p.loop()
	}
	return p
}

func (p *progress) start(name string, size int64) {
	p.mu.Lock()
	p.name, p.size, p.started = name, size, time.Now()
	p.read.Store(0)
	p.mu.Unlock()
}

func (p *progress) wrap(r io.Reader) io.Reader {
	if !p.on {
		return r
	}
	return &countReader{r: r, n: &p.read}
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
			if !p.started.IsZero() && time.Since(p.started) > progressDelay {
				n := p.read.Load()
				line := fmt.Sprintf("\r%s: %d MB", p.name, n>>20)
				if p.size > 0 {
					line = fmt.Sprintf("\r%s: %3d%% (%d of %d MB)", p.name, n*100/p.size, n>>20, p.size>>20)
				}
				fmt.Fprint(p.w, line+"\x1b[K")
				p.shown = true
			}
			p.mu.Unlock()
		}
	}
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
