package reports

import (
	"strings"
	"unicode"
)

// idPlaceholder replaces a path segment that identifies one resource.
const idPlaceholder = "{id}"

// minOpaqueLen is the length from which a segment mixing letters and digits
// is taken for an opaque id (a Stripe "cus_NffrFeUfNV2Hib", a Mongo
// ObjectId, a base64 key): words in API paths ("v2", "oauth2", "users")
// are shorter, and a 16-character slug rarely mixes digits in.
const minOpaqueLen = 16

// minHexLen is the length from which an all-hex segment with a digit is an
// id (Zapier hook keys like "abcdef0", short commit SHAs, hashed ids);
// "v1", "2fa" or "ab12" stay as written.
const minHexLen = 6

// TemplatePath folds the segments of an URL path that identify one
// resource into {id}, so the failures of one endpoint group together:
// numbers, UUIDs, hex ids of 8 characters or more, and long opaque
// segments that mix letters and digits. A query or fragment is dropped.
//
//	/v1/users/12345/orders/9f1c2e4a-0b7d-4a3e-8e2f-1b2c3d4e5f60 → /v1/users/{id}/orders/{id}
func TemplatePath(p string) string {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		// A format suffix ("123.json") keeps its extension: {id}.json.
		base, ext := s, ""
		if j := strings.LastIndexByte(s, '.'); j > 0 && j < len(s)-1 && isWord(s[j+1:]) {
			base, ext = s[:j], s[j:]
		}
		if isIDSegment(base) {
			segs[i] = idPlaceholder + ext
		}
	}
	return strings.Join(segs, "/")
}

func isIDSegment(s string) bool {
	if s == "" || s == idPlaceholder {
		return false
	}
	var letters, digits, hex, other int
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
			hex++
		case r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F':
			letters++
			hex++
		case unicode.IsLetter(r):
			letters++
		case r == '-' || r == '_' || r == '~' || r == '%' || r == '=' || r == '+' || r == ':':
			other++
		default:
			return false
		}
	}
	n := len(s)
	switch {
	case digits == n:
		return true
	case isUUID(s):
		return true
	case hex == n && n >= minHexLen && digits > 0:
		return true
	case n >= minOpaqueLen && digits > 0 && letters > 0:
		return true
	}
	return false
}

func isWord(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
				return false
			}
		}
	}
	return true
}
