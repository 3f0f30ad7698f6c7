# A private cupsd for a test, sourced after lib.sh: its own configuration and
# spool under $tmp/cups, on a loopback port, stopped at exit. start_cupsd
# sets $server (host:port) for lpadmin -h and entrada's [printer] server;
# queues print into $tmp/out.
cupsd_pid=""
cleanup() {
    if [ -n "$cupsd_pid" ]; then
        kill "$cupsd_pid" 2>/dev/null || true
        wait "$cupsd_pid" 2>/dev/null || true # it may still be writing its spool
    fi
    [ -n "${KEEP:-}" ] || rm -rf "$tmp" 2>/dev/null || true
}

start_cupsd() {
    port=$((20000 + $$ % 20000))
    mkdir -p "$tmp/cups/spool" "$tmp/cups/cache" "$tmp/cups/state" "$tmp/cups/log" \
        "$tmp/cups/tmp" "$tmp/cups/ssl" "$tmp/out"
    cat >"$tmp/cups/cupsd.conf" <<CONF
Listen 127.0.0.1:$port
LogLevel warn
PreserveJobFiles ${CUPS_KEEP_JOBS:-Yes}
Browsing No
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
    cat >"$tmp/cups/cups-files.conf" <<CONF
ServerRoot $tmp/cups
RequestRoot $tmp/cups/spool
CacheDir $tmp/cups/cache
StateDir $tmp/cups/state
TempDir $tmp/cups/tmp
ErrorLog $tmp/cups/log/error_log
AccessLog $tmp/cups/log/access_log
PageLog $tmp/cups/log/page_log
ServerKeychain $tmp/cups/ssl
FileDevice Yes
CONF
    chmod 755 "$tmp" "$tmp"/cups "$tmp"/cups/* "$tmp/out"
    cupsd -f -c "$tmp/cups/cupsd.conf" -s "$tmp/cups/cups-files.conf" >"$tmp/cupsd.out" 2>&1 &
    cupsd_pid=$!
    server="127.0.0.1:$port"
    for i in $(seq 1 50); do
        cupsd_running && break
        sleep 0.1
    done
    cupsd_running || {
        echo "FAIL: cupsd did not start: $(cat "$tmp/cupsd.out" "$tmp/cups/log/error_log")"
        exit 1
    }
}

cupsd_running() { lpstat -h "$server" -r 2>/dev/null | grep -q "is running"; }
