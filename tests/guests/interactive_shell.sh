#!/usr/bin/env bash
# Type at Debian's busybox shell on ppcvm through a real terminal (tmux), as a user would:
# the prompt appears, typed commands run (arithmetic, pipes, command substitution, a sleep),
# Ctrl-A H prints the escape help, and `poweroff -f` ends ppcvm with status 0. A second
# session checks that Ctrl-A X quits a running guest and leaves the terminal as it was.
# usage: interactive_shell.sh PPCVM [ppcvm options...]      (exit 77: tmux missing)
set -u
ppcvm=$(realpath "$1"); shift
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }
"$top/scripts/fetch-guest-images.sh" >/dev/null || { echo "FAIL: cannot fetch the Debian images"; exit 1; }
# shellcheck disable=SC1091
. "$top/guests/cache/images.env"
initrd="$top/$("$top/scripts/build-initramfs.sh" "$top/guests/init-shell.sh")" || exit 1
sock="ppcvm-test-$$"
work=$(mktemp -d)
cleanup() { tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
t() { tmux -L "$sock" "$@"; }
screen() { t capture-pane -p -S -200 -t vm; }
# wait_for PATTERN SECONDS: poll the screen until PATTERN (extended regex) shows.
wait_for() {
  local i
  for ((i = 0; i < $2 * 4; i++)); do
    screen | grep -qE -- "$1" && return 0
    sleep 0.25
  done
  echo "FAIL: no /$1/ on the screen after $2 s; the screen:"; screen | tail -n 25
  exit 1
}
run_vm() {
  local attempt
  for attempt in 1 2 3; do
    start_vm "$@"
    sleep 1
    t has-session -t vm 2>/dev/null && return 0
    echo "note: the tmux session did not start (attempt $attempt)"
  done
  echo "FAIL: tmux could not start a session"; exit 1
}
start_vm() {
  t new-session -d -s vm -x 132 -y 50 \
    "stty -g > $work/stty.before; $ppcvm -M pseries -m 1G -nographic -kernel $VMLINUX \
     -initrd $initrd -append 'console=hvc0 quiet' $*; echo \"PPCVM-EXIT=\$?\"; \
     stty -g > $work/stty.after; sleep 600"
}

run_vm "$@"
wait_for '^/ #$' 240
t send-keys -t vm 'echo "answer=$((6*7))"' Enter
wait_for '^answer=42' 30
t send-keys -t vm 'x=$(uname -m); echo "arch=$x"; seq 1 500 | grep -c 7' Enter
wait_for '^arch=ppc64le' 30
wait_for '^95$' 30
t send-keys -t vm 'sleep 1; echo "slept-$((1+1))"' Enter
wait_for '^slept-2' 30
t send-keys -t vm C-a h
wait_for 'C-a x +exit ppcvm' 10
t send-keys -t vm 'poweroff -f' Enter
wait_for 'PPCVM-EXIT=' 60
screen | grep -q 'PPCVM-EXIT=0' || { echo "FAIL: poweroff did not exit 0"; screen | tail; exit 1; }
cmp -s "$work/stty.before" "$work/stty.after" || { echo "FAIL: terminal modes not restored"; exit 1; }
t kill-session -t vm

run_vm "$@"
wait_for '^/ #$' 240
t send-keys -t vm C-a x
wait_for 'PPCVM-EXIT=' 30
cmp -s "$work/stty.before" "$work/stty.after" || { echo "FAIL: terminal modes not restored after C-a x"; exit 1; }
screen | grep -E 'PPCVM-EXIT|ppcvm:' | tail -n 3
echo PASS
