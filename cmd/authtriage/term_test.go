package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMessagesShowControls checks that a file name or record text that
// carries terminal escapes reaches stderr shown, not raw, and that the
// table on stdout shows them too.
func TestMessagesShowControls(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "esc\x1b[2J\x1b]0;PWN\x07\u202ex.jsonl")
	body := `{"time":"2026-03-03T10:00:00Z","method":"GET","url":"https://api.example.com/x","status":429,"connection":"acme\u001b]0;PWNED\u0007\r"}` + "\nnot json\n"
	if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
		t.Skipf("this file system refuses the name: %v", err)
	}
	code, out, stderr := runCLI(t, "", "--explain", "acme\x1b]0;PWNED\x07\r", name)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	shown := strings.ReplaceAll(name, "esc\x1b[2J\x1b]0;PWN\x07\u202ex", `esc\x1b[2J\x1b]0;PWN\x07\u202ex`)
	if want := "authtriage: " + shown + ":2: "; !strings.HasPrefix(stderr, want) {
		t.Errorf("stderr = %q, want it to start %q", stderr, want)
	}
	for what, s := range map[string]string{"stderr": stderr, "stdout": out} {
		if i := strings.IndexAny(s, "\x1b\x07\r\u202e"); i >= 0 {
			t.Errorf("%s carries a raw control at byte %d: %q", what, i, s[max(i-20, 0):min(i+20, len(s))])
		}
	}
	if want := `EXPLAIN acme\x1b]0;PWNED\x07\x0d`; !strings.Contains(out, want) {
		t.Errorf("stdout has no %q:\n%s", want, out)
	}
}
