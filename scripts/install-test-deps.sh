#!/usr/bin/env bash
# Installs the real servers the tests run against (nats-server and the Debian Prometheus peers)
# when any is missing. Needs root and apt (Debian bookworm); prints what it did.
set -euo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }
have nats-server || need+=(nats-server)
have prometheus || need+=(prometheus)
have promtool || need+=(prometheus)
have prometheus-alertmanager || need+=(prometheus-alertmanager)
have prometheus-pushgateway || need+=(prometheus-pushgateway)
have prometheus-node-exporter || need+=(prometheus-node-exporter)
if [ ${#need[@]} -eq 0 ]; then
  echo "test deps: all present"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "test deps missing: ${need[*]}; run as root or: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "test deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# The Debian packages try to start their services; tests start their own on loopback.
for s in prometheus prometheus-alertmanager prometheus-pushgateway prometheus-node-exporter; do
  (command -v systemctl >/dev/null && systemctl stop "$s" 2>/dev/null) || true
done
echo "test deps: installed"
