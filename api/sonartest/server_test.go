package sonartest_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

const bearer = "Bearer " + sonartest.DemoAPIKey

// serve starts s on an httptest server; s.Close runs before the server's
// Close so that held requests never block the cleanup.
func serve(t *testing.T, opts ...sonartest.Option) (*sonartest.Server, *httptest.Server) {
	t.Helper()
	s := sonartest.New(opts...)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	t.Cleanup(s.Close)
	return s, ts
}

// client does not follow redirects and opens a fresh connection per
// request, so each fault is seen exactly as sent.
func client() *http.Client {
	return &http.Client{
		Transport:     &http.Transport{DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       10 * time.Second,
	}
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func do(t *testing.T, method, url, auth string) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, url, err)
	}
	return answer{resp.StatusCode, resp.Header, body}
}

func getTicket(t *testing.T, ts *httptest.Server, guid string) answer {
	t.Helper()
	return do(t, http.MethodGet, ts.URL+sonartest.TicketPath+guid, bearer)
}

func wantJSON(t *testing.T, a answer, status int, body string) {
	t.Helper()
	if a.status != status {
		t.Errorf("status = %d, want %d (body %q)", a.status, status, a.body)
	}
	if ct := a.header.Get("Content-Type"); ct != sonartest.ContentTypeJSON {
		t.Errorf("Content-Type = %q, want %q", ct, sonartest.ContentTypeJSON)
	}
	if body != "" && string(a.body) != body {
		t.Errorf("body =\n%s\nwant\n%s", a.body, body)
	}
}

const (
	nullBody    = "{\n  \"ticket\": null\n}"
	badGUIDBody = "{\n  \"error_code\": \"invalid-param-type\",\n  \"error_msg\": \"guid should be guid type.\"\n}"
)

func TestEveryFixtureIsServedVerbatim(t *testing.T) {
	t.Parallel()
	_, ts := serve(t)
	for _, f := range sonartest.Fixtures() {
		t.Run(f.Name, func(t *testing.T) {
			a := getTicket(t, ts, f.GUID)
			wantJSON(t, a, http.StatusOK, string(f.Body))
			if cl := a.header.Get("Content-Length"); cl != strconv.Itoa(len(f.Body)) {
				t.Errorf("Content-Length = %q, want %d", cl, len(f.Body))
			}
		})
	}
}

func TestGUIDLookupIgnoresCase(t *testing.T) {
	t.Parallel()
	_, ts := serve(t)
	seed, _ := sonartest.LookupFixture(sonartest.SeedGUID)
	wantJSON(t, getTicket(t, ts, strings.ToUpper(sonartest.SeedGUID)), http.StatusOK, string(seed.Body))
}

func TestUnknownGUIDIsTicketNull(t *testing.T) {
	t.Parallel()
	_, ts := serve(t)
	wantJSON(t, getTicket(t, ts, sonartest.MissingGUID), http.StatusOK, nullBody)
}

func TestInvalidGUIDIs400(t *testing.T) {
	t.Parallel()
	_, ts := serve(t)
	for _, g := range []string{
		"not-a-guid",
		"",
		"49272877-75f2-4c2f-9301-d21c4f9a106g",
		"4927287775f24c2f9301d21c4f9a106d",
		"{49272877-75f2-4c2f-9301-d21c4f9a106d}",
		"49272877-75f2-4c2f-9301-d21c4f9a106d%0A",
		"49272877-75f2-4c2f-9301-d21c4f9a106d%20",
		"1%2f..%2fadmin", // an encoded slash stays in the segment
		"1%00",
		"1?x=1",
	} {
		t.Run(g, func(t *testing.T) {
			wantJSON(t, getTicket(t, ts, g), http.StatusBadRequest, badGUIDBody)
		})
	}
}

func TestAuthorization(t *testing.T) {
	t.Parallel()
	_, ts := serve(t)
	url := ts.URL + sonartest.TicketPath + sonartest.SeedGUID
	for _, tc := range []struct {
		name, auth string
		want       int
	}{
		{"missing", "", http.StatusUnauthorized},
		{"wrong key", "Bearer nope", http.StatusUnauthorized},
		{"basic scheme", "Basic ZGVtbzprZXk=", http.StatusUnauthorized},
		{"no scheme", sonartest.DemoAPIKey, http.StatusUnauthorized},
		{"two spaces", "Bearer  " + sonartest.DemoAPIKey, http.StatusUnauthorized},
		{"key prefix", "Bearer " + sonartest.DemoAPIKey[:5], http.StatusUnauthorized},
		{"right key", bearer, http.StatusOK},
		{"scheme is case-insensitive", "bearer " + sonartest.DemoAPIKey, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := do(t, http.MethodGet, url, tc.auth)
			if a.status != tc.want {
				t.Fatalf("status = %d, want %d", a.status, tc.want)
			}
			if tc.want != http.StatusUnauthorized {
				return
			}
			wantJSON(t, a, http.StatusUnauthorized, "")
			if !bytes.Contains(a.body, []byte(`"error_code": "unauthorized"`)) {
				t.Errorf("body %s lacks error_code unauthorized", a.body)
			}
			if got := a.header.Get("WWW-Authenticate"); got != "Bearer" {
				t.Errorf("WWW-Authenticate = %q", got)
			}
		})
	}
}

func TestTwoAuthorizationHeadersAreRejected(t *testing.T) {
	t.Parallel()
	_, ts := serve(t)
	req, _ := http.NewRequest(http.MethodGet, ts.URL+sonartest.TicketPath+sonartest.SeedGUID, nil)
	req.Header.Add("Authorization", bearer)
	req.Header.Add("Authorization", bearer)
	resp, err := client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("status = %d, want 401", resp.StatusCode)
	}
}

func TestWithAPIKey(t *testing.T) {
	t.Parallel()
	_, ts := serve(t, sonartest.WithAPIKey("key-SENTINEL-7f3a"))
	url := ts.URL + sonartest.TicketPath + sonartest.SeedGUID
	if a := do(t, http.MethodGet, url, bearer); a.status != http.StatusUnauthorized {
		t.Errorf("demo key: status %d, want 401", a.status)
	}
	if a := do(t, http.MethodGet, url, "Bearer key-SENTINEL-7f3a"); a.status != http.StatusOK {
		t.Errorf("configured key: status %d, want 200", a.status)
	}
}

func TestOtherMethodsAre405(t *testing.T) {
	t.Parallel()
	_, ts := serve(t)
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead} {
		t.Run(m, func(t *testing.T) {
			a := do(t, m, ts.URL+sonartest.TicketPath+sonartest.SeedGUID, bearer)
			wantJSON(t, a, http.StatusMethodNotAllowed, "")
			if got := a.header.Get("Allow"); got != http.MethodGet {
				t.Errorf("Allow = %q", got)
			}
		})
	}
}

func TestOtherPathsAre404(t *testing.T) {
	t.Parallel()
	_, ts := serve(t)
	for _, p := range []string{
		"/",
		"/api/sonar/tickets.json",
		"/api/sonar/tickets/" + sonartest.SeedGUID + "/comments",
		"/api/sonar/tickets/../tickets/" + sonartest.SeedGUID,
		"/API/sonar/tickets/" + sonartest.SeedGUID,
	} {
		t.Run(p, func(t *testing.T) {
			a := do(t, http.MethodGet, ts.URL+p, bearer)
			wantJSON(t, a, http.StatusNotFound, "")
			if !bytes.Contains(a.body, []byte(`"error_code": "not-found"`)) {
				t.Errorf("body = %s", a.body)
			}
		})
	}
}

func TestWithTicketIsVerbatimAndWinsOverFixtures(t *testing.T) {
	t.Parallel()
	odd := []byte(`{"ticket":{"guid":"x"}} trailing`)
	_, ts := serve(t, sonartest.WithTicket(sonartest.SeedGUID, odd))
	wantJSON(t, getTicket(t, ts, sonartest.SeedGUID), http.StatusOK, string(odd))
}

func TestFixtureSelection(t *testing.T) {
	t.Parallel()
	_, none := serve(t, sonartest.WithoutFixtures(),
		sonartest.WithTicket(sonartest.MissingGUID, []byte(`{"ticket":{}}`)))
	wantJSON(t, getTicket(t, none, sonartest.SeedGUID), http.StatusOK, nullBody)
	wantJSON(t, getTicket(t, none, sonartest.MissingGUID), http.StatusOK, `{"ticket":{}}`)

	_, some := serve(t, sonartest.WithFixtures("hostile_ticket", sonartest.PlainGUID))
	wantJSON(t, getTicket(t, some, sonartest.SeedGUID), http.StatusOK, nullBody)
	for _, g := range []string{sonartest.HostileGUID, sonartest.PlainGUID} {
		if a := getTicket(t, some, g); string(a.body) == nullBody {
			t.Errorf("%s: got ticket null", g)
		}
	}
}

func TestWithErrorForGUID(t *testing.T) {
	t.Parallel()
	_, ts := serve(t, sonartest.WithErrorForGUID(sonartest.Sonar5GUID, 500, "illegal-state", "no-permission"))
	wantJSON(t, getTicket(t, ts, sonartest.Sonar5GUID), http.StatusInternalServerError,
		"{\n  \"error_code\": \"illegal-state\",\n  \"error_msg\": \"no-permission\"\n}")
	// Sonar's own errors sit behind the key check.
	a := do(t, http.MethodGet, ts.URL+sonartest.TicketPath+sonartest.Sonar5GUID, "")
	if a.status != http.StatusUnauthorized {
		t.Errorf("without key: status %d, want 401", a.status)
	}
}

func TestSetAndDeleteTicketAtRunTime(t *testing.T) {
	t.Parallel()
	s, ts := serve(t)
	s.SetTicket(sonartest.MissingGUID, []byte(`{"ticket":{"id":1}}`))
	wantJSON(t, getTicket(t, ts, sonartest.MissingGUID), http.StatusOK, `{"ticket":{"id":1}}`)
	s.DeleteTicket(sonartest.MissingGUID)
	wantJSON(t, getTicket(t, ts, sonartest.MissingGUID), http.StatusOK, nullBody)
}

func TestCountersAndRequestLog(t *testing.T) {
	t.Parallel()
	s, ts := serve(t)
	if _, ok := s.LastRequest(); ok {
		t.Error("LastRequest before any request: ok = true")
	}
	getTicket(t, ts, sonartest.SeedGUID)
	getTicket(t, ts, strings.ToUpper(sonartest.SeedGUID))
	// A default client, as a real one would be (client() adds Connection: close).
	req, _ := http.NewRequest(http.MethodGet, ts.URL+sonartest.TicketPath+sonartest.MissingGUID, nil)
	req.Header.Set("Authorization", bearer)
	resp, err := (&http.Client{}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	do(t, http.MethodGet, ts.URL+"/elsewhere", "")

	if got := s.Requests(); got != 4 {
		t.Errorf("Requests = %d, want 4", got)
	}
	if got := s.RequestsFor(sonartest.SeedGUID); got != 2 {
		t.Errorf("RequestsFor(seed) = %d, want 2", got)
	}
	if got := s.RequestsFor(sonartest.MissingGUID); got != 1 {
		t.Errorf("RequestsFor(missing) = %d, want 1", got)
	}
	log := s.RequestLog()
	if len(log) != 4 || log[0].GUID != sonartest.SeedGUID || log[3].URI != "/elsewhere" || log[3].GUID != "" {
		t.Errorf("RequestLog = %+v", log)
	}

	// A test can check that the client sends the key and nothing else.
	r := log[2]
	if r.Method != http.MethodGet || r.Header.Get("Authorization") != bearer {
		t.Errorf("request = %+v", r)
	}
	var names []string
	for k := range r.Header {
		names = append(names, k)
	}
	slices.Sort(names)
	if want := []string{"Accept-Encoding", "Authorization", "User-Agent"}; !slices.Equal(names, want) {
		t.Errorf("headers = %v, want %v", names, want)
	}

	// The copies are the caller's.
	last, _ := s.LastRequest()
	last.Header.Set("X-Mutated", "1")
	if again, _ := s.LastRequest(); again.Header.Get("X-Mutated") != "" {
		t.Error("LastRequest shares its header map")
	}

	s.ResetRequests()
	if s.Requests() != 0 || s.RequestsFor(sonartest.SeedGUID) != 0 || len(s.RequestLog()) != 0 {
		t.Error("ResetRequests left counts behind")
	}
}

func TestWithLatency(t *testing.T) {
	t.Parallel()
	_, ts := serve(t, sonartest.WithLatency(150*time.Millisecond))
	start := time.Now()
	getTicket(t, ts, sonartest.SeedGUID)
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("answered after %v, want >= 150ms", d)
	}
}

func TestServesOverTLS(t *testing.T) {
	t.Parallel()
	s := sonartest.New()
	ts := httptest.NewTLSServer(s)
	t.Cleanup(ts.Close)
	req, _ := http.NewRequest(http.MethodGet, ts.URL+sonartest.TicketPath+sonartest.SeedGUID, nil)
	req.Header.Set("Authorization", bearer)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status = %d", resp.StatusCode)
	}
}

func TestValidGUID(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		sonartest.SeedGUID:                              true,
		strings.ToUpper(sonartest.SeedGUID):             true,
		sonartest.SeedGUID + "\n":                       false,
		strings.ReplaceAll(sonartest.SeedGUID, "-", ""): false,
		"49272877_75f2-4c2f-9301-d21c4f9a106d":          false,
		"":                                              false,
	} {
		if got := sonartest.ValidGUID(s); got != want {
			t.Errorf("ValidGUID(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestBadOptionsPanic(t *testing.T) {
	t.Parallel()
	for name, f := range map[string]func(){
		"empty key":   func() { sonartest.WithAPIKey("") },
		"ticket guid": func() { sonartest.WithTicket("../x", nil) },
		"set ticket":  func() { sonartest.New().SetTicket("nope", nil) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("did not panic")
				}
			}()
			f()
		})
	}
}
