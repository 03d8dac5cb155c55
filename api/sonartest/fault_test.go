package sonartest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sonar-tui/sonar-tui/api/sonartest"
)

func TestPlainFaults(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		fault       sonartest.Fault
		status      int
		contentType string
		body        string
		header      [2]string
	}{
		{"status", sonartest.Status(503), 503, "text/plain; charset=utf-8", "503 Service Unavailable\n", [2]string{}},
		{"respond", sonartest.Respond(418, "application/xml", []byte("<teapot/>")), 418, "application/xml", "<teapot/>", [2]string{}},
		{"json error", sonartest.JSONError(500, "illegal-state", "ticket not found: x"), 500, sonartest.ContentTypeJSON,
			"{\n  \"error_code\": \"illegal-state\",\n  \"error_msg\": \"ticket not found: x\"\n}", [2]string{}},
		{"proxy login page", sonartest.HTML(200, sonartest.ProxyLoginPage), 200, "text/html; charset=utf-8", sonartest.ProxyLoginPage, [2]string{}},
		{"429", sonartest.TooManyRequests("2"), 429, "text/plain; charset=utf-8", "429 Too Many Requests\n", [2]string{"Retry-After", "2"}},
		{"429 http-date", sonartest.TooManyRequests("Wed, 21 Oct 2015 07:28:00 GMT"), 429, "text/plain; charset=utf-8", "",
			[2]string{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}},
		{"redirect", sonartest.Redirect(302, "http://127.0.0.1:1/steal"), 302, "", "", [2]string{"Location", "http://127.0.0.1:1/steal"}},
		{"extra header", sonartest.Status(502).WithHeader("Via", "1.1 proxy"), 502, "text/plain; charset=utf-8", "", [2]string{"Via", "1.1 proxy"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ts := serve(t, sonartest.WithFault(sonartest.SeedGUID, tc.fault))
			a := getTicket(t, ts, sonartest.SeedGUID)
			if a.status != tc.status {
				t.Errorf("status = %d, want %d", a.status, tc.status)
			}
			if ct := a.header.Get("Content-Type"); ct != tc.contentType {
				t.Errorf("Content-Type = %q, want %q", ct, tc.contentType)
			}
			if tc.body != "" && string(a.body) != tc.body {
				t.Errorf("body = %q, want %q", a.body, tc.body)
			}
			if k := tc.header[0]; k != "" && a.header.Get(k) != tc.header[1] {
				t.Errorf("%s = %q, want %q", k, a.header.Get(k), tc.header[1])
			}
		})
	}
}

func TestFaultSequenceThenNormal(t *testing.T) {
	t.Parallel()
	s, ts := serve(t, sonartest.WithFault(sonartest.SeedGUID,
		sonartest.Status(503).Times(2),
		sonartest.TooManyRequests("1").Times(1),
	))
	var got []int
	for range 5 {
		got = append(got, getTicket(t, ts, sonartest.SeedGUID).status)
	}
	if want := []int{503, 503, 429, 200, 200}; !slices.Equal(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
	if n := s.RequestsFor(sonartest.SeedGUID); n != 5 {
		t.Errorf("RequestsFor = %d, want 5", n)
	}
	// Other GUIDs are unaffected.
	if a := getTicket(t, ts, sonartest.PlainGUID); a.status != 200 {
		t.Errorf("other GUID: %d", a.status)
	}
}

func TestFaultWithoutTimesIsPermanent(t *testing.T) {
	t.Parallel()
	s, ts := serve(t, sonartest.WithFault(sonartest.SeedGUID, sonartest.OK().Times(1), sonartest.Status(500)))
	for i, want := range []int{200, 500, 500} {
		if got := getTicket(t, ts, sonartest.SeedGUID).status; got != want {
			t.Errorf("request %d: status %d, want %d", i+1, got, want)
		}
	}
	s.SetFaults(sonartest.SeedGUID) // clears
	if got := getTicket(t, ts, sonartest.SeedGUID).status; got != 200 {
		t.Errorf("after SetFaults(): status %d", got)
	}
}

func TestAnyGUIDFault(t *testing.T) {
	t.Parallel()
	_, ts := serve(t,
		sonartest.WithFault(sonartest.AnyGUID, sonartest.HTML(200, sonartest.ProxyLoginPage)),
		sonartest.WithFault(sonartest.PlainGUID, sonartest.Status(503).Times(1)),
	)
	for _, url := range []string{ts.URL + "/anything", ts.URL + sonartest.TicketPath + sonartest.SeedGUID} {
		if a := do(t, http.MethodGet, url, ""); !strings.HasPrefix(a.header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: Content-Type %q", url, a.header.Get("Content-Type"))
		}
	}
	// The GUID's own queue comes first; once it is used up AnyGUID applies.
	if a := getTicket(t, ts, sonartest.PlainGUID); a.status != 503 {
		t.Errorf("first: %d, want 503", a.status)
	}
	if a := getTicket(t, ts, sonartest.PlainGUID); !bytes.Contains(a.body, []byte("Corporate Web Gateway")) {
		t.Errorf("second: %q", a.body)
	}
}

func TestFaultsComeBeforeTheKeyCheck(t *testing.T) {
	t.Parallel()
	_, ts := serve(t, sonartest.WithFault(sonartest.SeedGUID, sonartest.Status(503).Times(1), sonartest.OK().Gzip()))
	url := ts.URL + sonartest.TicketPath + sonartest.SeedGUID
	if a := do(t, http.MethodGet, url, ""); a.status != 503 {
		t.Errorf("fault without key: %d, want 503", a.status)
	}
	// A pass-through fault passes through Sonar's answer, here a 401.
	a := do(t, http.MethodGet, url, "")
	if a.status != 401 || !bytes.Contains(a.body, []byte("unauthorized")) {
		t.Errorf("gzip pass-through: %d %q", a.status, a.body)
	}
}

func TestGzipPassThrough(t *testing.T) {
	t.Parallel()
	_, ts := serve(t, sonartest.WithFault(sonartest.SeedGUID, sonartest.OK().Gzip()))
	req, _ := http.NewRequest(http.MethodGet, ts.URL+sonartest.TicketPath+sonartest.SeedGUID, nil)
	req.Header.Set("Authorization", bearer)
	resp, err := client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	seed, _ := sonartest.LookupFixture("seed")
	if !resp.Uncompressed || !bytes.Equal(body, seed.Body) {
		t.Errorf("uncompressed=%v, body equal=%v", resp.Uncompressed, bytes.Equal(body, seed.Body))
	}
}

func TestTruncate(t *testing.T) {
	t.Parallel()
	_, ts := serve(t, sonartest.WithFault(sonartest.SeedGUID, sonartest.Truncate(100)))
	req, _ := http.NewRequest(http.MethodGet, ts.URL+sonartest.TicketPath+sonartest.SeedGUID, nil)
	req.Header.Set("Authorization", bearer)
	resp, err := client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	seed, _ := sonartest.LookupFixture("seed")
	if resp.ContentLength != int64(len(seed.Body)) {
		t.Errorf("ContentLength = %d, want the full %d", resp.ContentLength, len(seed.Body))
	}
	body, err := io.ReadAll(resp.Body)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("read error = %v, want unexpected EOF", err)
	}
	if !bytes.Equal(body, seed.Body[:100]) {
		t.Errorf("got %d bytes %q, want the first 100", len(body), body)
	}
}

func TestDrop(t *testing.T) {
	t.Parallel()
	s, ts := serve(t, sonartest.WithFault(sonartest.SeedGUID, sonartest.Drop().Times(1)))
	req, _ := http.NewRequest(http.MethodGet, ts.URL+sonartest.TicketPath+sonartest.SeedGUID, nil)
	if resp, err := client().Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("got status %d, want a connection error", resp.StatusCode)
	}
	if got := getTicket(t, ts, sonartest.SeedGUID).status; got != 200 {
		t.Errorf("after the drop: %d", got)
	}
	if n := s.RequestsFor(sonartest.SeedGUID); n != 2 {
		t.Errorf("RequestsFor = %d, want 2", n)
	}
}

func TestHangUntilClientGivesUp(t *testing.T) {
	t.Parallel()
	_, ts := serve(t, sonartest.WithFault(sonartest.SeedGUID, sonartest.Hang()))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+sonartest.TicketPath+sonartest.SeedGUID, nil)
	start := time.Now()
	_, err := client().Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want deadline exceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestHangReleasedByClose(t *testing.T) {
	t.Parallel()
	s, ts := serve(t, sonartest.WithFault(sonartest.SeedGUID, sonartest.Hang()))
	errc := make(chan error, 1)
	go func() {
		resp, err := client().Get(ts.URL + sonartest.TicketPath + sonartest.SeedGUID)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	for s.Requests() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	s.Close()
	select {
	case err := <-errc:
		if err == nil {
			t.Error("a released hang answered; want the connection closed")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not release the hung request")
	}
}

func TestDelayAndAfter(t *testing.T) {
	t.Parallel()
	_, ts := serve(t, sonartest.WithFault(sonartest.SeedGUID,
		sonartest.Delay(100*time.Millisecond).Times(1),
		sonartest.Status(503).After(100*time.Millisecond).Times(1)))
	for _, want := range []int{200, 503} {
		start := time.Now()
		if got := getTicket(t, ts, sonartest.SeedGUID).status; got != want {
			t.Errorf("status %d, want %d", got, want)
		}
		if d := time.Since(start); d < 100*time.Millisecond {
			t.Errorf("answered after %v, want >= 100ms", d)
		}
	}
}

func TestHugeIsValidJSONOfExactSize(t *testing.T) {
	t.Parallel()
	const size = 1<<20 + 7
	_, ts := serve(t, sonartest.WithFault(sonartest.SeedGUID, sonartest.Huge(size)))
	a := getTicket(t, ts, sonartest.SeedGUID)
	wantJSON(t, a, http.StatusOK, "")
	if len(a.body) != size || a.header.Get("Content-Length") != strconv.Itoa(size) {
		t.Errorf("len = %d, Content-Length %q, want %d", len(a.body), a.header.Get("Content-Length"), size)
	}
	var v struct {
		Ticket struct{ GUID, Content string }
	}
	if err := json.Unmarshal(a.body, &v); err != nil || v.Ticket.GUID != sonartest.SeedGUID {
		t.Errorf("decode: %v, guid %q", err, v.Ticket.GUID)
	}
}

func TestGzipBomb(t *testing.T) {
	t.Parallel()
	const size, limit = 1 << 30, 2 << 20
	_, ts := serve(t, sonartest.WithFault(sonartest.SeedGUID, sonartest.GzipBomb(size)))
	req, _ := http.NewRequest(http.MethodGet, ts.URL+sonartest.TicketPath+sonartest.SeedGUID, nil)
	req.Header.Set("Authorization", bearer)
	resp, err := client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if !resp.Uncompressed {
		t.Error("the transport did not see Content-Encoding: gzip")
	}
	// A careful client reads through a cap and stops early; the server only
	// compresses what was read, so this is fast even for 1 GiB.
	n, err := io.Copy(io.Discard, io.LimitReader(resp.Body, limit+1))
	if err != nil || n != limit+1 {
		t.Errorf("read %d bytes, err %v; want %d", n, err, limit+1)
	}
}

func TestGzipBombInflatesToTheHugeBody(t *testing.T) {
	t.Parallel()
	const size = 2<<20 + 12345 // whole MiBs and a ragged rest
	_, ts := serve(t,
		sonartest.WithFault(sonartest.SeedGUID, sonartest.GzipBomb(size)),
		sonartest.WithFault(sonartest.PlainGUID, sonartest.Huge(size)))
	plain := getTicket(t, ts, sonartest.PlainGUID).body

	// Ask for gzip explicitly so the transport hands over the raw stream.
	req, _ := http.NewRequest(http.MethodGet, ts.URL+sonartest.TicketPath+sonartest.SeedGUID, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	wire, err := io.ReadAll(resp.Body)
	if err != nil || resp.ContentLength != int64(len(wire)) {
		t.Fatalf("read %d bytes of Content-Length %d: %v", len(wire), resp.ContentLength, err)
	}
	if len(wire) > 16<<10 {
		t.Errorf("wire size %d, want a bomb (< 16 KiB for 2 MiB)", len(wire))
	}
	zr, err := gzip.NewReader(bytes.NewReader(wire))
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)           // one gzip member, like any ordinary gzip body
	inflated, err := io.ReadAll(zr) // also checks the CRC-32 and length trailer
	if err != nil {
		t.Fatal(err)
	}
	// The GUID differs (SeedGUID vs PlainGUID); everything else is the same.
	want := bytes.Replace(plain, []byte(sonartest.PlainGUID), []byte(sonartest.SeedGUID), 1)
	if len(inflated) != size || !bytes.Equal(inflated, want) || !json.Valid(inflated) {
		t.Errorf("inflated %d bytes, equal to Huge: %v", len(inflated), bytes.Equal(inflated, want))
	}
}

func TestGzipBombOfOneGiBIsAboutOneMiBOnTheWire(t *testing.T) {
	t.Parallel()
	_, ts := serve(t, sonartest.WithFault(sonartest.SeedGUID, sonartest.GzipBomb(1<<30)))
	req, _ := http.NewRequest(http.MethodGet, ts.URL+sonartest.TicketPath+sonartest.SeedGUID, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil || n != resp.ContentLength || n > 2<<20 {
		t.Errorf("wire %d bytes (Content-Length %d, err %v), want an honest length under 2 MiB", n, resp.ContentLength, err)
	}
}

func TestTinyHugeIsStillValid(t *testing.T) {
	t.Parallel()
	for _, f := range []sonartest.Fault{sonartest.Huge(1), sonartest.GzipBomb(0)} {
		_, ts := serve(t, sonartest.WithFault(sonartest.SeedGUID, f))
		if a := getTicket(t, ts, sonartest.SeedGUID); !json.Valid(a.body) {
			t.Errorf("body %q is not JSON", a.body)
		}
	}
}

func TestSameOriginRedirectIsFollowable(t *testing.T) {
	t.Parallel()
	s, ts := serve(t, sonartest.WithFault(sonartest.MissingGUID,
		sonartest.Redirect(http.StatusTemporaryRedirect, sonartest.TicketPath+sonartest.SeedGUID)))
	req, _ := http.NewRequest(http.MethodGet, ts.URL+sonartest.TicketPath+sonartest.MissingGUID, nil)
	req.Header.Set("Authorization", bearer)
	resp, err := http.DefaultClient.Do(req) // follows redirects
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || s.RequestsFor(sonartest.SeedGUID) != 1 {
		t.Errorf("status %d, seed requests %d", resp.StatusCode, s.RequestsFor(sonartest.SeedGUID))
	}
}
