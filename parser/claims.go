package parser

import (
	"encoding/base64"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// jwtClaims decodes the claims of a JWT without verifying it and without
// keeping its signature. It returns nil when tok is not a JWT.
func jwtClaims(tok string) *Claims {
	if !strings.HasPrefix(tok, "eyJ") || strings.Count(tok, ".") != 2 {
		return nil
	}
	parts := strings.SplitN(tok, ".", 3)
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil || !gjson.ValidBytes(raw) {
		return nil
	}
	r := gjson.ParseBytes(raw)
	if !r.IsObject() {
		return nil
	}
	c := &Claims{
		Issuer:    r.Get("iss").String(),
		Subject:   r.Get("sub").String(),
		IssuedAt:  epoch(r.Get("iat")),
		NotBefore: epoch(r.Get("nbf")),
		Expires:   epoch(r.Get("exp")),
		TenantID:  r.Get("tid").String(),
	}
	aud := r.Get("aud")
	if aud.IsArray() {
		for _, a := range aud.Array() {
			c.Audience = append(c.Audience, a.String())
		}
	} else if aud.Exists() {
		c.Audience = []string{aud.String()}
	}
	return c
}

// epoch reads a NumericDate claim.
func epoch(v gjson.Result) time.Time {
	if !v.Exists() {
		return time.Time{}
	}
	f := v.Float()
	if f <= 0 {
		return time.Time{}
	}
	return time.Unix(int64(f), 0).UTC()
}
