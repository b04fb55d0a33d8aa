#!/bin/sh
# The wrapper `seedfl up --wrap` starts every role through when Scripts/netlab.sh runs a
# topology: `netlab-exec.sh ROLE PROGRAM ARGS...` execs PROGRAM inside ROLE's network
# namespace. `ip netns exec` execs in place, so the role keeps the process id the launcher
# signals and measures. NETLAB_PREFIX names the lab's namespaces (set by netlab.sh).
set -eu
role=$1
shift
case $role in
    broker | evaluator | forwarder) host=broker ;;
    aggregator-*) host=agg ;;
    trainer-*) host="t${role#trainer-}" ;;
    *) echo "netlab-exec: no host for role '$role'" >&2; exit 2 ;;
esac
exec ip netns exec "${NETLAB_PREFIX:?set by Scripts/netlab.sh}-$host" "$@"
