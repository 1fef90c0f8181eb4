package parser

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"
)

// fp is how redact writes a secret: its fingerprint.
func fp(secret string) string { return redactedPrefix + Fingerprint(secret) }

// traefikCookie is the Cookie header of the Traefik case: each cookie's
// value in the copy is the header's fingerprint.
const traefikCookie = "PHPSESSID=cx7wv6ut5s; laravel_session=eyJpdiI6Ik1"

// redactLeakTests are records in the shapes real tools write, each holding
// a secret an earlier redact kept; want is the whole redacted copy, so a
// case also fails when anything besides the secret changes.
var redactLeakTests = []struct {
	name   string
	format Format // forced, as --input-format; FormatUnknown detects
	in     string
	want   string
}{
	{
		name: "set-cookie lines in one HAR value",
		in:   `{"startedDateTime":"2026-03-02T12:00:00.000Z","request":{"method":"POST","url":"https://app.acme.example/login","headers":[]},"response":{"status":200,"headers":[{"name":"Set-Cookie","value":"lang=en; Path=/\nsessionid=Kq7vT2xW9pLm4RzA; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly"}],"content":{"text":"{\"ok\":true}"}}}` + "\n",
		want: `{"startedDateTime":"2026-03-02T12:00:00.000Z","request":{"method":"POST","url":"https://app.acme.example/login","headers":[]},"response":{"status":200,"headers":[{"name":"Set-Cookie","value":"lang=; Path=/\nsessionid=; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly"}],"content":{"text":"{\"ok\":true}"}}}` + "\n",
	},
	{
		name: "set-cookie folded with commas in a header block",
		in:   `[{"Status":"200","Method":"POST","URL":"https://app.acme.example/login","Timestamp":"2026-03-04T14:00:00.412Z","Request Headers":"accept: application/json","Response Headers":"content-type: text/html\nset-cookie: csrftoken=Zt5; expires=Thu, 04 Mar 2027 14:00:00 GMT; Path=/, sessionid=b8Xq2LmN7vR4; expires=Thu, 18 Mar 2026 14:00:00 GMT; HttpOnly; Path=/","Response Body":"<p>ok</p>"}]`,
		want: `[{"Status":"200","Method":"POST","URL":"https://app.acme.example/login","Timestamp":"2026-03-04T14:00:00.412Z","Request Headers":"accept: application/json","Response Headers":"content-type: text/html\nset-cookie: csrftoken=; expires=Thu, 04 Mar 2027 14:00:00 GMT; Path=/, sessionid=; expires=Thu, 18 Mar 2026 14:00:00 GMT; HttpOnly; Path=/","Response Body":"<p>ok</p>"}]` + "\n",
	},
	{
		name: "keycloak credentials keyed by type",
		in:   `{"startedDateTime":"2026-03-02T12:01:00.000Z","request":{"method":"POST","url":"https://kc.acme.example/admin/realms/acme/users","headers":[{"name":"Content-Type","value":"application/json"}],"postData":{"mimeType":"application/json","text":"{\"username\":\"bob\",\"credentials\":[{\"type\":\"password\",\"value\":\"hunter2-Kc9\",\"temporary\":false}],\"attributes\":[{\"type\":\"text\",\"value\":\"hello\"},{\"type\":\"code\",\"value\":\"print(1)\"}]}"}},"response":{"status":201,"headers":[],"content":{"text":""}}}` + "\n",
		want: `{"startedDateTime":"2026-03-02T12:01:00.000Z","request":{"method":"POST","url":"https://kc.acme.example/admin/realms/acme/users","headers":[{"name":"Content-Type","value":"application/json"}],"postData":{"mimeType":"application/json","text":"{\"username\":\"bob\",\"credentials\":[{\"type\":\"password\",\"value\":\"` + fp("hunter2-Kc9") + `\",\"temporary\":false}],\"attributes\":[{\"type\":\"text\",\"value\":\"hello\"},{\"type\":\"code\",\"value\":\"print(1)\"}]}"}},"response":{"status":201,"headers":[],"content":{"text":""}}}` + "\n",
	},
	{
		name:   "gitlab params keyed by key",
		format: FormatMapped,
		in:     `{"method":"POST","path":"/users/sign_in","status":401,"time":"2026-03-02T10:00:00.000Z","params":[{"key":"login","value":"bob"},{"key":"password","value":"hunter2-Gl7"},{"key":"remember_me","value":"0"}],"ua":"Mozilla/5.0"}` + "\n",
		want:   `{"method":"POST","path":"/users/sign_in","status":401,"time":"2026-03-02T10:00:00.000Z","params":[{"key":"login","value":"bob"},{"key":"password","value":"` + fp("hunter2-Gl7") + `"},{"key":"remember_me","value":"0"}],"ua":"Mozilla/5.0"}` + "\n",
	},
	{
		name:   "traefik header fields",
		format: FormatMapped,
		in:     `{"DownstreamStatus":401,"RequestMethod":"GET","RequestHost":"api.acme.example","RequestPath":"/v1/me","StartUTC":"2026-03-02T10:00:01Z","request_User-Agent":"curl/8.5.0","request_Cookie":"PHPSESSID=cx7wv6ut5s; laravel_session=eyJpdiI6Ik1","request_Authorization":"Basic Ym9iOmh1bnRlcjI=","downstream_Set-Cookie":"connect.sid=s%3AdW6vU5tS4r.abc; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly","downstream_Content-Type":"application/json","origin_Set-Cookie":"lang=en"}` + "\n",
		want:   `{"DownstreamStatus":401,"RequestMethod":"GET","RequestHost":"api.acme.example","RequestPath":"/v1/me","StartUTC":"2026-03-02T10:00:01Z","request_User-Agent":"curl/8.5.0","request_Cookie":"PHPSESSID=` + fp(traefikCookie) + `; laravel_session=` + fp(traefikCookie) + `","request_Authorization":"Basic ` + base64.StdEncoding.EncodeToString([]byte("bob:"+fp("Ym9iOmh1bnRlcjI="))) + `","downstream_Set-Cookie":"connect.sid=; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly","downstream_Content-Type":"application/json","origin_Set-Cookie":"lang="}` + "\n",
	},
	{
		name: "otel span quoting its own bearer token",
		in:   `{"name":"GET","context":{"trace_id":"0x1","span_id":"0x2"},"kind":"SpanKind.CLIENT","start_time":"2026-03-06T06:00:00.120000Z","end_time":"2026-03-06T06:00:00.760000Z","attributes":{"http.method":"GET","http.url":"https://api.acme.example/v1/me","http.status_code":401,"http.request.header.authorization":["Bearer gT3sR2qP1oXy"],"http.response.header.www-authenticate":["Bearer error=\"invalid_token\", error_description=\"Access denied for gT3sR2qP1oXy\""]}}` + "\n",
		want: `{"name":"GET","context":{"trace_id":"0x1","span_id":"0x2"},"kind":"SpanKind.CLIENT","start_time":"2026-03-06T06:00:00.120000Z","end_time":"2026-03-06T06:00:00.760000Z","attributes":{"http.method":"GET","http.url":"https://api.acme.example/v1/me","http.status_code":401,"http.request.header.authorization":["Bearer ` + fp("gT3sR2qP1oXy") + `"],"http.response.header.www-authenticate":["Bearer error=\"invalid_token\", error_description=\"Access denied for ` + fp("gT3sR2qP1oXy") + `\""]}}` + "\n",
	},
	{
		// (A trace id of 32 hex digits looks opaque to redactText and was
		// fingerprinted before these fixes too.)
		name: "otlp span quoting its own bearer token",
		in:   `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"helpdesk-sync"}}]},"scopeSpans":[{"scope":{"name":"requests"},"spans":[{"traceId":"ce2b5241aeb73486f27ccd7d843f72c5","spanId":"4aa9f0e0d55ce72b","name":"GET","kind":3,"startTimeUnixNano":"1772776800120000000","endTimeUnixNano":"1772776800760000000","attributes":[{"key":"http.request.method","value":{"stringValue":"GET"}},{"key":"url.full","value":{"stringValue":"https://api.acme.example/v1/me"}},{"key":"http.response.status_code","value":{"intValue":"401"}},{"key":"http.request.header.authorization","value":{"arrayValue":{"values":[{"stringValue":"Bearer hU4tS3rQ2pZw"}]}}},{"key":"http.response.header.www-authenticate","value":{"arrayValue":{"values":[{"stringValue":"Bearer error=\"invalid_token\", error_description=\"Access denied for hU4tS3rQ2pZw\""}]}}}]}]}]}]}` + "\n",
		want: `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"helpdesk-sync"}}]},"scopeSpans":[{"scope":{"name":"requests"},"spans":[{"traceId":"` + fp("ce2b5241aeb73486f27ccd7d843f72c5") + `","spanId":"4aa9f0e0d55ce72b","name":"GET","kind":3,"startTimeUnixNano":"1772776800120000000","endTimeUnixNano":"1772776800760000000","attributes":[{"key":"http.request.method","value":{"stringValue":"GET"}},{"key":"url.full","value":{"stringValue":"https://api.acme.example/v1/me"}},{"key":"http.response.status_code","value":{"intValue":"401"}},{"key":"http.request.header.authorization","value":{"arrayValue":{"values":[{"stringValue":"Bearer ` + fp("hU4tS3rQ2pZw") + `"}]}}},{"key":"http.response.header.www-authenticate","value":{"arrayValue":{"values":[{"stringValue":"Bearer error=\"invalid_token\", error_description=\"Access denied for ` + fp("hU4tS3rQ2pZw") + `\""}]}}}]}]}]}]}` + "\n",
	},
	{
		name: "zapier cli record quoting its own bearer token",
		in:   `[{"Status":"401","Method":"GET","URL":"https://api.acme.example/v1/me","Querystring":"","Step ID":"s1","Timestamp":"2026-03-04T14:00:00.412Z","Request Headers":"authorization: Bearer fU4tS3rQ2pLx\naccept: application/json","Request Body":"","Response Headers":"content-type: application/json","Response Body":"{\"error\": \"invalid_token\", \"error_description\": \"Access denied for fU4tS3rQ2pLx\"}"},{"Status":"200","Method":"GET","URL":"https://api.acme.example/v1/me","Request Headers":"accept: application/json","Response Body":"{\"id\": \"fU4tS3rQ2pLx\"}"}]`,
		want: `[{"Status":"401","Method":"GET","URL":"https://api.acme.example/v1/me","Querystring":"","Step ID":"s1","Timestamp":"2026-03-04T14:00:00.412Z","Request Headers":"authorization: Bearer ` + fp("fU4tS3rQ2pLx") + `\naccept: application/json","Request Body":"","Response Headers":"content-type: application/json","Response Body":"{\"error\": \"invalid_token\", \"error_description\": \"Access denied for ` + fp("fU4tS3rQ2pLx") + `\"}"},{"Status":"200","Method":"GET","URL":"https://api.acme.example/v1/me","Request Headers":"accept: application/json","Response Body":"{\"id\": \"fU4tS3rQ2pLx\"}"}]` + "\n",
	},
	{
		name: "har header pair with a comment",
		in:   `{"startedDateTime":"2026-03-02T12:00:00.000Z","request":{"method":"GET","url":"https://api.acme.example/v1/me","headers":[{"name":"X-Request-Id","value":"7f3a","comment":"replayed with access_token=Zq81mWx0Lp4Rt"}],"cookies":[{"name":"sid","value":"a8Fq0","path":"/","domain":".acme.example","expires":"2026-10-21T07:28:00.000Z","httpOnly":true}]},"response":{"status":401,"headers":[],"content":{"text":""}}}` + "\n",
		want: `{"startedDateTime":"2026-03-02T12:00:00.000Z","request":{"method":"GET","url":"https://api.acme.example/v1/me","headers":[{"name":"X-Request-Id","value":"7f3a","comment":"replayed with access_token=` + fp("Zq81mWx0Lp4Rt") + `"}],"cookies":[{"name":"sid","value":"` + fp("sid=a8Fq0") + `","path":"/","domain":".acme.example","expires":"2026-10-21T07:28:00.000Z","httpOnly":true}]},"response":{"status":401,"headers":[],"content":{"text":""}}}` + "\n",
	},
	{
		name: "own token echoed with JSON escapes",
		in:   `{"startedDateTime":"2026-03-02T12:00:00.000Z","request":{"method":"GET","url":"https://api.acme.example/v1/me","headers":[{"name":"Authorization","value":"Bearer Qx/7Zp+Wk3Lm="}]},"response":{"status":401,"headers":[{"name":"content-type","value":"application/json"}],"content":{"mimeType":"application/json","text":"{\"error\":\"invalid_token\",\"detail\":\"credential Qx\\/7Zp+Wk3Lm= rejected\",\"hint\":\"was Qx\\u002f7Zp\\u002bWk3Lm\\u003d\",\"see\":\"https:\\/\\/docs.acme.example\\/errors\"}"}}}` + "\n",
		want: `{"startedDateTime":"2026-03-02T12:00:00.000Z","request":{"method":"GET","url":"https://api.acme.example/v1/me","headers":[{"name":"Authorization","value":"Bearer ` + fp("Qx/7Zp+Wk3Lm=") + `"}]},"response":{"status":401,"headers":[{"name":"content-type","value":"application/json"}],"content":{"mimeType":"application/json","text":"{\"error\":\"invalid_token\",\"detail\":\"credential ` + fp("Qx/7Zp+Wk3Lm=") + ` rejected\",\"hint\":\"was ` + fp("Qx/7Zp+Wk3Lm=") + `\",\"see\":\"https:\\/\\/docs.acme.example\\/errors\"}"}}}` + "\n",
	},
	{
		name: "own token echoed in a base64 body",
		in:   `{"startedDateTime":"2026-03-02T12:00:00.000Z","request":{"method":"GET","url":"https://api.acme.example/v1/me","headers":[{"name":"Authorization","value":"Bearer Rt8Yu7Io6Pq"}]},"response":{"status":401,"headers":[],"content":{"mimeType":"application/json","text":"` + base64.StdEncoding.EncodeToString([]byte(`{"error":"invalid_token","detail":"credential Rt8Yu7Io6Pq rejected"}`)) + `","encoding":"base64"}}}` + "\n",
		want: `{"startedDateTime":"2026-03-02T12:00:00.000Z","request":{"method":"GET","url":"https://api.acme.example/v1/me","headers":[{"name":"Authorization","value":"Bearer ` + fp("Rt8Yu7Io6Pq") + `"}]},"response":{"status":401,"headers":[],"content":{"mimeType":"application/json","text":"` + base64.StdEncoding.EncodeToString([]byte(`{"error":"invalid_token","detail":"credential `+fp("Rt8Yu7Io6Pq")+` rejected"}`)) + `","encoding":"base64"}}}` + "\n",
	},
	{
		name: "soap login password",
		in:   `{"startedDateTime":"2026-03-02T12:00:00.000Z","request":{"method":"POST","url":"https://login.salesforce.com/services/Soap/u/59.0","headers":[{"name":"Content-Type","value":"text/xml; charset=UTF-8"}],"postData":{"mimeType":"text/xml","text":"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"><env:Header><wsse:Security><wsse:UsernameToken><wsse:Username>bob</wsse:Username><wsse:Password>s3cr3t&amp;Pw</wsse:Password></wsse:UsernameToken></wsse:Security></env:Header><env:Body><n1:login xmlns:n1=\"urn:partner.soap.sforce.com\"><n1:username>bob@acme.example</n1:username><n1:password>hunter2-Sf8</n1:password><n1:client_secret><![CDATA[Cx9-secret]]></n1:client_secret><n1:token/></n1:login></env:Body></env:Envelope>"}},"response":{"status":500,"headers":[],"content":{"mimeType":"text/xml","text":"<soapenv:Fault><faultcode>INVALID_LOGIN</faultcode><faultstring>INVALID_LOGIN: Invalid username, password hunter2-Sf8; or user locked out.</faultstring><detail><Code>LOGIN_FAILED</Code><Key>photos/2026/login.png</Key></detail></soapenv:Fault>"}}}` + "\n",
		want: `{"startedDateTime":"2026-03-02T12:00:00.000Z","request":{"method":"POST","url":"https://login.salesforce.com/services/Soap/u/59.0","headers":[{"name":"Content-Type","value":"text/xml; charset=UTF-8"}],"postData":{"mimeType":"text/xml","text":"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\"><env:Header><wsse:Security><wsse:UsernameToken><wsse:Username>bob</wsse:Username><wsse:Password>` + fp("s3cr3t&amp;Pw") + `</wsse:Password></wsse:UsernameToken></wsse:Security></env:Header><env:Body><n1:login xmlns:n1=\"urn:partner.soap.sforce.com\"><n1:username>bob@acme.example</n1:username><n1:password>` + fp("hunter2-Sf8") + `</n1:password><n1:client_secret><![CDATA[` + fp("Cx9-secret") + `]]></n1:client_secret><n1:token/></n1:login></env:Body></env:Envelope>"}},"response":{"status":500,"headers":[],"content":{"mimeType":"text/xml","text":"<soapenv:Fault><faultcode>INVALID_LOGIN</faultcode><faultstring>INVALID_LOGIN: Invalid username, password ` + fp("hunter2-Sf8") + `; or user locked out.</faultstring><detail><Code>LOGIN_FAILED</Code><Key>photos/2026/login.png</Key></detail></soapenv:Fault>"}}}` + "\n",
	},
	{
		name: "scheme-relative url with a password",
		in:   `{"time":"2026-03-06T10:00:00.050Z","method":"GET","url":"https://api.acme.example/v1/files","status":401,"request_headers":{"Accept":"*/*"},"response_headers":{"Content-Type":"application/json"},"response_body":"","mirror":"//bob:Pw-7xq2@files.acme.example/share?x=1","cdn":"//cdn.acme.example/app.js"}` + "\n",
		want: `{"time":"2026-03-06T10:00:00.050Z","method":"GET","url":"https://api.acme.example/v1/files","status":401,"request_headers":{"Accept":"*/*"},"response_headers":{"Content-Type":"application/json"},"response_body":"","mirror":"//` + fp("bob:Pw-7xq2") + `@files.acme.example/share?x=1","cdn":"//cdn.acme.example/app.js"}` + "\n",
	},
	{
		name: "passphrase header and camelCase pass member",
		in:   `{"time":"2026-03-06T10:00:00.000Z","method":"GET","url":"https://api.exchange.coinbase.com/accounts","status":401,"request_headers":{"CB-ACCESS-TIMESTAMP":"1772791200","CB-ACCESS-PASSPHRASE":"cbpN1Zx9"},"request_body":"{\"keystorePass\":\"ksN2Zx9\",\"bypass\":\"cacheN3\"}","response_body":"{\"message\":\"invalid passphrase\"}"}` + "\n",
		want: `{"time":"2026-03-06T10:00:00.000Z","method":"GET","url":"https://api.exchange.coinbase.com/accounts","status":401,"request_headers":{"CB-ACCESS-TIMESTAMP":"1772791200","CB-ACCESS-PASSPHRASE":"` + fp("cbpN1Zx9") + `"},"request_body":"{\"keystorePass\":\"` + fp("ksN2Zx9") + `\",\"bypass\":\"cacheN3\"}","response_body":"{\"message\":\"invalid passphrase\"}"}` + "\n",
	},
	{
		name: "x-auth header echoed in the body",
		in:   `{"time":"2026-03-06T10:00:00.000Z","method":"GET","url":"https://api.acme.example/v1/me","status":401,"request_headers":{"X-Auth":"xaN1Zx9q","X-Auth-Type":"basic"},"response_body":"{\"error\":\"unauthorized\",\"message\":\"X-Auth header xaN1Zx9q not valid\"}"}` + "\n",
		want: `{"time":"2026-03-06T10:00:00.000Z","method":"GET","url":"https://api.acme.example/v1/me","status":401,"request_headers":{"X-Auth":"` + fp("xaN1Zx9q") + `","X-Auth-Type":"basic"},"response_body":"{\"error\":\"unauthorized\",\"message\":\"X-Auth header ` + fp("xaN1Zx9q") + ` not valid\"}"}` + "\n",
	},
	{
		// The value of a pair is the secret, its name stays readable; a
		// pair naming no secret is kept whole, its "Key" included.
		name: "name/value pairs under other member names",
		in:   `{"time":"2026-03-06T10:00:00.000Z","method":"POST","url":"https://crm.acme.example/api/Settings","status":400,"request_body":"{\"Items\":[{\"Key\":\"Password\",\"Value\":\"pvKv1Zx9\"},{\"Name\":\"password\",\"Value\":\"pvNv2Zx9\"},{\"label\":\"Password\",\"value\":\"pvLb3Zx9\"},{\"field\":\"password\",\"value\":\"pvFd4Zx9\"},{\"ParameterKey\":\"DBPassword\",\"ParameterValue\":\"pvCf5Zx9\"},{\"fieldName\":\"Password\",\"fieldValue\":\"pvFn6Zx9\"},{\"name\":\"DB_PASS\",\"value\":\"pvEc7Zx9\"},{\"id\":\"api_password\",\"val\":\"pvId8Zx9\"}],\"Tags\":[{\"Key\":\"Environment\",\"Value\":\"production\"},{\"label\":\"Email\",\"value\":\"bob@acme.example\"},{\"id\":\"theme\",\"val\":\"dark-mode\"},{\"ParameterKey\":\"InstanceType\",\"ParameterValue\":\"t3.micro\"}]}","response_body":"{\"error\":\"bad_request\"}"}` + "\n",
		want: `{"time":"2026-03-06T10:00:00.000Z","method":"POST","url":"https://crm.acme.example/api/Settings","status":400,"request_body":"{\"Items\":[{\"Key\":\"Password\",\"Value\":\"` + fp("pvKv1Zx9") + `\"},{\"Name\":\"password\",\"Value\":\"` + fp("pvNv2Zx9") + `\"},{\"label\":\"Password\",\"value\":\"` + fp("pvLb3Zx9") + `\"},{\"field\":\"password\",\"value\":\"` + fp("pvFd4Zx9") + `\"},{\"ParameterKey\":\"DBPassword\",\"ParameterValue\":\"` + fp("pvCf5Zx9") + `\"},{\"fieldName\":\"Password\",\"fieldValue\":\"` + fp("pvFn6Zx9") + `\"},{\"name\":\"DB_PASS\",\"value\":\"` + fp("pvEc7Zx9") + `\"},{\"id\":\"api_password\",\"val\":\"` + fp("pvId8Zx9") + `\"}],\"Tags\":[{\"Key\":\"Environment\",\"Value\":\"production\"},{\"label\":\"Email\",\"value\":\"bob@acme.example\"},{\"id\":\"theme\",\"val\":\"dark-mode\"},{\"ParameterKey\":\"InstanceType\",\"ParameterValue\":\"t3.micro\"}]}","response_body":"{\"error\":\"bad_request\"}"}` + "\n",
	},
	{
		// The member naming the secret need not come first: an id or a
		// label may precede it (Keycloak's credentials, env lists).
		name: "name/value pairs whose secret's name is not the first name member",
		in:   `{"time":"2026-03-06T10:00:00.000Z","method":"POST","url":"https://kc.acme.example/admin/realms/x/users","status":400,"request_body":"{\"credentials\":[{\"id\":\"c8f2a1\",\"type\":\"password\",\"value\":\"kcP1Zx9q\"}],\"env\":[{\"id\":\"42\",\"key\":\"DB_PASSWORD\",\"value\":\"dbP2Zx9q\"},{\"label\":\"Email\",\"key\":\"api_key\",\"value\":\"akP3Zx9q\"},{\"id\":\"7\",\"key\":\"REGION\",\"value\":\"eu-west-1\"}]}","response_body":"{\"error\":\"bad\"}"}` + "\n",
		want: `{"time":"2026-03-06T10:00:00.000Z","method":"POST","url":"https://kc.acme.example/admin/realms/x/users","status":400,"request_body":"{\"credentials\":[{\"id\":\"c8f2a1\",\"type\":\"password\",\"value\":\"` + fp("kcP1Zx9q") + `\"}],\"env\":[{\"id\":\"42\",\"key\":\"DB_PASSWORD\",\"value\":\"` + fp("dbP2Zx9q") + `\"},{\"label\":\"Email\",\"key\":\"api_key\",\"value\":\"` + fp("akP3Zx9q") + `\"},{\"id\":\"7\",\"key\":\"REGION\",\"value\":\"eu-west-1\"}]}","response_body":"{\"error\":\"bad\"}"}` + "\n",
	},
	{
		// A placeholder sent for a secret the client never had is no
		// secret: "Bearer undefined" is what the support engineer must see.
		name: "placeholders shown as written",
		in:   `{"time":"2026-03-06T10:00:00.000Z","method":"POST","url":"https://login.acme.example/oauth/token?access_token=undefined","status":401,"request_headers":{"Authorization":"Bearer undefined","X-Api-Key":"[object Object]"},"request_body":"{\"client_secret\":\"None\",\"refresh_token\":\"null\",\"password\":\"nil\"}","response_body":"{\"error\":\"invalid_token\",\"error_description\":\"Malformed token: undefined\"}"}` + "\n",
		want: `{"time":"2026-03-06T10:00:00.000Z","method":"POST","url":"https://login.acme.example/oauth/token?access_token=undefined","status":401,"request_headers":{"Authorization":"Bearer undefined","X-Api-Key":"[object Object]"},"request_body":"{\"client_secret\":\"None\",\"refresh_token\":\"null\",\"password\":\"nil\"}","response_body":"{\"error\":\"invalid_token\",\"error_description\":\"Malformed token: undefined\"}"}` + "\n",
	},
	{
		// A password holds spaces and '&' as a person typed it: the form
		// body encodes them, the log message quotes it raw.
		name: "password with spaces and '&' in a form and a log message",
		in:   `{"time":"2026-03-06T10:00:00.000Z","method":"POST","url":"https://app.acme.example/login","status":401,"request_headers":{"Content-Type":"application/x-www-form-urlencoded"},"request_body":"username=bob&password=p%26ss+word&remember=1","response_body":"{\"error\":\"invalid_grant\"}","message":"login failed for user=bob password=correct horse battery"}` + "\n",
		want: `{"time":"2026-03-06T10:00:00.000Z","method":"POST","url":"https://app.acme.example/login","status":401,"request_headers":{"Content-Type":"application/x-www-form-urlencoded"},"request_body":"username=bob&password=` + fp("p&ss word") + `&remember=1","response_body":"{\"error\":\"invalid_grant\"}","message":"login failed for user=bob password=` + fp("correct horse battery") + `"}` + "\n",
	},
	{
		name: "JSON in a query parameter, encoded and not",
		in:   `{"time":"2026-03-06T10:00:00.000Z","method":"GET","url":"https://api.acme.example/v2/search?filter=%7B%22api_key%22%3A%22abc123secretXYZ%22%7D&limit=5","status":401,"request_headers":{"Accept":"application/json"},"response_body":"{\"error\":\"unauthorized\",\"request\":\"/v2/search?q={\\\"access_token\\\":\\\"qTok9Zx8Lm2\\\"}\"}"}` + "\n",
		want: `{"time":"2026-03-06T10:00:00.000Z","method":"GET","url":"https://api.acme.example/v2/search?filter=%7B%22api_key%22%3A%22` + fp("abc123secretXYZ") + `%22%7D&limit=5","status":401,"request_headers":{"Accept":"application/json"},"response_body":"{\"error\":\"unauthorized\",\"request\":\"/v2/search?q={\\\"access_token\\\":\\\"` + fp("qTok9Zx8Lm2") + `\\\"}\"}"}` + "\n",
	},
	{
		// Django's technical 500 page lists a frame's local variables and
		// the settings; it masks the settings it knows to be sensitive,
		// not the locals. PHP's trace prints a constructor's arguments.
		name: "debug pages: django locals and settings, a PHP trace",
		in:   `{"time":"2026-03-06T10:00:00.000Z","method":"POST","url":"https://app.acme.example/api/login","status":500,"response_headers":{"Content-Type":"text/html"},"response_body":"<table class=\"vars\"><tbody>\n<tr><td>password</td><td class=\"code\"><pre>&#x27;correct horse&#x27;</pre></td></tr>\n<tr><td>username</td><td class=\"code\"><pre>&#x27;bob&#x27;</pre></td></tr>\n</tbody></table>\n<table class=\"req\"><tbody>\n<tr><td>API_KEY</td><td class=\"code\"><pre>&#x27;********************&#x27;</pre></td></tr>\n<tr><td>DATABASE_PASSWORD</td><td class=\"code\"><pre>&#39;hunter2xyz&#39;</pre></td></tr>\n</tbody></table>","error":"#0 /var/www/src/Db.php(42): PDO->__construct('mysql:host=db;dbname=app', 'appuser', 'S3cretDbPass!')"}` + "\n",
		want: `{"time":"2026-03-06T10:00:00.000Z","method":"POST","url":"https://app.acme.example/api/login","status":500,"response_headers":{"Content-Type":"text/html"},"response_body":"<table class=\"vars\"><tbody>\n<tr><td>password</td><td class=\"code\"><pre>&#x27;` + fp("correct horse") + `&#x27;</pre></td></tr>\n<tr><td>username</td><td class=\"code\"><pre>&#x27;bob&#x27;</pre></td></tr>\n</tbody></table>\n<table class=\"req\"><tbody>\n<tr><td>API_KEY</td><td class=\"code\"><pre>&#x27;********************&#x27;</pre></td></tr>\n<tr><td>DATABASE_PASSWORD</td><td class=\"code\"><pre>&#39;` + fp("hunter2xyz") + `&#39;</pre></td></tr>\n</tbody></table>","error":"#0 /var/www/src/Db.php(42): PDO->__construct('mysql:host=db;dbname=app', 'appuser', '` + fp("S3cretDbPass!") + `')"}` + "\n",
	},
	{
		// An API key sent as the user of an auth object with no password,
		// as a Node service logs axios's config: the user goes, as it does
		// in free text (a password member is fingerprinted whatever its
		// length, the stand-in "X" too).
		name: "auth object whose user is the key",
		in:   `{"time":"2026-03-06T10:00:00.000Z","level":"error","msg":"Request failed with status code 401","status":401,"config":{"method":"get","url":"https://acme.freshdesk.com/api/v2/tickets","auth":{"username":"fdK3yN8Zx9q","password":"X"}},"response":{"data":"{\"code\":\"invalid_credentials\",\"message\":\"You have to be logged in to perform this action.\"}"},"note":"retried with fdK3yN8Zx9q"}` + "\n",
		want: `{"time":"2026-03-06T10:00:00.000Z","level":"error","msg":"Request failed with status code 401","status":401,"config":{"method":"get","url":"https://acme.freshdesk.com/api/v2/tickets","auth":{"username":"` + fp("fdK3yN8Zx9q") + `","password":"` + fp("X") + `"}},"response":{"data":"{\"code\":\"invalid_credentials\",\"message\":\"You have to be logged in to perform this action.\"}"},"note":"retried with ` + fp("fdK3yN8Zx9q") + `"}` + "\n",
	},
	{
		// Spring Security's OAuth2AuthorizedClient as Jackson writes it
		// to a session store: the tokens are under tokenValue.
		name: "spring security token values",
		in:   `{"time":"2026-03-06T10:00:00.000Z","level":"DEBUG","logger":"o.s.s.oauth2.client","msg":"authorized client saved","client":{"clientRegistrationId":"acme","principalName":"bob","accessToken":{"tokenValue":"sp1Tk9x2Lm","issuedAt":1772791200.0,"expiresAt":1772794800.0,"tokenType":{"value":"Bearer"},"scopes":["read"]},"refreshToken":{"tokenValue":"spR4fQ7w","issuedAt":1772791200.0}}}` + "\n",
		want: `{"time":"2026-03-06T10:00:00.000Z","level":"DEBUG","logger":"o.s.s.oauth2.client","msg":"authorized client saved","client":{"clientRegistrationId":"acme","principalName":"bob","accessToken":{"tokenValue":"` + fp("sp1Tk9x2Lm") + `","issuedAt":1772791200.0,"expiresAt":1772794800.0,"tokenType":{"value":"Bearer"},"scopes":["read"]},"refreshToken":{"tokenValue":"` + fp("spR4fQ7w") + `","issuedAt":1772791200.0}}}` + "\n",
	},
	{
		// An API key sent as the user with no password, in a Java record's
		// toString and in print_r of Guzzle's options.
		name:   "key as the user in a toString and a print_r",
		format: FormatMapped,
		in:     `{"time":"2026-03-06T10:00:00.000Z","status":401,"msg":"client BasicAuth[username=fdK3yJ2Zx9q, password=]","dump":"Array\n(\n    [auth] => Array\n        (\n            [0] => fdK3yJ4Zx9q\n            [1] => \n        )\n\n)"}` + "\n",
		want:   `{"time":"2026-03-06T10:00:00.000Z","status":401,"msg":"client BasicAuth[username=` + fp("fdK3yJ2Zx9q") + `, password=]","dump":"Array\n(\n    [auth] => Array\n        (\n            [0] => ` + fp("fdK3yJ4Zx9q") + `\n            [1] => \n        )\n\n)"}` + "\n",
	},
	{
		name: "secrets that start like placeholders",
		in:   `{"time":"2026-03-06T10:00:00.000Z","method":"GET","url":"https://api.acme.example/v1/me","status":401,"request_headers":{"Authorization":"Bearer undefinedQx9Zk2"},"request_body":"{\"client_secret\":\"NoneSuch9Zx\"}","response_body":"{\"error\":\"invalid_token\"}"}` + "\n",
		want: `{"time":"2026-03-06T10:00:00.000Z","method":"GET","url":"https://api.acme.example/v1/me","status":401,"request_headers":{"Authorization":"Bearer ` + fp("undefinedQx9Zk2") + `"},"request_body":"{\"client_secret\":\"` + fp("NoneSuch9Zx") + `\"}","response_body":"{\"error\":\"invalid_token\"}"}` + "\n",
	},
	{
		// An API key sent as the user with a password that stands in for
		// none ("password") or any password at all: a key-shaped user
		// (32 hex digits, a long lower-case key) is fingerprinted whole.
		name: "basic API key user, any password",
		in: `{"time":"2026-03-06T10:00:00.000Z","method":"GET","url":"https://api.track.toggl.com/api/v9/me","status":401,"request_headers":{"Authorization":"Basic ` + base64.StdEncoding.EncodeToString([]byte("1971800d4d82861d8f2c1651fea4d212:password")) + `"}}` + "\n" +
			`{"time":"2026-03-06T10:00:01.000Z","method":"GET","url":"https://api.acme.example/v1/me","status":401,"request_headers":{"Authorization":"Basic ` + base64.StdEncoding.EncodeToString([]byte("live_key_0a9s8d7f6g5h4j3k2l1:s3cr3tpass")) + `"}}` + "\n",
		want: `{"time":"2026-03-06T10:00:00.000Z","method":"GET","url":"https://api.track.toggl.com/api/v9/me","status":401,"request_headers":{"Authorization":"Basic ` + fp(base64.StdEncoding.EncodeToString([]byte("1971800d4d82861d8f2c1651fea4d212:password"))) + `"}}` + "\n" +
			`{"time":"2026-03-06T10:00:01.000Z","method":"GET","url":"https://api.acme.example/v1/me","status":401,"request_headers":{"Authorization":"Basic ` + fp(base64.StdEncoding.EncodeToString([]byte("live_key_0a9s8d7f6g5h4j3k2l1:s3cr3tpass"))) + `"}}` + "\n",
	},
	{
		// An API key sent as the user, with Toggl's literal api_token or a
		// placeholder for the password, is fingerprinted whole: its user
		// was kept as a client id's is.
		name: "basic key as user with a stand-in password",
		in: `{"time":"2026-03-06T10:00:00.000Z","method":"GET","url":"https://api.track.toggl.com/api/v9/me","status":403,"request_headers":{"Authorization":"Basic dGdLM3lUOXhXMnBMbTRSejphcGlfdG9rZW4="}}` + "\n" +
			`{"time":"2026-03-06T10:00:01.000Z","method":"GET","url":"https://api.acme.example/v1/me","status":401,"request_headers":{"Authorization":"Basic YXhLM3lUOXhXMnBMbTRSejp1bmRlZmluZWQ="}}` + "\n",
		want: `{"time":"2026-03-06T10:00:00.000Z","method":"GET","url":"https://api.track.toggl.com/api/v9/me","status":403,"request_headers":{"Authorization":"Basic ` + fp("dGdLM3lUOXhXMnBMbTRSejphcGlfdG9rZW4=") + `"}}` + "\n" +
			`{"time":"2026-03-06T10:00:01.000Z","method":"GET","url":"https://api.acme.example/v1/me","status":401,"request_headers":{"Authorization":"Basic ` + fp("YXhLM3lUOXhXMnBMbTRSejp1bmRlZmluZWQ=") + `"}}` + "\n",
	},
}

func TestRedactLeaks(t *testing.T) {
	for _, tt := range redactLeakTests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if _, err := Redact(strings.NewReader(tt.in), "in", &out, Options{Format: tt.format}, func(e *RecordError) { t.Error(e) }); err != nil {
				t.Fatal(err)
			}
			if got := out.String(); got != tt.want {
				t.Errorf("redacted copy\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestSetCookies(t *testing.T) {
	tests := []struct{ in, want string }{
		{"sid=abc; Path=/; HttpOnly", "sid=; Path=/; HttpOnly"},
		{"a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT, b=2; Path=/", "a=; Expires=Wed, 21 Oct 2026 07:28:00 GMT, b=; Path=/"},
		{"a=1\r\nb=2\r\n", "a=\r\nb=\r\n"},
		{"a=1, , b", "a="},
		{"flag; Secure", "flag=; Secure"},
	}
	for _, tt := range tests {
		if got := emptySetCookies(tt.in); got != tt.want {
			t.Errorf("emptySetCookies(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestScrubFingerprint checks that a known secret scrubbed from text gets
// the fingerprint redact gives the secret itself, in its plain and its
// query-escaped form, '+' and '%' included.
func TestScrubFingerprint(t *testing.T) {
	for _, secret := range []string{"Qx/7Zp+Wk3Lm=", "s%3AdW6vU5tS4r.abc", "plainSecret42"} {
		var ks knownSecrets
		ks.add(secret)
		text := "denied for " + secret + "; retry with ?token=" + url.QueryEscape(secret)
		want := "denied for " + fp(secret) + "; retry with ?token=" + fp(secret)
		if got := ks.scrub(text); got != want {
			t.Errorf("scrub(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestXMLSecretsLinear feeds xmlSecrets tags that never close and CDATA
// sections that never end: each must cost one pass, not one per tag.
func TestXMLSecretsLinear(t *testing.T) {
	for _, unit := range []string{"<a:password ", "<password><![CDATA[x", "<password>", "<<<"} {
		s := strings.Repeat(unit, 1<<17)
		done := make(chan struct{})
		go func() {
			xmlSecrets(s, func(int, int) {})
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("xmlSecrets on %d × %q did not finish in 10 s", 1<<17, unit)
		}
	}
}

// TestURLNestingLinear: URLs and JSON nested in URL parameters, each
// level in the one before, are redacted in time linear in their length
// (each level was redacted apart: 80 KB of JSON in JSON took 20 s), and
// a secret nested deeper than maxURLNesting is not shown.
func TestURLNestingLinear(t *testing.T) {
	for _, unit := range []string{"https://a.example/?next=", "https://a.example/?q=%5B%22{", `https://a.example/?q=["{`} {
		s := strings.Repeat(unit, 1<<15) + "https://a.example/?access_token=deepN1Zx9q"
		done := make(chan string)
		go func() {
			r, _, _ := redactURL(s)
			done <- r + " " + redactText(s)
		}()
		select {
		case r := <-done:
			if strings.Contains(r, "deepN1Zx9q") {
				t.Errorf("%d × %q: the innermost access_token is shown", 1<<15, unit)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("redacting %d × %q did not finish in 10 s", 1<<15, unit)
		}
	}
}

// TestRailsTokenEcho: a Rails token of any length sent as Token
// token="…" is known to its record, so a body that quotes it is scrubbed
// too, in redact's copy and in the Event's error text.
func TestRailsTokenEcho(t *testing.T) {
	in := `{"time":"2026-03-02T09:00:00Z","method":"GET","url":"https://app.example.com/api/v1/orders","status":401,` +
		`"request_headers":{"Authorization":"Token token=\"q7Zb2w\", email=\"ops@acme.example\""},` +
		`"response_body":"{\"error\":\"Invalid token q7Zb2w for ops@acme.example\"}"}` + "\n"
	var out bytes.Buffer
	if _, err := Redact(strings.NewReader(in), "in", &out, Options{}, func(e *RecordError) { t.Error(e) }); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "q7Zb2w") || !strings.Contains(out.String(), "for ops@acme.example") {
		t.Errorf("redacted copy: %s", out.String())
	}
	var evs []*Event
	if _, err := Read(strings.NewReader(in), "in", Options{}, func(e *Event) { evs = append(evs, e) }, func(e *RecordError) { t.Error(e) }); err != nil || len(evs) != 1 {
		t.Fatalf("%d events, %v", len(evs), err)
	}
	if b, _ := json.Marshal(evs[0]); strings.Contains(string(b), "q7Zb2w") {
		t.Errorf("event: %s", b)
	}
}
