#!/bin/bash
# Time to search ready in the browser, as a user sees it (issue 18's "first keystroke
# answered"): starts the command in a 120x40 tmux window, types `/` and a query at once
# (keys typed while the store loads are kept for the browser), and polls the screen every
# 10 ms until the search overlay shows its count of matches. Prints the seconds.
#   benches/to_search.sh LABEL QUERY ./target/release/sitrep --store /tmp/big1m.json
label=$1
query=$2
shift 2
session="to-search-$$"
start=$(date +%s.%N)
tmux new-session -d -s "$session" -x 120 -y 40 "$*"
sleep 0.05
tmux send-keys -t "$session" "/" && tmux send-keys -t "$session" -l "$query"
until tmux capture-pane -p -t "$session" 2>/dev/null | grep -qE '[0-9]+ match\(es\)'; do
  sleep 0.01
done
end=$(date +%s.%N)
echo "$label: search for '$query' answered $(echo "$end - $start" | bc) s"
tmux kill-session -t "$session"
