package reports

import (
	"math"
	"slices"
	"strconv"
	"time"
)

// The geometry of the HTML charts, in SVG user units (CSS pixels at 100%).
const (
	chartWidth     = 960 // the content column of the page
	barChartHeight = 280
	barChartLeft   = 48 // room for the count axis
	barChartRight  = 16
	barChartTop    = 40 // room for the legend
	barChartBottom = 32 // room for the dates
	maxBarWidth    = 64 // a bar wider than this looks like a block, not a day

	timelineLabelWidth = 290 // a name of maxNameChars at 12px, and a count
	// maxNameChars is the longest connection name the timeline writes
	// whole; a longer one loses its middle (the full name is its tooltip).
	maxNameChars       = 32
	timelineOutcomeW   = 104 // "unrecovered" at 12px, plus a marker
	timelineRowHeight  = 30
	timelineAxisHeight = 30
	// maxTimelineRows caps the connection timeline: past a screenful the
	// rows stop being compared by eye; the connection table lists them all.
	maxTimelineRows = 40
	// maxTimeTicks keeps time-axis labels ("Mar 02 15:00") from overlapping
	// across the plot width.
	maxTimeTicks = 8
	// maxDateLabels keeps the dates under the bars legible; the others are
	// skipped, the bars stay.
	maxDateLabels = 16
)

// labelColors are the HTML colours of the labels, from the Okabe-Ito
// palette that stays distinguishable with colour-blindness.
var labelColors = map[string]string{
	"expired":        "#E69F00",
	"revoked":        "#D55E00",
	"invalid":        "#CC79A7",
	"scope":          "#0072B2",
	"webhook-400":    "#56B4E9",
	"pagination-gap": "#009E73",
	"rate-limited":   "#F0E442",
	"server-error":   "#7B4EA3",
	"other":          "#999999",
}

const unknownLabelColor = "#555555"

func labelColor(l string) string {
	if c, ok := labelColors[l]; ok {
		return c
	}
	return unknownLabelColor
}

// ellipsize shortens s to n characters by cutting its middle.
func ellipsize(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	head := (n - 1) / 2
	return string(r[:head]) + "…" + string(r[len(r)-(n-1-head):])
}

// num writes a coordinate with one decimal, the same on every platform.
func num(f float64) string {
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
}

type svgRect struct {
	X, Y, W, H  string
	Fill, Label string
	Title       string
}

type svgText struct {
	X, Y, Text, Anchor string
}

type svgLine struct {
	X1, Y1, X2, Y2 string
}

type legendItem struct {
	X, Y, TX, TY string
	Label, Color string
}

// barChart is the daily stacked bar chart.
type barChart struct {
	Width, Height int
	Bars          []svgRect
	Grid          []svgLine
	YLabels       []svgText
	XLabels       []svgText
	Legend        []legendItem
	BaseY         string
	X0, X1        string
}

// niceStep returns a step of 1, 2 or 5 × 10^k giving at most 5 intervals
// up to max.
func niceStep(max int) int {
	step := 1
	for {
		for _, m := range []int{1, 2, 5} {
			if max <= 5*step*m {
				return step * m
			}
		}
		step *= 10
	}
}

func buildBarChart(r *Report) *barChart {
	if len(r.Days) == 0 {
		return nil
	}
	c := &barChart{Width: chartWidth, Height: barChartHeight}
	plotW := float64(chartWidth - barChartLeft - barChartRight)
	plotH := float64(barChartHeight - barChartTop - barChartBottom)
	base := float64(barChartHeight - barChartBottom)
	c.BaseY, c.X0, c.X1 = num(base), num(barChartLeft), num(chartWidth-barChartRight)

	peak := 0
	for _, d := range r.Days {
		peak = max(peak, d.Findings)
	}
	step := niceStep(peak)
	top := (peak + step - 1) / step * step
	scale := plotH / float64(top)
	for v := 0; v <= top; v += step {
		y := base - float64(v)*scale
		c.Grid = append(c.Grid, svgLine{X1: num(barChartLeft), Y1: num(y), X2: num(chartWidth - barChartRight), Y2: num(y)})
		c.YLabels = append(c.YLabels, svgText{X: num(barChartLeft - 8), Y: num(y + 4), Text: strconv.Itoa(v), Anchor: "end"})
	}

	days := chartDays(r.Days)
	slot := plotW / float64(len(days))
	bw := math.Min(maxBarWidth, slot*0.7)
	every := (len(days) + maxDateLabels - 1) / maxDateLabels
	for i, d := range days {
		x := barChartLeft + slot*float64(i) + (slot-bw)/2
		y := base
		for _, l := range d.Labels {
			h := float64(l.Findings) * scale
			y -= h
			c.Bars = append(c.Bars, svgRect{
				X: num(x), Y: num(y), W: num(bw), H: num(h), Fill: labelColor(l.Label), Label: l.Label,
				Title: d.Date + ": " + plural(l.Findings, l.Label+" failure", l.Label+" failures"),
			})
		}
		if i%every == 0 {
			t, _ := time.Parse(time.DateOnly, d.Date)
			c.XLabels = append(c.XLabels, svgText{X: num(x + bw/2), Y: num(base + 20), Text: t.Format("Jan 02"), Anchor: "middle"})
		}
	}

	// The legend lists the labels present, in report order, along the top.
	x := float64(barChartLeft)
	for _, l := range r.Totals.ByLabel {
		if l.Findings == 0 {
			continue
		}
		c.Legend = append(c.Legend, legendItem{X: num(x), Y: "10", TX: num(x + 16), TY: "20", Label: l.Label, Color: labelColor(l.Label)})
		x += 16 + 7.2*float64(len(l.Label)) + 20
	}
	return c
}

// maxChartDays is the longest run of days the chart draws on a calendar
// axis, with a gap for each day without failures; a longer report (a
// year's archive) draws only the days that have failures.
const maxChartDays = 400

// chartDays fills the days without failures between the first and the
// last, so the chart's axis is a calendar.
func chartDays(ds []Day) []Day {
	first, err1 := time.Parse(time.DateOnly, ds[0].Date)
	last, err2 := time.Parse(time.DateOnly, ds[len(ds)-1].Date)
	if err1 != nil || err2 != nil || last.Sub(first) > maxChartDays*24*time.Hour {
		return ds
	}
	var out []Day
	i := 0
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		if date := d.Format(time.DateOnly); i < len(ds) && ds[i].Date == date {
			out = append(out, ds[i])
			i++
		} else {
			out = append(out, Day{Date: date})
		}
	}
	return out
}

// timeAxis maps times onto [X0, X1] and marks round times along it.
type timeAxis struct {
	from, to time.Time
	x0, x1   float64
	Ticks    []svgText
	TickLine []svgLine
}

// tickSteps are the round intervals a time axis may mark.
var tickSteps = []time.Duration{
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	24 * time.Hour, 48 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour, 28 * 24 * time.Hour,
}

func newTimeAxis(times []time.Time, x0, x1, tickY, top, bottom float64) *timeAxis {
	if len(times) == 0 {
		return nil
	}
	from, to := slices.MinFunc(times, time.Time.Compare), slices.MaxFunc(times, time.Time.Compare)
	span := to.Sub(from)
	if span < time.Minute {
		span = time.Minute
		from = from.Add(-span / 2)
		to = from.Add(span)
	}
	pad := span / 25
	from, to = from.Add(-pad), to.Add(pad)
	a := &timeAxis{from: from, to: to, x0: x0, x1: x1}

	step := tickSteps[len(tickSteps)-1]
	for _, s := range tickSteps {
		if to.Sub(from)/s <= maxTimeTicks {
			step = s
			break
		}
	}
	layout := "15:04"
	switch {
	case step >= 24*time.Hour:
		layout = "Jan 02"
	case from.UTC().YearDay() != to.UTC().YearDay() || from.Year() != to.Year():
		layout = "Jan 02 15:04"
	}
	for t := from.Truncate(step).Add(step); t.Before(to); t = t.Add(step) {
		x := a.x(t)
		a.Ticks = append(a.Ticks, svgText{X: num(x), Y: num(tickY), Text: t.UTC().Format(layout), Anchor: "middle"})
		a.TickLine = append(a.TickLine, svgLine{X1: num(x), Y1: num(top), X2: num(x), Y2: num(bottom)})
	}
	return a
}

func (a *timeAxis) x(t time.Time) float64 {
	return a.x0 + (a.x1-a.x0)*float64(t.Sub(a.from))/float64(a.to.Sub(a.from))
}

type svgMark struct {
	X, Y, Fill, Stroke, Label, Title string
	Recovered                        bool
}

// tokenMark is one mark of a connection's token story, drawn as a path.
type tokenMark struct {
	Kind, D, Title      string
	Fill, Stroke, Width string
}

// earlierLine leads from the start of the plot to the first mark of a
// story that left older marks out.
type earlierLine struct {
	X1, X2, Y, Title string
}

// The token marks of a timeline row, each its own shape and colour: darker
// shades of the explain lanes' blue, green and vermilion, so that they
// read apart from the failure dots, which alone carry the label colours.
const (
	issuedColor        = "#00528A"
	refreshedColor     = "#007A5A"
	refreshFailedColor = "#B34700"
	usedColor          = "#57606A"
	// tokenMarkLift is how far above a row's line the token marks sit,
	// clear of the failure dots on the line.
	tokenMarkLift = 11
	// timelineLegendH is the room the mark legend takes above the axis.
	timelineLegendH = 24
)

// markWords are the words a mark's tooltip and the legend use.
var markWords = map[string]string{
	"issued": "token issued", "refreshed": "token refreshed", "refresh-failed": "token request failed",
	"used": "successful call", "rejected": "rejected",
}

// styled returns m with the colours of its kind.
func styled(m tokenMark) tokenMark {
	switch m.Kind {
	case "issued":
		m.Fill, m.Stroke, m.Width = issuedColor, issuedColor, "1"
	case "refreshed":
		m.Fill, m.Stroke, m.Width = "#ffffff", refreshedColor, "2"
	case "refresh-failed":
		m.Fill, m.Stroke, m.Width = "none", refreshFailedColor, "2.5"
	default:
		m.Fill, m.Stroke, m.Width = "none", usedColor, "1.5"
	}
	return m
}

// tokenShape returns the path of a token mark of kind at x on a row whose
// line is at y, or "" for a kind drawn otherwise.
func tokenShape(kind string, x, y float64) string {
	ty := y - tokenMarkLift
	switch kind {
	case "issued", "refreshed":
		return "M" + num(x) + " " + num(ty-5) + "L" + num(x+5.5) + " " + num(ty+4.5) + "L" + num(x-5.5) + " " + num(ty+4.5) + "Z"
	case "refresh-failed":
		return "M" + num(x-4) + " " + num(ty-4) + "L" + num(x+4) + " " + num(ty+4) + "M" + num(x-4) + " " + num(ty+4) + "L" + num(x+4) + " " + num(ty-4)
	case "used":
		return "M" + num(x) + " " + num(y-5) + "V" + num(y+5)
	}
	return ""
}

type timelineRow struct {
	Name, FullName, NameY string
	Count, CountX         string
	LineY, X1, X2         string
	Marks                 []svgMark
	Runs                  []svgLine    // from the first to the last success of a run
	Tokens                []tokenMark  // issued, refreshed, refresh-failed and used marks
	Earlier               *earlierLine // the story starts after marks it did not keep
	Outcome, OutcomeX     string       // Outcome is "unrecovered" when any failure is, else "recovered"
	BandY, BandH          string
	Odd                   bool
}

// markLegend is one entry of the timeline's legend.
type markLegend struct {
	tokenMark
	Text, TX, TY string
	Dot          *svgMark // failure entries are circles
}

// connTimeline draws each connection's failures, and the token story
// around them, on one time axis.
type connTimeline struct {
	Width, Height  int
	Axis           *timeAxis
	Legend         []markLegend
	Rows           []timelineRow
	Hidden         int  // connections past maxTimelineRows
	Dropped        bool // some row's story left older marks out
	PlotX0, PlotX1 string
	AxisY          string
}

func buildConnTimeline(r *Report) *connTimeline {
	var times []time.Time
	for f := range r.Findings.All() {
		if !f.Time.IsZero() {
			times = append(times, f.Time.Time)
		}
	}
	if len(times) == 0 {
		return nil
	}
	conns := r.Connections
	tl := &connTimeline{Width: chartWidth}
	if len(conns) > maxTimelineRows {
		tl.Hidden = len(conns) - maxTimelineRows
		conns = conns[:maxTimelineRows]
	}
	stories := make(map[string]*Timeline, len(r.Timelines))
	for i := range r.Timelines {
		stories[r.Timelines[i].Connection] = &r.Timelines[i]
	}
	for _, c := range conns {
		if s := stories[c.Connection]; s != nil {
			for _, m := range s.Marks {
				times = append(times, m.Time.Time)
			}
		}
	}
	x0, x1 := float64(timelineLabelWidth), float64(chartWidth-timelineOutcomeW)
	top0 := float64(timelineLegendH + timelineAxisHeight)
	tl.Height = int(top0) + timelineRowHeight*len(conns) + 8
	bottom := float64(tl.Height - 4)
	axisY := top0 - 6
	tl.Axis = newTimeAxis(times, x0, x1, timelineLegendH+16, axisY, bottom)
	tl.PlotX0, tl.PlotX1, tl.AxisY = num(x0), num(x1), num(axisY)
	tl.Legend = timelineLegend(8)
	// The dated findings of the rows drawn, read in one pass.
	shown := make(map[string][]Finding, len(conns))
	for _, c := range conns {
		shown[c.Connection] = nil
	}
	for f := range r.Findings.All() {
		name := connectionName(f.Connection)
		if fs, ok := shown[name]; ok && !f.Time.IsZero() {
			shown[name] = append(fs, f)
		}
	}
	for i, c := range conns {
		top := top0 + float64(timelineRowHeight*i)
		y := top + timelineRowHeight/2
		row := timelineRow{
			Name: ellipsize(c.Connection, maxNameChars), FullName: c.Connection, NameY: num(y + 4), LineY: num(y),
			Count: strconv.Itoa(c.Findings) + "×", CountX: num(x0 - 12),
			BandY: num(top), BandH: num(timelineRowHeight), Odd: i%2 == 1,
			OutcomeX: num(x1 + 16),
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		marked, unrecovered := false, false
		for _, f := range shown[c.Connection] {
			x := tl.Axis.x(f.Time.Time)
			lo, hi = math.Min(lo, x), math.Max(hi, x)
			marked = true
			unrecovered = unrecovered || !f.Recovered
			m := svgMark{X: num(x), Y: num(y), Label: f.Label, Stroke: labelColor(f.Label), Fill: labelColor(f.Label), Recovered: f.Recovered,
				Title: f.Time.Short() + " UTC · " + f.Label + "/" + f.Cause + " · " + recoveredWord(f.Recovered) + " · " + requestText(f)}
			if f.Recovered {
				m.Fill = "#ffffff"
			}
			row.Marks = append(row.Marks, m)
		}
		if s := stories[c.Connection]; s != nil {
			for k, m := range s.Marks {
				x := tl.Axis.x(m.Time.Time)
				lo, hi = math.Min(lo, x), math.Max(hi, x)
				if m.Kind == "used" && k+1 < len(s.Marks) && s.Marks[k+1].Kind == "used" {
					row.Runs = append(row.Runs, svgLine{X1: num(x), Y1: num(y), X2: num(tl.Axis.x(s.Marks[k+1].Time.Time)), Y2: num(y)})
				}
				if d := tokenShape(m.Kind, x, y); d != "" {
					row.Tokens = append(row.Tokens, styled(tokenMark{Kind: m.Kind, D: d,
						Title: m.Time.Short() + " UTC · " + markWords[m.Kind] + " · " + m.Source.Short()}))
				}
			}
			if s.Dropped > 0 && len(s.Marks) > 0 {
				row.Earlier = &earlierLine{X1: num(x0), X2: num(tl.Axis.x(s.Marks[0].Time.Time)), Y: num(y),
					Title: plural(s.Dropped, "earlier token event", "earlier token events") + " not kept"}
				tl.Dropped = true
			}
		}
		if !math.IsInf(lo, 0) {
			row.X1, row.X2 = num(lo), num(hi)
		}
		if marked {
			row.Outcome = "recovered"
			if unrecovered {
				row.Outcome = "unrecovered"
			}
		}
		tl.Rows = append(tl.Rows, row)
	}
	return tl
}

// timelineLegend lays out the legend of the connection timeline along its
// top, from x.
func timelineLegend(x float64) []markLegend {
	const y = 12.0 // the line the legend's marks sit on, as a row's do at tokenMarkLift above
	var out []markLegend
	add := func(l markLegend, text string) {
		l.Text, l.TX, l.TY = text, num(x+10), num(y+4)
		out = append(out, l)
		x += 10 + 7*float64(len([]rune(text))) + 24 // 7: a wide average glyph at 12px
	}
	for _, k := range []string{"issued", "refreshed", "refresh-failed", "used"} {
		line := y + tokenMarkLift // token marks are drawn above their row's line
		if k == "used" {
			line = y
		}
		add(markLegend{tokenMark: styled(tokenMark{Kind: k, D: tokenShape(k, x, line)})}, markWords[k])
	}
	add(markLegend{tokenMark: tokenMark{Kind: "rejected"}, Dot: &svgMark{X: num(x), Y: num(y), Fill: unknownLabelColor, Stroke: unknownLabelColor}}, "failure (colour = label)")
	add(markLegend{tokenMark: tokenMark{Kind: "recovered"}, Dot: &svgMark{X: num(x), Y: num(y), Fill: "#ffffff", Stroke: unknownLabelColor}}, "recovered failure")
	return out
}

// laneOrder is the order of the --explain timeline lanes: the life of a
// token from issue to outcome. Other kinds of event follow, alphabetically.
var laneOrder = []string{"token issued", "used", "rejected", "refresh", "refresh failed", "recovered", "run error"}

var laneColors = map[string]string{
	"token issued":   "#0072B2",
	"used":           "#7F8C8D",
	"rejected":       "#E69F00",
	"refresh":        "#009E73",
	"refresh failed": "#D55E00",
	"recovered":      "#1E8449",
	"run error":      "#CC79A7",
}

type lane struct {
	Name, NameY, Y, BandY, BandH string
	Odd                          bool
}

type lifetimeBar struct {
	X, Y, W, Title string
}

// explainTimeline draws an explained connection's events in lanes, with
// the lifetime of each token issued as a bar on the first lane.
type explainTimeline struct {
	Width, Height  int
	Axis           *timeAxis
	Lanes          []lane
	Marks          []svgMark
	Lifetimes      []lifetimeBar
	PlotX0, PlotX1 string
	AxisY          string
}

func buildExplainTimeline(e *Explain) *explainTimeline {
	var times []time.Time
	var names []string
	for _, ev := range e.Timeline {
		if ev.Time.IsZero() {
			continue
		}
		times = append(times, ev.Time.Time)
		if !slices.Contains(names, ev.What) {
			names = append(names, ev.What)
		}
	}
	for _, t := range e.Tokens {
		if !t.Time.IsZero() {
			times = append(times, t.Time.Time)
		}
	}
	if len(times) == 0 {
		return nil
	}
	if len(e.Tokens) > 0 && !slices.Contains(names, "token issued") {
		names = append(names, "token issued")
	}
	slices.SortFunc(names, func(a, b string) int {
		ia, ib := slices.Index(laneOrder, a), slices.Index(laneOrder, b)
		if ia < 0 {
			ia = len(laneOrder)
		}
		if ib < 0 {
			ib = len(laneOrder)
		}
		if ia != ib {
			return ia - ib
		}
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	})
	const laneLabelW = 130
	x0, x1 := float64(laneLabelW), float64(chartWidth-24)
	g := &explainTimeline{Width: chartWidth, Height: timelineAxisHeight + timelineRowHeight*len(names) + 8}
	g.Axis = newTimeAxis(times, x0, x1, 16, timelineAxisHeight-6, float64(g.Height-4))
	g.PlotX0, g.PlotX1, g.AxisY = num(x0), num(x1), num(timelineAxisHeight-6)
	laneY := map[string]float64{}
	for i, n := range names {
		top := float64(timelineAxisHeight + timelineRowHeight*i)
		laneY[n] = top + timelineRowHeight/2
		g.Lanes = append(g.Lanes, lane{Name: n, NameY: num(laneY[n] + 4), Y: num(laneY[n]), BandY: num(top), BandH: num(timelineRowHeight), Odd: i%2 == 1})
	}
	for _, t := range e.Tokens {
		if t.Time.IsZero() || t.LifetimeSeconds <= 0 {
			continue
		}
		xa := g.Axis.x(t.Time.Time)
		xb := math.Min(g.Axis.x(t.Time.Add(time.Duration(t.LifetimeSeconds)*time.Second)), x1)
		g.Lifetimes = append(g.Lifetimes, lifetimeBar{X: num(xa), Y: num(laneY["token issued"] - 4), W: num(math.Max(xb-xa, 1)),
			Title: "access " + t.AccessFP + " valid " + lifetime(t.LifetimeSeconds) + " from " + t.Time.Short() + " UTC"})
	}
	for _, ev := range e.Timeline {
		if ev.Time.IsZero() {
			continue
		}
		color, ok := laneColors[ev.What]
		if !ok {
			color = unknownLabelColor
		}
		title := ev.Time.Short() + " UTC · " + ev.What
		if req := requestText(Finding{Method: ev.Method, URL: ev.URL}); req != "" {
			title += " · " + req
		}
		if !ev.Status.None {
			title += " → " + statusText(ev.Status.Code)
		}
		g.Marks = append(g.Marks, svgMark{X: num(g.Axis.x(ev.Time.Time)), Y: num(laneY[ev.What]), Fill: color, Stroke: color, Label: ev.What, Title: title})
	}
	return g
}
