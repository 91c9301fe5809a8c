#!/bin/bash
# Time to a usable list in the browser, as a user sees it (issue 18's "to the list on
# screen"): starts the command in a 120x40 tmux window, polls the screen every 10 ms until
# a dated list row is drawn, then prints the seconds and the process's VmRSS.
#   benches/to_list.sh LABEL ./target/release/sitrep --store /tmp/big1m.json
# Leave a few seconds between runs: a killed run may still be freeing its memory.
label=$1
shift
session="to-list-$$"
start=$(date +%s.%N)
tmux new-session -d -s "$session" -x 120 -y 40 "$*"
until tmux capture-pane -p -t "$session" 2>/dev/null | grep -qE '(19|20)[0-9][0-9]-[0-9][0-9]-[0-9][0-9]'; do
  sleep 0.01
done
end=$(date +%s.%N)
pid=$(tmux list-panes -t "$session" -F '#{pane_pid}' | head -1)
rss=$(grep VmRSS "/proc/$pid/status" 2>/dev/null | awk '{print $2}')
echo "$label: to the list $(echo "$end - $start" | bc) s; VmRSS ${rss:-?} kB"
tmux kill-session -t "$session"
