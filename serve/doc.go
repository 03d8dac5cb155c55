// Package serve runs sonar-tui as an SSH server (`sonar-tui serve`): every
// analyst of a team types `ssh -p 2222 soc-tools` and gets the full app,
// while the Sonar API key stays on the server.
//
// The package knows nothing of the root model: the caller gives a factory,
// Options.NewModel, which gets one Session per SSH session (identity,
// terminal, and the per-session API access) and returns a tea.Model.
//
// wish and charm.land/ssh have defaults that are unsafe for this job (with
// no auth handler they accept everyone; without a host key they write one
// into the working directory). The rules this package keeps, and the tests
// that hold them:
//
//   - Public keys only. Only a public-key handler is installed; there is no
//     password or keyboard-interactive handler, and New checks that before
//     serving. An authorized-keys file that is missing, empty or yields no
//     key stops the server from starting. At most three authentication
//     attempts per connection.
//   - Identity is the key that authenticated. A client may offer keys it
//     does not hold, and the order of key callbacks says nothing about which
//     key finally signed (the x/crypto CVE-2024-45337 class of bugs and Soft
//     Serve's impersonation advisories). The key callback therefore only
//     answers "is this key listed"; it logs nothing and stores nothing but a
//     fingerprint in the connection's permissions (and, for a key it
//     refuses, a note for that attempt's auth_failure record). The session handler takes
//     sess.PublicKey(), checks it against that fingerprint, and looks the
//     analyst up from it. The SSH user name the client chose is recorded as
//     an escaped attribute and never used as identity.
//   - authorized_keys hygiene. The file must be a regular file owned by the
//     service user (or root) and not writable by group or others; this is
//     checked at start and on every reload (SIGHUP). Options are honoured
//     (expiry-time=), accepted because the server enforces them anyway
//     (restrict, no-port-forwarding, no-agent-forwarding,
//     no-X11-forwarding, no-user-rc), carry the
//     identity (sonar-name=, sonar-user-guid=), or stop the start with a
//     clear error (from=, command=, permitopen= and all others): never
//     silently ignored. A reload that fails leaves no key authorised (fail
//     closed), and sessions whose key was removed are ended.
//   - Host key. Ed25519, mode 0600, owned by the service user. Without
//     --host-key, it lives in the sonar-tui state directory and is created
//     on first start; an explicitly named key that is missing is an error
//     unless --init-host-key is given. Never a file in the working
//     directory. Its SHA256 fingerprint is printed at start.
//   - Only the app. A PTY is required; exec requests get a message and exit
//     status 1 without anything being run; subsystems (sftp), port
//     forwarding (local and remote), X11 and agent forwarding are refused
//     (an agent request is acknowledged by the SSH library but no agent
//     channel is ever opened). Of the client's environment only TERM and
//     COLORTERM are read, and only to choose the colour depth. Nothing in a
//     session acts on the server machine: copy goes to the client's terminal
//     through OSC 52; PROXY protocol is never enabled.
//   - Time limits that mean something. Handshake 10 s; the transport idle
//     timeout of the SSH library is reset by every redraw and keepalive, so
//     the idle timeout here counts key presses (and mouse clicks, pastes)
//     only, default 15 minutes; an absolute limit of 8 hours per
//     connection.
//   - Resource limits. Before authentication: a cap on connections that have
//     no session yet, per source address and in total, and a per-address
//     connection rate. After: a global session cap (default 32) and a
//     per-key cap (default 3); the session over the limit gets one line and
//     is closed. Each session has its own API request rate limit. PTY sizes
//     from pty-req and window-change are clamped to 20..500 columns and
//     5..200 rows before any layout.
//   - Audit log. JSON lines, one record per event: session_start,
//     session_end, session_refused, auth_failure, ticket_view, queue_query
//     and keys_reload, with the session ID, the authenticating key's SHA256
//     fingerprint, the analyst, the remote address and the client's
//     version; an auth_failure for a public key names the fingerprint of
//     the key offered (at most MaxAuthTries records per connection, then
//     one record with the count); client-supplied strings are JSON-encoded (invalid UTF-8 kept
//     as \xNN), never interpolated, and the API key is never written. If a
//     ticket_view or queue_query record cannot be written the call fails
//     with ErrAuditUnavailable and the ticket is not shown.
//   - Retry notices. The shared client's "retrying in 2s" notices travel in
//     the request's context (api.ContextWithRetryNotify), so they reach
//     only the session whose request is being retried.
//   - Shutdown. SIGTERM/SIGINT stop accepting, tell every session why it is
//     closing, and close them within a few seconds.
//
// Every session shares one API client (the server's key) but gets its own
// decorators around it: bound to the session's context (cancelled when the
// session ends), rate-limited per session, and audited.
package serve
