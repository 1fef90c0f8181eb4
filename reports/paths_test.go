package reports

import "testing"

func TestTemplatePath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/v1/users/12345/orders", "/v1/users/{id}/orders"},
		{"/v2/tasks/9f1c2e4a-0b7d-4a3e-8e2f-1b2c3d4e5f60", "/v2/tasks/{id}"},
		{"/v2/tasks/9F1C2E4A-0B7D-4A3E-8E2F-1B2C3D4E5F60/notes", "/v2/tasks/{id}/notes"},
		{"/v2/projects/5f2b9e0c4a1d7e3b9c8f6a21/tasks", "/v2/projects/{id}/tasks"}, // Mongo ObjectId
		{"/hooks/catch/123456/abcdef0/", "/hooks/catch/{id}/{id}/"},                // Zapier hook
		{"/repos/acme/site/commits/3e9a07c", "/repos/acme/site/commits/{id}"},      // short SHA
		{"/v1/customers/cus_NffrFeUfNV2Hib", "/v1/customers/{id}"},                 // Stripe
		{"/v3/contacts/88120.json", "/v3/contacts/{id}.json"},
		{"/v3/contacts/88120?fields=email#top", "/v3/contacts/{id}"},
		{"/api/2.0/items", "/api/2.0/items"},
		// Words stay, even with digits, hex letters or dashes.
		{"/oauth2/token", "/oauth2/token"},
		{"/v1/me", "/v1/me"},
		{"/api/v10/add-ons/facade", "/api/v10/add-ons/facade"},
		{"/auth/2fa/verify", "/auth/2fa/verify"},
		{"/users/me/calendar-list", "/users/me/calendar-list"},
		{"/services/data/v59.0/sobjects/Account", "/services/data/v59.0/sobjects/Account"},
		{"/{id}/x", "/{id}/x"},
		{"", ""},
		{"/", "/"},
	}
	for _, tt := range tests {
		if got := TemplatePath(tt.in); got != tt.want {
			t.Errorf("TemplatePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitURL(t *testing.T) {
	tests := []struct{ in, host, path string }{
		{"https://API.Example.com:8443/v1/me?x=1", "api.example.com", "/v1/me"},
		{"https://user@example.com", "example.com", "/"},
		{"http://[::1]:8080/a", "::1", "/a"},
		{"https://api.example.com/a%2Fb/c", "api.example.com", "/a%2Fb/c"},
		{"not a url", "", ""},
	}
	for _, tt := range tests {
		host, path := splitURL(tt.in)
		if host != tt.host || path != tt.path {
			t.Errorf("splitURL(%q) = %q, %q, want %q, %q", tt.in, host, path, tt.host, tt.path)
		}
	}
}
