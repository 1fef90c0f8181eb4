package parser

import (
	"strings"
	"testing"
)

// TestRedactForms: secret fields of HTML forms (OAuth form_post, SAML
// POST) and of multipart bodies, with CRLF or LF line ends; other fields
// and the structure stay.
func TestRedactForms(t *testing.T) {
	fp := func(s string) string { return "redacted:" + Fingerprint(s) }
	tests := []struct{ in, want string }{
		{`<form method="post" action="https://sp.example/acs"><input type="hidden" name="code" value="0.AXoA9fpc0de44"/><input type="hidden" name="state" value="xyz"/></form>`,
			`<form method="post" action="https://sp.example/acs"><input type="hidden" name="code" value="` + fp("0.AXoA9fpc0de44") + `"/><input type="hidden" name="state" value="xyz"/></form>`},
		{`<INPUT value='PHNhbWxwOlJlc3BvbnNl' NAME='SAMLResponse'>`, `<INPUT value='` + fp("PHNhbWxwOlJlc3BvbnNl") + `' NAME='SAMLResponse'>`},
		{`<input data-name="password" name="user" value="bob">`, `<input data-name="password" name="user" value="bob">`},
		{"--B\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nhunter2pw\r\n--B\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nbob\r\n--B--\r\n",
			"--B\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n" + fp("hunter2pw") + "\r\n--B\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nbob\r\n--B--\r\n"},
		{"--B\nContent-Disposition: form-data; name=\"client_secret\"\n\nGOCSPX-abc123\n--B--\n", "--B\nContent-Disposition: form-data; name=\"client_secret\"\n\n" + fp("GOCSPX-abc123") + "\n--B--\n"},
	}
	for _, tt := range tests {
		got := redactForms(tt.in)
		if got != tt.want {
			t.Errorf("redactForms(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
		if again := redactForms(got); again != got {
			t.Errorf("not idempotent: %q", again)
		}
		if !strings.Contains(redactText(tt.in), "redacted:") && strings.Contains(tt.want, "redacted:") {
			t.Errorf("redactText(%q) does not apply it", tt.in)
		}
	}
}

// TestRedactFormsEdges: an empty secret part keeps the next part; unquoted
// and unspaced attributes.
func TestRedactFormsEdges(t *testing.T) {
	fp := func(s string) string { return "redacted:" + Fingerprint(s) }
	tests := []struct{ in, want string }{
		{"--XyZ\nContent-Disposition: form-data; name=\"password\"\n\n--XyZ\nContent-Disposition: form-data; name=\"grant_type\"\n\nrefresh_token\n--XyZ--\n",
			"--XyZ\nContent-Disposition: form-data; name=\"password\"\n\n--XyZ\nContent-Disposition: form-data; name=\"grant_type\"\n\nrefresh_token\n--XyZ--\n"},
		{`<input name=password value=hunter2pw>`, `<input name=password value=` + fp("hunter2pw") + `>`},
		{`<input name="password"value="hunter2pw">`, `<input name="password"value="` + fp("hunter2pw") + `">`},
	}
	for _, tt := range tests {
		if got := redactForms(tt.in); got != tt.want {
			t.Errorf("redactForms(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}
