# What the end-to-end test scripts share; sourced after they set $entrada.
# A scratch directory $tmp, removed at exit (kept with KEEP=1, to look at);
# fail() counts a failure and carries on; run() runs entrada and checks its
# exit status, keeping its output in $tmp/out and $tmp/err; finish() ends
# the script with the verdict.
tmp=$(mktemp -d)
cleanup() { [ -n "${KEEP:-}" ] || rm -rf "$tmp"; }
trap cleanup EXIT
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
# run STATUS ARGS...: run entrada ARGS, expecting exit status STATUS.
run() {
    want=$1
    shift
    status=0
    "$entrada" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
    [ "$status" = "$want" ] || fail "entrada $*: exit $status, expected $want; $(cat "$tmp/err")"
}
out_has() { grep -qF -- "$1" "$tmp/out" || fail "output lacks \"$1\": $(head -c 600 "$tmp/out")"; }
err_has() { grep -qF -- "$1" "$tmp/err" || fail "error lacks \"$1\": $(cat "$tmp/err")"; }
# finish NAME: exit 1 after any failure.
finish() {
    if [ "$failures" -gt 0 ]; then
        echo "$1: $failures failures"
        exit 1
    fi
    echo "$1: all checks passed"
}
