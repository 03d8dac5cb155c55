package sonartest

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Fault is one abnormal answer: what a proxy, a load balancer, a broken
// network or a hostile server might send instead of Sonar's answer. Build
// one with a constructor (Status, HTML, Redirect, Truncate, Hang, ...) and
// adjust it with the methods (Times, After, WithHeader, Gzip, CutAfter); a
// Fault is a value, so the methods return a changed copy.
//
// Faults are applied in front of Sonar, before the API key is checked, as a
// proxy would. The zero Fault (OK) passes Sonar's answer through unchanged.
type Fault struct {
	kind     faultKind
	status   int
	ctype    string
	body     []byte
	hasBody  bool // body replaces Sonar's answer, even when empty
	header   http.Header
	delay    time.Duration
	times    int
	cut      bool
	cutAfter int64
	gzip     bool
	hugeSize int64
}

type faultKind uint8

const (
	kindRespond faultKind = iota // Sonar's answer or a replacement body
	kindHang
	kindDrop
	kindHuge
)

// ProxyLoginPage is the kind of page a captive portal or SSO proxy serves
// with status 200 instead of the API answer (SECURITY.md HTTP-8).
const ProxyLoginPage = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in - Corporate Web Gateway</title></head>
<body>
<form method="post" action="/sso/login?return=%2Fapi%2Fsonar%2Ftickets%2F">
<h1>Corporate Web Gateway</h1>
<p>Your session has expired. Please sign in to continue.</p>
<label>User <input name="user"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Sign in</button>
</form>
</body>
</html>
`

// OK passes Sonar's answer through. Useful in sequences
// (OK().Times(1), Status(503)) and with the modifiers (OK().Gzip()).
func OK() Fault { return Fault{} }

// Delay answers normally after d (or gives up when the client cancels).
func Delay(d time.Duration) Fault { return Fault{delay: d} }

// Respond answers status with body and contentType ("" sends no
// Content-Type header), whatever the request was.
func Respond(status int, contentType string, body []byte) Fault {
	f := Fault{status: status, body: bytes.Clone(body), hasBody: true}
	if f.body == nil {
		f.body = []byte{}
	}
	if contentType != "" {
		f.header = http.Header{"Content-Type": {contentType}}
	}
	return f
}

// Status answers status with the short text/plain body a load balancer
// sends, e.g. "503 Service Unavailable".
func Status(status int) Fault {
	body := strconv.Itoa(status) + " " + http.StatusText(status) + "\n"
	return Respond(status, "text/plain; charset=utf-8", []byte(body))
}

// JSONError answers status with Sonar's error shape, before the key check.
// For an error Sonar itself raises for an authorized request, prefer
// WithErrorForGUID.
func JSONError(status int, code, msg string) Fault {
	resp := jsonError(status, code, msg)
	return Respond(status, ContentTypeJSON, resp.body)
}

// HTML answers status with an HTML body, e.g. HTML(200, ProxyLoginPage).
func HTML(status int, body string) Fault {
	return Respond(status, "text/html; charset=utf-8", []byte(body))
}

// TooManyRequests answers 429 with a Retry-After header (delta-seconds or an
// HTTP-date, given as sent on the wire; "" sends none).
func TooManyRequests(retryAfter string) Fault {
	f := Status(http.StatusTooManyRequests)
	if retryAfter != "" {
		f = f.WithHeader("Retry-After", retryAfter)
	}
	return f
}

// Redirect answers status (301, 302, 307, 308, ...) with Location: location
// and an empty body. location is sent as given: absolute to test
// cross-origin redirects, or a path for same-origin ones.
func Redirect(status int, location string) Fault {
	return Respond(status, "", nil).WithHeader("Location", location)
}

// Truncate sends Sonar's answer with its full Content-Length but cuts the
// connection after n body bytes, so the client sees an unexpected EOF.
func Truncate(n int64) Fault { return OK().CutAfter(n) }

// Drop closes the connection without answering, like a reset before the
// response (a retryable connection error, SECURITY.md HTTP-10). Note that
// Go's Transport itself retries a GET once, silently, when a reused
// keep-alive connection fails this way; tests that count attempts should
// use a fresh connection (or DisableKeepAlives).
func Drop() Fault { return Fault{kind: kindDrop} }

// Hang never answers: the request is held until the client gives up or
// Server.Close is called, then the connection is closed.
func Hang() Fault { return Fault{kind: kindHang} }

// Huge answers 200 with a valid JSON ticket of exactly size bytes (a PLAIN
// ticket whose content is "AAAA..."), produced while it is sent so the
// server never holds it in memory. It tests the client's body size cap
// (SECURITY.md HTTP-7).
func Huge(size int64) Fault { return Fault{kind: kindHuge, hugeSize: size} }

// GzipBomb is Huge(size) sent with Content-Encoding: gzip and an honest
// Content-Length: about 1 KiB on the wire per MiB of JSON (1 GiB is about
// 1 MiB). It is one ordinary gzip member built from precompressed blocks, so
// even a 1 GiB bomb costs the server only what the client reads.
func GzipBomb(size int64) Fault { return Huge(size).Gzip() }

// Times makes the fault serve n requests before the next fault in the queue
// (or the normal answer) takes over. n <= 0 means every request.
func (f Fault) Times(n int) Fault {
	f.times = n
	return f
}

// After delays the fault by d.
func (f Fault) After(d time.Duration) Fault {
	f.delay = d
	return f
}

// WithHeader adds a response header (after the fault's own headers).
func (f Fault) WithHeader(key, value string) Fault {
	f.header = f.header.Clone()
	if f.header == nil {
		f.header = http.Header{}
	}
	f.header.Add(key, value)
	return f
}

// Gzip sends the body gzip-compressed with Content-Encoding: gzip.
func (f Fault) Gzip() Fault {
	f.gzip = true
	return f
}

// CutAfter closes the connection after n bytes of the body as sent on the
// wire (after Gzip), while the headers promised the whole body.
func (f Fault) CutAfter(n int64) Fault {
	f.cut, f.cutAfter = true, n
	return f
}

// serve writes the fault. Aborting with http.ErrAbortHandler is how a
// handler makes net/http close the connection without logging a panic.
func (f Fault) serve(w http.ResponseWriter, r *http.Request, guid string, sonar response, closing <-chan struct{}) {
	if f.delay > 0 && !wait(r, f.delay, closing) {
		panic(http.ErrAbortHandler)
	}
	switch f.kind {
	case kindHang:
		select {
		case <-r.Context().Done():
		case <-closing:
		}
		panic(http.ErrAbortHandler)
	case kindDrop:
		panic(http.ErrAbortHandler)
	}

	status, header, body := sonar.status, sonar.header.Clone(), sonar.body
	if f.hasBody {
		status, header, body = f.status, http.Header{}, f.body
		if status == 0 {
			status = http.StatusOK
		}
	}
	src := bytesBody(body)
	if f.kind == kindHuge {
		status, header = http.StatusOK, http.Header{"Content-Type": {ContentTypeJSON}}
		src = hugeBody(guid, f.hugeSize, f.gzip)
	} else if f.gzip {
		src = bytesBody(gzipBytes(body))
	}
	for k, v := range f.header {
		header[k] = append(header[k], v...)
	}
	if f.gzip {
		header.Set("Content-Encoding", "gzip")
	}

	h := w.Header()
	for k, v := range header {
		h[k] = v
	}
	h.Set("Content-Length", strconv.FormatInt(src.size, 10))
	w.WriteHeader(status)

	var out io.Writer = w
	if f.cut {
		out = &cutWriter{w: w, left: f.cutAfter}
	}
	if err := src.write(out); err != nil {
		return // the client stopped reading, as it should for Huge
	}
	if f.cut {
		abort(w)
	}
}

// payload is a response body of known size, written on demand so that huge
// bodies are never held in memory.
type payload struct {
	size  int64
	write func(io.Writer) error
}

func bytesBody(b []byte) payload {
	return payload{int64(len(b)), func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}}
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write(b) // writes to a bytes.Buffer cannot fail
	_ = zw.Close()
	return buf.Bytes()
}

// cutWriter passes through left bytes, then sends what it has and closes
// the connection.
type cutWriter struct {
	w    http.ResponseWriter
	left int64
}

func (c *cutWriter) Write(p []byte) (int, error) {
	if int64(len(p)) <= c.left {
		c.left -= int64(len(p))
		return c.w.Write(p)
	}
	_, _ = c.w.Write(p[:c.left])
	abort(c.w)
	return 0, nil // not reached
}

// abort flushes what was written, so the client really receives the partial
// body, then closes the connection.
func abort(w http.ResponseWriter) {
	_ = http.NewResponseController(w).Flush()
	panic(http.ErrAbortHandler)
}
