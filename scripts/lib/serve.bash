# Sourced by the scripts that drive a live service (fuzz-api, storage-per-verification): starts the built
# `pooya serve` over a data folder on loopback, on free ports, and stops it.
#
#     pooya_serve FOLDER    serves FOLDER/data, logs to FOLDER/serve.out and serve.err; sets $server (its pid),
#                           $url (the API) and $management (metrics and probes), or prints why it did not start and
#                           exits. The caller's environment reaches the service (POOYA_LIMITS_…=… pooya_serve …).
#     pooya_stop            stops it and waits for it; safe to call twice, and from an EXIT trap.
#
# The caller sets $pooya to the binary.

pooya_serve() {
    local folder="$1"
    "$pooya" serve --data "$folder/data" --port 0 --management-port 0 >"$folder/serve.out" 2>"$folder/serve.err" &
    server=$!
    for _ in $(seq 100); do
        url=$(sed -n 's|^Pooya is listening on \(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$folder/serve.out" | head -n 1)
        management=$(sed -n 's|^Metrics and probes on \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$folder/serve.out" \
            | head -n 1)
        if [ -n "$url" ] && [ -n "$management" ]; then return 0; fi
        sleep 0.1
    done
    echo "$0: pooya serve did not start:" >&2
    cat "$folder/serve.err" >&2
    exit 1
}

pooya_stop() {
    if [ -n "${server:-}" ]; then
        kill -TERM "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    server=""
}
