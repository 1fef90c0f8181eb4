package reports

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestHTMLSelfContained checks the page needs nothing from outside: no
// script, no link, image, font or stylesheet to fetch, and user text
// escaped.
func TestHTMLSelfContained(t *testing.T) {
	fs := fixtureFindings()
	fs[0].Evidence = append(fs[0].Evidence, `<script>alert("x")</script>`)
	fs[0].Connection = `"><img src=x onerror=alert(1)>`
	in := fixtureInputOf(fs)
	out := string(render(t, Build(in), FormatHTML, WriteOptions{}))
	lower := strings.ToLower(out)
	for _, bad := range []string{"<script", "<img", "<link", "<iframe", "<object", "<embed", "<meta http-equiv"} {
		if strings.Contains(lower, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if m := regexp.MustCompile(`<[^>]*\s(?:src|href|xlink:href)="`).FindString(lower); m != "" {
		t.Errorf("page refers to a resource: %s", m)
	}
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(lower)
	if style == nil || strings.Contains(style[1], "@import") || strings.Contains(style[1], "url(") || strings.Contains(style[1], "@font-face") {
		t.Error("inline CSS missing or loads something")
	}
	if !strings.Contains(out, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Error("evidence not escaped as text")
	}
}

// chromium returns the path of a headless-capable Chromium, or "".
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserTimeout bounds one Chromium run; a cold start in CI takes a few
// seconds, a hang must not stall the suite.
const browserTimeout = 90 * time.Second

func runChromium(t *testing.T, bin, dir string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--user-data-dir=" + filepath.Join(dir, "profile")}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", bin, strings.Join(args, " "), err, stderr.Bytes())
	}
	return stdout.Bytes()
}

// TestHTMLInChromium renders the fixture's page in headless Chromium, then
// checks the DOM the browser built (the chart with a bar per day and
// label, the timeline with a row per connection, a mark per dated failure
// and a shape per token issue, refresh, refused token request and use,
// its legend, every table) and the screenshot (the right size, not blank,
// and showing the label colours and those of the token marks). Set AUTHTRIAGE_KEEP_SHOT=DIR to keep the
// screenshot.
func TestHTMLInChromium(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("no chromium in PATH: install Debian's chromium package to run the HTML rendering test")
	}
	r := Build(fixtureInput())
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, render(t, r, FormatHTML, WriteOptions{}), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + page

	dom := string(runChromium(t, bin, dir, "--dump-dom", url))
	count := func(re string) int { return len(regexp.MustCompile(re).FindAllStringIndex(dom, -1)) }
	if count(`<svg[^>]*id="daily-chart"`) != 1 {
		t.Fatalf("no daily chart in the DOM:\n%.2000s", dom)
	}
	for _, l := range r.Totals.ByLabel {
		days := 0
		for _, d := range r.Days {
			for _, dl := range d.Labels {
				if dl.Label == l.Label {
					days++
				}
			}
		}
		if got := count(`<rect class="bar" data-label="` + regexp.QuoteMeta(l.Label) + `"`); got != days {
			t.Errorf("chart: %d bars of %s, want one per day with one (%d)", got, l.Label, days)
		}
		if l.Findings > 0 && count(`<g class="legend">.*?<text[^>]*>`+regexp.QuoteMeta(l.Label)+`</text>`) != 1 {
			t.Errorf("chart legend lacks %s", l.Label)
		}
	}
	if count(`<svg[^>]*id="connection-timeline"`) != 1 {
		t.Error("no connection timeline in the DOM")
	}
	if got := count(`<g class="row" data-connection=`); got != len(r.Connections) {
		t.Errorf("timeline: %d rows, want %d", got, len(r.Connections))
	}
	dated := 0
	for f := range r.Findings.All() {
		if !f.Time.IsZero() {
			dated++
		}
	}
	if got := count(`<circle class="mark`); got != dated {
		t.Errorf("timeline: %d marks, want one per dated failure (%d)", got, dated)
	}
	// The token story of each row: a shape per issue, refresh, refused
	// token request and use, drawn by the browser, and the legend naming
	// each kind.
	kinds := map[string]int{}
	for _, tl := range r.Timelines {
		for _, m := range tl.Marks {
			kinds[m.Kind]++
		}
	}
	for _, k := range []string{"issued", "refreshed", "refresh-failed", "used"} {
		if kinds[k] == 0 {
			t.Fatalf("the fixture has no %s mark to draw", k)
		}
		if got := count(`<path class="tm" data-kind="` + k + `" d="M[^"]+"`); got != kinds[k] {
			t.Errorf("timeline: %d %s marks, want %d", got, k, kinds[k])
		}
		if count(`<g class="marks-legend">.*?<text data-kind="`+k+`"[^>]*>`+markWords[k]+`</text>`) != 1 {
			t.Errorf("timeline legend lacks %s (%q)", k, markWords[k])
		}
	}
	for _, k := range []string{"rejected", "recovered"} {
		if count(`<g class="marks-legend">.*?<text data-kind="`+k+`"`) != 1 {
			t.Errorf("timeline legend lacks the %s failure", k)
		}
	}
	if got := count(`<line class="earlier"`); got != 1 {
		t.Errorf("timeline: %d dashed starts, want 1 (gh-sync dropped older marks)", got)
	}
	for _, id := range []string{"by-label", "by-cause", "connections-table", "endpoints-table", "steps-table", "days-table", "failures-table", "inputs-table"} {
		if count(`<table[^>]*id="`+id+`"`) != 1 {
			t.Errorf("no table %s in the DOM", id)
		}
	}
	if m := regexp.MustCompile(`(?s)<table[^>]*id="failures-table".*?<tbody>(.*?)</tbody>`).FindStringSubmatch(dom); m == nil {
		t.Error("failures table has no body")
	} else if got := strings.Count(m[1], "<tr>"); got != r.Findings.Len() {
		t.Errorf("failures table: %d rows, want %d", got, r.Findings.Len())
	}

	shot := filepath.Join(dir, "shot.png")
	runChromium(t, bin, dir, "--screenshot="+shot, "--window-size=1280,2000", url)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 2000 {
		t.Errorf("screenshot is %dx%d, want 1280x2000", b.Dx(), b.Dy())
	}
	colors := map[string]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			colors[hexColor(img, x, y)]++
		}
	}
	if len(colors) < 16 {
		t.Errorf("screenshot has %d colours: the page did not render", len(colors))
	}
	for _, l := range r.Totals.ByLabel {
		if l.Findings > 0 && colors[labelColor(l.Label)] == 0 {
			t.Errorf("screenshot shows no %s (%s) anywhere", l.Label, labelColor(l.Label))
		}
	}
	for what, c := range map[string]string{"issued": issuedColor, "refreshed": refreshedColor, "refresh-failed": refreshFailedColor} {
		if colors[c] == 0 {
			t.Errorf("screenshot shows no %s mark (%s) anywhere", what, c)
		}
	}
	if keep := os.Getenv("AUTHTRIAGE_KEEP_SHOT"); keep != "" {
		data, _ := os.ReadFile(shot)
		os.WriteFile(filepath.Join(keep, "report-shot.png"), data, 0o644)
	}
}

func hexColor(img image.Image, x, y int) string {
	r, g, b, _ := img.At(x, y).RGBA()
	return fmt.Sprintf("#%02X%02X%02X", r>>8, g>>8, b>>8)
}

// TestHTMLTopActionsCapped checks that a top action lists at most maxListed
// connections, as the table and Markdown do, and links the rest to the
// Connections table.
func TestHTMLTopActionsCapped(t *testing.T) {
	r := Build(bigInput(400, 40))
	page := string(render(t, r, FormatHTML, WriteOptions{}))
	got := regexp.MustCompile(`<p class="conns">(.*?)</p>`).FindAllStringSubmatch(page, -1)
	if len(got) != len(r.TopActions) {
		t.Fatalf("%d lists of connections, want one per top action (%d)", len(got), len(r.TopActions))
	}
	capped := 0
	for i, a := range r.TopActions {
		want := strings.Join(a.Connections, " · ")
		if n := len(a.Connections); n > maxListed {
			capped++
			want = strings.Join(a.Connections[:maxListed], " · ") + fmt.Sprintf(` · <a href="#connections">+%d more in Connections</a>`, n-maxListed)
		}
		if got[i][1] != want {
			t.Errorf("top action %d lists\n%s\nwant\n%s", i+1, got[i][1], want)
		}
	}
	if capped == 0 {
		t.Fatal("no top action has more than maxListed connections: the test tests nothing")
	}
	if !strings.Contains(page, `<section id="connections">`) {
		t.Error("the link's target, the Connections section, is missing")
	}
}
