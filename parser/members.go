package parser

import (
	"strings"

	"github.com/tidwall/gjson"
)

// members indexes an object's top-level members in one pass, so that the
// dozens of provider paths can be tried without re-scanning the object for
// each one.
type members []member

type member struct {
	key string
	val gjson.Result
}

// membersOf indexes v's members into buf, which a caller may give from its
// stack (most bodies have a few members) to spare the allocation.
func membersOf(v gjson.Result, buf members) members {
	if !v.IsObject() {
		return nil
	}
	m := buf[:0]
	v.ForEach(func(k, val gjson.Result) bool {
		m = append(m, member{k.Str, val})
		return true
	})
	return m
}

// path is a gjson path split at its first member, prepared once.
type path struct {
	first string // the unescaped top-level key; "" for a path on the root (#...)
	rest  string // the rest, in gjson syntax; "" for the member itself
	full  string
}

func paths(ps ...string) []path {
	out := make([]path, len(ps))
	for i, p := range ps {
		out[i] = splitPath(p)
	}
	return out
}

func splitPath(p string) path {
	if strings.HasPrefix(p, "#") {
		return path{full: p}
	}
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case '.':
			return path{first: strings.ReplaceAll(p[:i], `\`, ""), rest: p[i+1:], full: p}
		}
	}
	return path{first: strings.ReplaceAll(p, `\`, ""), full: p}
}

// get looks a prepared path up; root is the object the members came from.
func (m members) get(root gjson.Result, p path) gjson.Result {
	if p.first == "" {
		return root.Get(p.full)
	}
	for i := range m {
		if m[i].key == p.first {
			if p.rest == "" {
				return m[i].val
			}
			return m[i].val.Get(p.rest)
		}
	}
	return gjson.Result{}
}
