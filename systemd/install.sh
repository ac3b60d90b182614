#!/bin/bash
# Installs a Gers Solidaire node on Debian / Raspberry Pi OS (docs/installation-site.md,
# docs/installation-central.md). Run as root from a copy of the project:
#   sudo systemd/install.sh site AUCH        # a site's Raspberry Pi (till, kiosk, devices)
#   sudo systemd/install.sh central          # the central server (PostgreSQL, TLS proxy)
# It can be run again (upgrade): it never overwrites /etc/gers-solidaire/*.env nor the database.
set -euo pipefail

ROLE=${1:-}
NODE_CODE=${2:-}
SOURCE=$(cd "$(dirname "$0")/.." && pwd)
TARGET=/opt/gers-solidaire
ETC=/etc/gers-solidaire
BACKUPS=/var/backups/gers-solidaire

die() { echo "Erreur : $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "lancez ce script en root (sudo)."
case "$ROLE" in
  site) [ -n "$NODE_CODE" ] || die "indiquez le code du site : install.sh site AUCH" ;;
  central) ;;
  *) die "rôle inconnu « $ROLE » : install.sh site CODE  ou  install.sh central" ;;
esac

echo "== Paquets Debian"
apt-get update -qq
if [ "$ROLE" = site ]; then
  # pywebview's GTK backend comes from Debian (python3-gi, WebKitGTK); X without a desktop.
  PACKAGES="python3-venv python3-gi gir1.2-webkit2-4.1 xserver-xorg xinit x11-xserver-utils
            xserver-xorg-legacy matchbox-window-manager sqlite3"
else
  PACKAGES="python3-venv postgresql postgresql-client nginx"
fi
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES >/dev/null

echo "== Utilisateur gers"
id gers >/dev/null 2>&1 || useradd --system --home-dir /var/lib/gers-solidaire --no-create-home \
  --shell /usr/sbin/nologin gers

echo "== Code dans $TARGET"
if [ "$SOURCE" != "$TARGET" ]; then
  mkdir -p "$TARGET"
  cp -a "$SOURCE"/. "$TARGET"/
  rm -rf "$TARGET/.venv" "$TARGET/var"
fi
EXTRA=$([ "$ROLE" = site ] && echo kiosk || echo central)
# --system-site-packages: the venv sees Debian's python3-gi (pywebview's GTK backend).
[ -x "$TARGET/.venv/bin/python" ] || python3 -m venv --system-site-packages "$TARGET/.venv"
"$TARGET/.venv/bin/pip" install --quiet --upgrade pip
"$TARGET/.venv/bin/pip" install --quiet "$TARGET[$EXTRA]"

echo "== Configuration $ETC"
install -d -m 0750 -o root -g gers "$ETC"
install -d -m 0700 -o gers -g gers "$BACKUPS"
if [ "$ROLE" = site ] && [ ! -e "$ETC/site.env" ]; then
  printf 'GERS_ROLE=site\nGERS_NODE_CODE=%s\n' "$NODE_CODE" > "$ETC/site.env"
fi
if [ "$ROLE" = central ] && [ ! -e "$ETC/central.env" ]; then
  runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_roles WHERE rolname='gers'" | grep -q 1 \
    || runuser -u postgres -- createuser gers
  runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname='gers_solidaire'" | grep -q 1 \
    || runuser -u postgres -- createdb -O gers gers_solidaire
  # Peer authentication on the local socket: no password to keep.
  printf 'GERS_ROLE=central\nGERS_DATABASE_URL=postgresql://gers@/gers_solidaire?host=/var/run/postgresql\n' \
    > "$ETC/central.env"
fi
chmod 0640 "$ETC"/*.env && chgrp gers "$ETC"/*.env

echo "== Unités systemd"
UNITS="gers-solidaire-backup.service gers-solidaire-backup.timer gers-solidaire-purge.service gers-solidaire-purge.timer"
if [ "$ROLE" = site ]; then
  UNITS="$UNITS gers-solidaire-site.service gers-solidaire-kiosk.service gers-solidaire-sync.service gers-solidaire-sync.timer"
  install -m 0644 "$TARGET/systemd/99-gers-solidaire.rules" /etc/udev/rules.d/
  udevadm control --reload && udevadm trigger
  # X started by the kiosk unit for the user gers.
  printf 'allowed_users=anybody\nneeds_root_rights=yes\n' > /etc/X11/Xwrapper.config
  # The SD card: journal in memory only (lost at reboot, the card is spared), 30 MB at most.
  install -d /etc/systemd/journald.conf.d
  printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=30M\n' > /etc/systemd/journald.conf.d/gers-solidaire.conf
  systemctl restart systemd-journald
  systemctl set-default graphical.target
else
  UNITS="$UNITS gers-solidaire-central.service gers-solidaire-rebalance.service gers-solidaire-rebalance.timer gers-solidaire-prices.service gers-solidaire-prices.timer"
  install -m 0644 "$TARGET/systemd/nginx-gers-solidaire-central.conf" /etc/nginx/sites-available/gers-solidaire
  echo "   Proxy TLS : lisez docs/installation-central.md (certificat, lien dans sites-enabled)."
fi
for unit in $UNITS; do
  install -m 0644 "$TARGET/systemd/$unit" /etc/systemd/system/
done
systemctl daemon-reload
ENABLE=$(echo "$UNITS" | tr ' ' '\n' | grep -E '\.timer$|site\.service|kiosk\.service|central\.service')
# shellcheck disable=SC2086
systemctl enable --now $ENABLE
echo "== Terminé : $(systemctl is-active gers-solidaire-$ROLE.service) ($ROLE)"
