#!/usr/bin/env bash
# Regenerates the README screenshots from real runs: the built binary on
# the demo server under tmux, captured with colours (capture-pane -e) and
# painted cell by cell on a fixed grid by screenshots/render, so each PNG
# matches the terminal cell for cell.
# Usage: screenshots/make.sh   (needs tmux, fonts-dejavu-core, fonts-nanum-coding)
set -euo pipefail
cd "$(dirname "$0")/.."
out=screenshots
bin=$(mktemp -d)/sonar-tui
go build -o "$bin" .
sock="sonar-shots-$$"
cleanup() { tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$(dirname "$bin")"; }
trap cleanup EXIT

home=$(mktemp -d)
command -v tmux >/dev/null || { echo "missing tmux: apt-get install tmux" >&2; exit 1; }
render=$(dirname "$bin")/render
go build -o "$render" ./screenshots/render
cols=120 rows=36
shoot() { # name, keys...
  local name=$1; shift
  for k in "$@"; do tmux -L "$sock" send-keys -t shots "$k"; sleep 0.3; done
  sleep 0.8
  tmux -L "$sock" capture-pane -p -e -t shots > "$out/$name.ansi"
  "$render" -cols "$cols" -rows "$rows" -o "$out/$name.png" "$out/$name.ansi" >/dev/null
  rm -f "$out/$name.ansi"
  echo "wrote $out/$name.png"
}

start() { # cols rows args...
  cols=$1 rows=$2; shift 2
  tmux -L "$sock" kill-server 2>/dev/null || true
  # A fresh server per run: a new session on a server still shutting down
  # fails ("server exited unexpectedly").
  runs=$((${runs:-0} + 1)); sock="sonar-shots-$$-$runs"
  tmux -L "$sock" -f /dev/null new-session -d -s shots -x "$cols" -y "$rows" \
    "env -i HOME=$home PATH=$PATH TERM=xterm-256color COLORTERM=truecolor LANG=C.UTF-8 TZ=Asia/Seoul $bin $*"
  sleep 2
}
open_guid() { # opens a ticket through the prompt
  tmux -L "$sock" send-keys -t shots o
  sleep 0.4
  tmux -L "$sock" send-keys -t shots -l "$1"
  sleep 0.3
  tmux -L "$sock" send-keys -t shots Enter
  sleep 1.5
}
esc() { # a lone ESC needs a pause, or the next key reads as alt+key
  tmux -L "$sock" send-keys -t shots Escape
  sleep 0.5
}

# The queue (the demo opens on it), and side by side with the card at 160+.
start 170 40 --demo
shoot queue-split
start 120 36 --demo
shoot queue
# The seed ticket: the triage card, then every pane.
open_guid 49272877-75f2-4c2f-9301-d21c4f9a106d
shoot summary 1
shoot event 2
shoot people 3
shoot comments 4
shoot help '?'
esc
tmux -L "$sock" send-keys -t shots o
sleep 0.5
shoot prompt
esc
# The Korean comment thread, to show Markdown and CJK widths.
open_guid 83d83bd2-acf9-41a3-834e-1dcf3a91a9b8
shoot thread-card 1
shoot thread 4 ']' ']' ']' ']'
