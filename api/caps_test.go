package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// HTTP-7/8: an error body is read through a 64 KiB cap. Past it, a
// documented error shape no longer parses (so it is shown as a snippet),
// and the client reads no more than 64 KiB of a 1 MiB page.
func TestErrorBodyCapIs64KiB(t *testing.T) {
	const limit = 64 << 10 // the documented cap, not errorBodyLimit: a test of the number
	pad := func(n int) string { return strings.Repeat("a", n) }
	apiError := func(msgLen int) string { return `{"error_code":"x","error_msg":"` + pad(msgLen) + `"}` }
	const overhead = len(`{"error_code":"x","error_msg":""}`)
	tests := []struct {
		name  string
		body  string
		check func(*testing.T, error)
	}{
		{"error JSON of exactly 64 KiB is decoded", apiError(limit - overhead), wantAs[*APIError]()},
		{"error JSON one byte over is cut, so not decoded", apiError(limit - overhead + 1), wantAs[*UnexpectedResponseError]()},
		{"1 MiB error page", `<html>` + pad(1<<20) + `</html>`, wantAs[*UnexpectedResponseError]()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var dbg syncBuffer
			ts := setup(t, WithDebug(&dbg))
			ct := "application/json"
			if strings.HasPrefix(tt.body, "<") {
				ct = "text/html"
			}
			ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) { reply(w, 500, ct, tt.body) })
			_, err := ts.client.GetTicket(context.Background(), testGUID)
			tt.check(t, err)
			want := min(len(tt.body), limit)
			if !strings.Contains(dbg.String(), "body: "+strconv.Itoa(want)+" bytes read") {
				t.Errorf("trace does not say %d bytes were read:\n%.600s", want, dbg.String())
			}
		})
	}
}

// HTTP-7: a success body whose Content-Length announces more than the cap
// is refused before a byte of it is read. The server here announces 11 MiB
// and then sends 1 KiB and waits: without the check, the client would sit
// reading until its timeout.
func TestContentLengthPreCheck(t *testing.T) {
	var dbg syncBuffer
	ts := setup(t, WithDebug(&dbg), WithTimeout(3*time.Second))
	ts.mux.HandleFunc(ticketPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(11<<20))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"ticket":{"title":"` + strings.Repeat("a", 1<<10)))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	tk, err := ts.client.GetTicket(context.Background(), testGUID)
	if !errors.Is(err, ErrResponseTooLarge) || tk != nil {
		t.Fatalf("GetTicket = %v, %v; want ErrResponseTooLarge from the Content-Length alone", tk, err)
	}
	if !strings.Contains(dbg.String(), "Content-Length: 11534336") || !strings.Contains(dbg.String(), "body: 0 bytes read") {
		t.Errorf("want the announced length in the trace and no body byte read:\n%.800s", dbg.String())
	}
}
