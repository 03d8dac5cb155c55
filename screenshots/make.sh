#!/usr/bin/env bash
# Regenerates the README screenshots from real runs: the built binary on
# the demo server under tmux, captured with colours and turned into PNGs by
# freeze. Usage: screenshots/make.sh   (needs tmux; freeze runs via go run)
set -euo pipefail
cd "$(dirname "$0")/.."
out=screenshots
bin=$(mktemp -d)/sonar-tui
go build -o "$bin" .
sock="sonar-shots-$$"
cleanup() { tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$(dirname "$bin")"; }
trap cleanup EXIT

home=$(mktemp -d)
for tool in tmux rsvg-convert fc-list; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install tmux librsvg2-bin fontconfig" >&2; exit 1; }
done
fc-list | grep -q NanumGothicCoding || { echo "missing font: apt-get install fonts-nanum-coding" >&2; exit 1; }
shoot() { # name, keys...
  local name=$1; shift
  for k in "$@"; do tmux -L "$sock" send-keys -t shots "$k"; sleep 0.3; done
  sleep 0.8
  # freeze does not reset on SGR 49/39 (default background/foreground), which
  # tmux uses: turn them into a full reset so colours do not bleed.
  tmux -L "$sock" capture-pane -p -e -t shots | sed -e 's/\x1b\[49m/\x1b[0m/g' -e 's/\x1b\[39m/\x1b[0m/g' > "$out/$name.ansi"
  go run github.com/charmbracelet/freeze@v0.2.2 --language ansi --window \
    --font.family NanumGothicCoding --font.size 14 --padding 20 \
    --output "$out/$name.svg" "$out/$name.ansi" >/dev/null
  rsvg-convert --zoom 1.5 "$out/$name.svg" > "$out/$name.png"
  rm -f "$out/$name.ansi" "$out/$name.svg"
  echo "wrote $out/$name.png"
}

tmux -L "$sock" -f /dev/null new-session -d -s shots -x 120 -y 36 \
  "env -i HOME=$home PATH=$PATH TERM=xterm-256color COLORTERM=truecolor LANG=C.UTF-8 TZ=Asia/Seoul $bin --demo"
sleep 2
shoot summary 1
shoot event 2
shoot people 3
shoot comments 4
shoot help '?'
# A lone ESC needs a pause, or the next key reads as alt+key.
tmux -L "$sock" send-keys -t shots Escape
sleep 0.5
tmux -L "$sock" send-keys -t shots o
sleep 0.5
shoot prompt
# The Korean comment thread, to show Markdown and CJK widths.
tmux -L "$sock" send-keys -t shots Escape
sleep 0.5
tmux -L "$sock" send-keys -t shots o
sleep 0.3
tmux -L "$sock" send-keys -t shots -l 83d83bd2-acf9-41a3-834e-1dcf3a91a9b8
tmux -L "$sock" send-keys -t shots Enter
sleep 1.5
shoot thread 4 ']' ']' ']' ']'
